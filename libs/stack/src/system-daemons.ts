import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '@sessionscope/shared/errors';
import { endpointOf, isLocalDefault, localDefaultUrls, redactUrl, type Endpoint, type StackServiceName } from './endpoints';
import { findExecutable, startDetached, waitFor } from './local-processes';
import { probeNats, probeRedis, type ProbeResult } from './probes';

export type StackLog = (line: string) => void;

export type EnsureResult = { service: StackServiceName; url: string; started: boolean; detail: string };

export type EnsureDaemonOptions = {
  url?: string;
  log?: StackLog;
  /** Run `apt-get install` when the server binary is missing (only works as root on Debian). */
  installMissing?: boolean;
  /** Where to look for binaries besides the usual Debian paths; the caller's PATH. */
  searchPath?: string;
  startTimeoutMs?: number;
};

type DaemonSpec = {
  service: 'nats' | 'redis';
  title: string;
  urlVariable: string;
  debianPackage: string;
  binary: string;
  probe: (endpoint: Endpoint) => Promise<ProbeResult>;
  start: (binary: string, log: StackLog) => Promise<void>;
};

const natsStoreDir = '/var/lib/nats-server';

const natsSpec: DaemonSpec = {
  service: 'nats',
  title: 'NATS (JetStream)',
  urlVariable: 'NATS_URL',
  debianPackage: 'nats-server',
  binary: 'nats-server',
  probe: (endpoint) => probeNats(endpoint),
  start: async (binary, log) => {
    fs.mkdirSync(natsStoreDir, { recursive: true });
    const args = ['-a', '127.0.0.1', '-p', '4222', '-js', '-sd', natsStoreDir];
    const daemon = findExecutable('start-stop-daemon', ['/usr/sbin/start-stop-daemon', '/sbin/start-stop-daemon'], '');
    if (daemon) {
      run(daemon, ['--start', '--oknodo', '--background', '--exec', binary, '--', ...args], log);
    } else {
      const logFile = path.join(os.tmpdir(), 'sessionscope-nats-server.log');
      await startDetached(binary, args, { logFile });
      log(`nats-server log: ${logFile}`);
    }
  },
};

const redisSpec: DaemonSpec = {
  service: 'redis',
  title: 'Redis',
  urlVariable: 'REDIS_URL',
  debianPackage: 'redis-server',
  binary: 'redis-server',
  probe: (endpoint) => probeRedis(endpoint),
  start: async (binary, log) => {
    // Redis daemonizes itself; nothing is persisted: the cache holds share links only.
    run(binary, ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'], log);
  },
};

/** Makes sure NATS with JetStream answers at `url`, starting the local nats-server when it is the local default. */
export function ensureNats(options: EnsureDaemonOptions = {}): Promise<EnsureResult> {
  return ensureDaemon(natsSpec, options);
}

/** Makes sure Redis answers at `url`, starting the local redis-server when it is the local default. */
export function ensureRedis(options: EnsureDaemonOptions = {}): Promise<EnsureResult> {
  return ensureDaemon(redisSpec, options);
}

async function ensureDaemon(spec: DaemonSpec, options: EnsureDaemonOptions): Promise<EnsureResult> {
  const url = options.url ?? localDefaultUrls[spec.service];
  const log = options.log ?? (() => undefined);
  const endpoint = endpointOf(spec.service, url);
  const shown = redactUrl(url);
  const code = `${spec.service.toUpperCase()}_UNAVAILABLE`;

  const first = await spec.probe(endpoint);
  if (first.up) return { service: spec.service, url, started: false, detail: first.detail };
  if (!isLocalDefault(spec.service, url)) {
    throw new AppError(
      'unavailable',
      code,
      `${spec.title} at ${shown} is ${first.detail}. ${spec.urlVariable} points elsewhere than the local default ` +
        `(${localDefaultUrls[spec.service]}), so nothing is started here: start that server or unset ${spec.urlVariable}.`,
    );
  }
  if (first.detail !== 'not answering') {
    throw new AppError('unavailable', code, `${spec.title} at ${shown}: ${first.detail}. Stop whatever listens on port ${endpoint.port}, then retry.`);
  }

  const binary = findBinary(spec, options, log);
  log(`${spec.title} is not running at ${shown}: starting ${binary}`);
  await spec.start(binary, log);
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const started = await waitFor(async () => {
    const probe = await spec.probe(endpoint);
    return probe.up ? probe : undefined;
  }, { timeoutMs: startTimeoutMs, intervalMs: 250 });
  if (!started) {
    throw new AppError('unavailable', code, `${spec.title} was started but did not answer at ${shown} within ${startTimeoutMs / 1000} s.`);
  }
  log(`${spec.title} is up at ${shown} (${started.detail})`);
  return { service: spec.service, url, started: true, detail: started.detail };
}

function findBinary(spec: DaemonSpec, options: EnsureDaemonOptions, log: StackLog): string {
  const candidates = [`/usr/sbin/${spec.binary}`, `/usr/bin/${spec.binary}`, `/usr/local/bin/${spec.binary}`];
  return ensureInstalled({ binary: spec.binary, debianPackages: [spec.debianPackage], candidates, searchPath: options.searchPath ?? '', install: options.installMissing === true, code: `${spec.service.toUpperCase()}_NOT_INSTALLED` }, log);
}

export type InstallSpec = {
  binary: string;
  debianPackages: string[];
  candidates: string[];
  searchPath: string;
  /** Run `apt-get install` when the binary is missing (only works as root on Debian). */
  install: boolean;
  code: string;
};

/** The path of a program, installed from Debian's packages first when it is missing and that is allowed. */
export function ensureInstalled(spec: InstallSpec, log: StackLog): string {
  const found = findExecutable(spec.binary, spec.candidates, spec.searchPath);
  if (found) return found;
  const hint = `install it with: apt-get install -y ${spec.debianPackages.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!spec.install || !isRoot || !findExecutable('apt-get', ['/usr/bin/apt-get'], '')) {
    throw new AppError('unavailable', spec.code, `${spec.binary} is not installed; ${hint}`);
  }
  log(`${spec.binary} is not installed: apt-get install -y ${spec.debianPackages.join(' ')}`);
  const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...spec.debianPackages], { stdio: ['ignore', 2, 2], env: environment });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 2, 2], env: environment });
    if (install().status !== 0) throw new AppError('unavailable', spec.code, `apt-get could not install ${spec.debianPackages.join(' ')}; ${hint}`);
  }
  const installed = findExecutable(spec.binary, spec.candidates, spec.searchPath);
  if (!installed) throw new AppError('unavailable', spec.code, `${spec.binary} is still missing after apt-get install`);
  return installed;
}

/** Debian's Chromium, which the console's browser tests and bench:console drive (no browser is downloaded). */
export function ensureChromium(log: StackLog): string {
  return ensureInstalled({ binary: 'chromium', debianPackages: ['chromium', 'fonts-liberation'], candidates: ['/usr/bin/chromium'], searchPath: '', install: true, code: 'CHROMIUM_NOT_INSTALLED' }, log);
}

function run(command: string, args: string[], log: StackLog): void {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (output) log(output);
  if (result.error || result.status !== 0) {
    throw new AppError('unavailable', 'STACK_START_FAILED', `${path.basename(command)} ${args.join(' ')} failed (exit ${result.status})${output ? `: ${output}` : ''}`, {
      cause: result.error,
    });
  }
}
