import fs from 'node:fs';
import path from 'node:path';
import { defaultPorts } from '@sessionscope/shared/config';
import { readPidFile, startDetached, stopProcess, tailOfFile, waitFor, writePidFile, type PidFileProcess } from '@sessionscope/stack';
import type { CliContext } from './cli-context';

export type AppName = 'ingestion' | 'sessionization' | 'gateway';

export type AppService = { name: AppName; port: number; healthPath: string };

/** Started in this order; the gateway last, so it answers once what feeds it runs. */
export const appServices: AppService[] = [
  { name: 'ingestion', port: defaultPorts.ingestion, healthPath: '/health' },
  { name: 'sessionization', port: defaultPorts.sessionization, healthPath: '/health' },
  { name: 'gateway', port: defaultPorts.gateway, healthPath: '/api/v1/health' },
];

const host = '127.0.0.1';
const healthTimeoutMs = 60_000;
const stopGraceMs = 10_000;

export const baseUrlOf = (service: AppService) => `http://${host}:${service.port}`;

export function appFiles(context: CliContext, service: AppService) {
  return {
    source: path.join(context.paths.root, 'apps', service.name, 'src', 'main.ts'),
    entry: path.join(context.paths.root, 'dist', 'apps', service.name, 'src', 'main.js'),
    /** A substring of the process's command line: how a pid is recognised as this checkout's app. */
    commandMarker: path.join(context.paths.root, 'dist', 'apps', service.name, 'src', 'main.js'),
    pidFile: path.join(context.paths.runDir, `${service.name}.pid`),
    logFile: path.join(context.paths.logsDir, `${service.name}.log`),
  };
}

export type AppState = {
  service: AppService;
  url: string;
  healthy: boolean;
  process: PidFileProcess | null;
  sourceExists: boolean;
};

/** GET <health path> at `url` (where `up` starts it, unless told otherwise): healthy means a 2xx within two seconds. */
export async function isHealthy(service: AppService, url = baseUrlOf(service)): Promise<boolean> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}${service.healthPath}`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function appState(context: CliContext, service: AppService, url = baseUrlOf(service)): Promise<AppState> {
  const files = appFiles(context, service);
  return {
    service,
    url,
    healthy: await isHealthy(service, url),
    process: readPidFile(files.pidFile, files.commandMarker),
    sourceExists: fs.existsSync(files.source),
  };
}

export type StartOutcome =
  | { kind: 'missing'; message: string }
  | { kind: 'reused'; message: string; stale: boolean }
  | { kind: 'started'; message: string }
  | { kind: 'failed'; message: string };

/**
 * Starts one app detached from dist (node dist/apps/<app>/src/main.js), unless it already answers
 * (then it is reused, whoever started it). Resolves once its health answers, or with why it did not.
 */
export async function startApp(context: CliContext, service: AppService): Promise<StartOutcome> {
  const files = appFiles(context, service);
  const state = await appState(context, service);
  const shownLog = path.relative(context.paths.root, files.logFile);
  if (!state.sourceExists) {
    return { kind: 'missing', message: `apps/${service.name}/src/main.ts does not exist yet: ${service.name} cannot be started` };
  }
  const builtAtMs = statMs(context.paths.buildStamp);
  if (state.healthy) {
    const owner = state.process?.alive ? `pid ${state.process.pid}` : 'not started from this checkout';
    const stale = Boolean(state.process?.alive && builtAtMs > state.process.startedAtMs);
    return { kind: 'reused', stale, message: `${service.name} already answers at ${state.url} (${owner})` };
  }
  if (!fs.existsSync(files.entry)) {
    return { kind: 'failed', message: `${path.relative(context.paths.root, files.entry)} is missing: the build did not produce it` };
  }

  let pid: number;
  if (state.process?.alive) {
    pid = state.process.pid;
    context.log.info(`${service.name} (pid ${pid}) is running but not healthy yet: waiting for it`);
  } else {
    fs.mkdirSync(path.dirname(files.logFile), { recursive: true });
    fs.appendFileSync(files.logFile, `\n--- ${new Date().toISOString()} sessionscope up: starting ${service.name} on ${state.url}\n`);
    pid = await startDetached(process.execPath, ['--enable-source-maps', files.entry], {
      cwd: context.paths.root,
      logFile: files.logFile,
      env: {
        ...context.childEnv,
        HOST: host,
        PORT: String(service.port),
        NATS_URL: context.config.NATS_URL,
        REDIS_URL: context.config.REDIS_URL,
        OPENSEARCH_URL: context.config.OPENSEARCH_URL,
      },
    });
    writePidFile(files.pidFile, pid);
    context.log.info(`started ${service.name} (pid ${pid}, log ${shownLog})`);
  }

  let exited = false;
  const healthy = await waitFor(
    async () => {
      if (!readPidFile(files.pidFile, files.commandMarker)?.alive) {
        exited = true;
        return false;
      }
      return (await isHealthy(service)) ? true : undefined;
    },
    { timeoutMs: healthTimeoutMs, intervalMs: 300 },
  );
  if (healthy) return { kind: 'started', message: `${service.name} answers at ${state.url} (pid ${pid})` };
  const tail = tailOfFile(files.logFile, 15);
  const why = exited ? 'exited while starting' : `did not answer ${service.healthPath} within ${healthTimeoutMs / 1000} s`;
  return { kind: 'failed', message: `${service.name} ${why}; ${shownLog} ends with:\n${tail || '(empty log)'}` };
}

export type StopOutcome = { stopped: boolean; message: string };

/** Stops an app started from this checkout: SIGTERM, SIGKILL after ten seconds. */
export async function stopApp(context: CliContext, service: AppService): Promise<StopOutcome> {
  const files = appFiles(context, service);
  const running = readPidFile(files.pidFile, files.commandMarker);
  if (running?.alive) {
    const ended = await stopProcess(running.pid, stopGraceMs);
    fs.rmSync(files.pidFile, { force: true });
    return { stopped: true, message: `${service.name} (pid ${running.pid}) ${ended === 'killed' ? 'was killed after ignoring SIGTERM' : 'stopped'}` };
  }
  if (running) fs.rmSync(files.pidFile, { force: true });
  if (await isHealthy(service)) {
    return { stopped: false, message: `${service.name} answers at ${baseUrlOf(service)} but was not started from this checkout: left running` };
  }
  return { stopped: false, message: `${service.name} was not running` };
}

function statMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
