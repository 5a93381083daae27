import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined, or `timeoutMs` passes
 * (then resolves undefined). `onWait` is told the elapsed time after each miss, for progress lines.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; onWait?: (elapsedMs: number) => void },
): Promise<T | undefined> {
  const startedMs = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const elapsedMs = Date.now() - startedMs;
    if (elapsedMs >= options.timeoutMs) return undefined;
    options.onWait?.(elapsedMs);
    await sleep(Math.min(options.intervalMs ?? 500, options.timeoutMs - elapsedMs));
  }
}

/** True while the process exists and is not a zombie (a zombie still accepts signal 0). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** The command line of a process, or null where /proc is not readable (then identity cannot be checked). */
export function commandLineOf(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

export type PidFileProcess = { pid: number; alive: boolean; startedAtMs: number };

/**
 * Reads a pid file and says whether that process still runs as `expectedCommand` (a substring of its
 * command line): a pid reused by an unrelated process after a reboot counts as not running.
 */
export function readPidFile(pidFile: string, expectedCommand: string): PidFileProcess | null {
  let text: string;
  let startedAtMs: number;
  try {
    text = fs.readFileSync(pidFile, 'utf8').trim();
    startedAtMs = fs.statSync(pidFile).mtimeMs;
  } catch {
    return null;
  }
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) return { pid: 0, alive: false, startedAtMs };
  const commandLine = commandLineOf(pid);
  const alive = isProcessAlive(pid) && (commandLine === null || commandLine.includes(expectedCommand));
  return { pid, alive, startedAtMs };
}

export function writePidFile(pidFile: string, pid: number): void {
  fs.mkdirSync(path.dirname(pidFile), { recursive: true });
  fs.writeFileSync(pidFile, `${pid}\n`);
}

/**
 * Starts a process that outlives its parent: its own process group, output appended to `logFile`,
 * not waited for. Resolves with its pid once it has been spawned.
 */
export function startDetached(
  command: string,
  args: string[],
  options: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<number> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const logFd = fs.openSync(options.logFile, 'a');
  try {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', logFd, logFd] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve(child.pid as number);
      });
    });
  } finally {
    fs.closeSync(logFd);
  }
}

/** SIGTERM, then SIGKILL when the process has not exited after `graceMs`. Resolves how it ended. */
export async function stopProcess(pid: number, graceMs: number): Promise<'not-running' | 'terminated' | 'killed'> {
  if (!isProcessAlive(pid)) return 'not-running';
  signal(pid, 'SIGTERM');
  const exited = await waitFor(async () => (isProcessAlive(pid) ? undefined : true), { timeoutMs: graceMs, intervalMs: 200 });
  if (exited) return 'terminated';
  signal(pid, 'SIGKILL');
  await waitFor(async () => (isProcessAlive(pid) ? undefined : true), { timeoutMs: 5000, intervalMs: 100 });
  return 'killed';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The last `lineCount` lines of a log file, for error messages; empty when it cannot be read. */
export function tailOfFile(file: string, lineCount = 20): string {
  try {
    const size = fs.statSync(file).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, buffer, 0, length, size - length);
    } finally {
      fs.closeSync(fd);
    }
    return buffer.toString('utf8').split('\n').filter((line) => line.trim() !== '').slice(-lineCount).join('\n');
  } catch {
    return '';
  }
}

/** Absolute path of an executable at one of `candidates` or on `searchPath` (a PATH value), or null. */
export function findExecutable(name: string, candidates: string[], searchPath: string): string | null {
  const onPath = searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  return [...candidates, ...onPath].find(isExecutable) ?? null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
