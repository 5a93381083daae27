import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@sessionscope/shared/errors';
import { endpointOf, isLocalDefault, localDefaultUrls, redactUrl } from './endpoints';
import { isPortOpen, probeOpenSearch } from './probes';
import { isProcessAlive, readPidFile, startDetached, stopProcess, tailOfFile, waitFor, writePidFile } from './local-processes';
import { launcherPaths, prepareLauncher } from './opensearch-jars';
import type { EnsureResult, StackLog } from './system-daemons';

/** The launcher's main class: how a pid is recognised as a local OpenSearch node. */
const launcherClass = 'LocalOpenSearch';

export type OpenSearchOptions = {
  /** Repository root: tools/opensearch holds the launcher, tmp/opensearch the node's data, log and pid. */
  rootDir: string;
  url?: string;
  log?: StackLog;
  /** How long to wait for cluster health yellow or green; 180 s by default. */
  healthTimeoutMs?: number;
  heapMb?: number;
  transportPort?: number;
};

/** Where the local node keeps its state; all under tmp/ (git-ignored). */
export function openSearchPaths(rootDir: string) {
  const stateDir = path.join(rootDir, 'tmp', 'opensearch');
  return {
    stateDir,
    homeDir: path.join(stateDir, 'home'),
    logFile: path.join(stateDir, 'opensearch.log'),
    pidFile: path.join(stateDir, 'opensearch.pid'),
    /** Held while one process starts the node, so two CLIs never start two nodes. */
    lockFile: path.join(stateDir, 'starting.lock'),
  };
}

/**
 * Makes sure OpenSearch answers at `url` with health yellow or green. A node that already answers (or
 * is starting) is reused, whoever started it. Only the local default URL is ever started: then the
 * Maven jars are resolved and the launcher compiled when needed, and the node runs detached (it survives
 * the caller) with its data, log and pid file in tmp/opensearch/.
 */
export async function ensureOpenSearch(options: OpenSearchOptions): Promise<EnsureResult> {
  const url = options.url ?? localDefaultUrls.opensearch;
  const log = options.log ?? (() => undefined);
  const healthTimeoutMs = options.healthTimeoutMs ?? 180_000;
  const paths = openSearchPaths(options.rootDir);
  const shown = redactUrl(url);

  const first = await probeOpenSearch(url);
  if (first.up) return { service: 'opensearch', url, started: false, detail: first.detail };

  if (!isLocalDefault('opensearch', url)) {
    const remote = await waitForHealth(url, { timeoutMs: Math.min(healthTimeoutMs, 15_000), log, shown });
    if (remote) return { service: 'opensearch', url, started: false, detail: remote };
    throw new AppError(
      'unavailable',
      'OPENSEARCH_UNAVAILABLE',
      `OpenSearch at ${shown} is ${first.detail}. OPENSEARCH_URL points elsewhere than the local default ` +
        `(${localDefaultUrls.opensearch}), so nothing is started here: start that cluster or unset OPENSEARCH_URL.`,
    );
  }

  const endpoint = endpointOf('opensearch', url);
  let startedPid: number | null = null;
  const running = readPidFile(paths.pidFile, launcherClass);
  if (running?.alive) {
    log(`OpenSearch (pid ${running.pid}) is starting: waiting for it`);
  } else if (await isPortOpen(endpoint)) {
    log(`something listens on port ${endpoint.port} but is not healthy yet (${first.detail}): waiting for it`);
  } else {
    startedPid = await startUnderLock(options, endpoint.port, log);
  }

  const detail = await waitForHealth(url, { timeoutMs: healthTimeoutMs, log, shown, pid: startedPid ?? running?.pid });
  if (!detail) {
    const tail = tailOfFile(paths.logFile, 15);
    throw new AppError(
      'unavailable',
      'OPENSEARCH_UNAVAILABLE',
      `OpenSearch at ${shown} did not reach health yellow or green within ${Math.round(healthTimeoutMs / 1000)} s; ` +
        `its log is ${paths.logFile}${tail ? `, which ends with:\n${tail}` : ''}`,
    );
  }
  if (startedPid !== null) log(`OpenSearch is up at ${shown} (${detail}, pid ${startedPid}, log ${path.relative(options.rootDir, paths.logFile)})`);
  return { service: 'opensearch', url, started: startedPid !== null, detail };
}

async function startUnderLock(options: OpenSearchOptions, httpPort: number, log: StackLog): Promise<number | null> {
  const paths = openSearchPaths(options.rootDir);
  fs.mkdirSync(paths.stateDir, { recursive: true });
  if (!acquireLock(paths.lockFile)) {
    log('another process is starting OpenSearch: waiting for it');
    return null;
  }
  try {
    // Checked again under the lock: a node may have been started between the first look and now.
    if (readPidFile(paths.pidFile, launcherClass)?.alive || (await isPortOpen({ host: '127.0.0.1', port: httpPort }))) return null;
    prepareLauncher(options.rootDir, log);
    const launcher = launcherPaths(options.rootDir);
    const heapMb = options.heapMb ?? 512;
    fs.appendFileSync(paths.logFile, `\n--- ${new Date().toISOString()} starting LocalOpenSearch on port ${httpPort}\n`);
    const pid = await startDetached(
      'java',
      [
        `-Xms${heapMb}m`,
        `-Xmx${heapMb}m`,
        '-Djava.awt.headless=true',
        '-cp',
        `${path.join(launcher.libDir, '*')}${path.delimiter}${launcher.classesDir}`,
        launcherClass,
        paths.homeDir,
        String(httpPort),
        String(options.transportPort ?? 9300),
      ],
      { logFile: paths.logFile, cwd: paths.stateDir },
    ).catch((error: unknown) => {
      throw new AppError('unavailable', 'OPENSEARCH_START_FAILED', 'java could not be started; install a JDK 17 (apt-get install -y openjdk-17-jdk-headless)', {
        cause: error,
      });
    });
    writePidFile(paths.pidFile, pid);
    log(`started OpenSearch (pid ${pid}, ${heapMb} MB heap, data in ${path.relative(options.rootDir, paths.homeDir)}): waiting for cluster health`);
    return pid;
  } finally {
    fs.rmSync(paths.lockFile, { force: true });
  }
}

/** Takes the lock file; a lock whose holder died is taken over. */
function acquireLock(lockFile: string): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) return false;
      fs.rmSync(lockFile, { force: true });
    }
  }
  return false;
}

async function waitForHealth(
  url: string,
  options: { timeoutMs: number; log: StackLog; shown: string; pid?: number | null },
): Promise<string | undefined> {
  let lastDetail = 'not answering';
  let nextReportMs = 10_000;
  return waitFor(
    async () => {
      if (options.pid && !isProcessAlive(options.pid)) {
        throw new AppError('unavailable', 'OPENSEARCH_START_FAILED', `OpenSearch (pid ${options.pid}) exited while starting`);
      }
      const probe = await probeOpenSearch(url);
      lastDetail = probe.detail;
      return probe.up ? probe.detail : undefined;
    },
    {
      timeoutMs: options.timeoutMs,
      intervalMs: 1000,
      onWait: (elapsedMs) => {
        if (elapsedMs < nextReportMs) return;
        nextReportMs += 10_000;
        options.log(`waiting for OpenSearch at ${options.shown}: ${lastDetail} after ${Math.round(elapsedMs / 1000)} s (timeout ${Math.round(options.timeoutMs / 1000)} s)`);
      },
    },
  );
}

export type StopResult = { stopped: boolean; detail: string };

/**
 * Stops the node started from this checkout (the pid in tmp/opensearch/opensearch.pid): SIGTERM, then
 * SIGKILL after `graceMs` (30 s). A node started some other way is left alone.
 */
export async function stopOpenSearch(options: { rootDir: string; log?: StackLog; graceMs?: number }): Promise<StopResult> {
  const paths = openSearchPaths(options.rootDir);
  const log = options.log ?? (() => undefined);
  const running = readPidFile(paths.pidFile, launcherClass);
  if (!running) return { stopped: false, detail: `no OpenSearch was started from this checkout (no ${path.relative(options.rootDir, paths.pidFile)})` };
  if (!running.alive) {
    fs.rmSync(paths.pidFile, { force: true });
    return { stopped: false, detail: `OpenSearch (pid ${running.pid}) was not running; removed its stale pid file` };
  }
  log(`stopping OpenSearch (pid ${running.pid})`);
  const ended = await stopProcess(running.pid, options.graceMs ?? 30_000);
  fs.rmSync(paths.pidFile, { force: true });
  return { stopped: true, detail: ended === 'killed' ? `OpenSearch (pid ${running.pid}) did not stop after SIGTERM and was killed` : `OpenSearch (pid ${running.pid}) stopped` };
}
