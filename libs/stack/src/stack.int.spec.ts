import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '@sessionscope/shared/errors';
import {
  ensureNats,
  ensureOpenSearch,
  ensureRedis,
  jarsAreComplete,
  probeOpenSearch,
  readPidFile,
  stackStatus,
  stopOpenSearch,
  stopProcess,
  writePidFile,
} from './index';

// Runs against the local stack: NATS and Redis must be running (`sessionscope test` and .ci/run start
// them); OpenSearch is reused when it runs, and started from tools/opensearch otherwise.
const rootDir = path.resolve(__dirname, '../../..');
const closedPort = 1;

function temporaryRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-stack-'));
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('NATS and Redis on the local defaults', () => {
  it('reuses the running servers and says what answered', async () => {
    const lines: string[] = [];
    const nats = await ensureNats({ log: (line) => lines.push(line) });
    const redis = await ensureRedis({ log: (line) => lines.push(line) });

    expect(nats).toMatchObject({ service: 'nats', url: 'nats://127.0.0.1:4222', started: false });
    expect(nats.detail).toMatch(/^nats-server \d+\.\d+\.\d+, JetStream enabled$/);
    expect(redis).toEqual({ service: 'redis', url: 'redis://127.0.0.1:6379', started: false, detail: 'answers PING' });
    expect(lines).toEqual([]);
  });
});

describe('a URL other than the local default', () => {
  it('is only checked, never started, and the error says why', async () => {
    const nats = await rejection(ensureNats({ url: `nats://127.0.0.1:${closedPort}` }));
    expect(nats.code).toBe('NATS_UNAVAILABLE');
    expect(nats.message).toContain('NATS_URL points elsewhere than the local default');

    const redis = await rejection(ensureRedis({ url: `redis://127.0.0.1:${closedPort}` }));
    expect(redis.code).toBe('REDIS_UNAVAILABLE');

    const root = temporaryRoot();
    const startedMs = Date.now();
    const opensearch = await rejection(ensureOpenSearch({ rootDir: root, url: `http://127.0.0.1:${closedPort}`, healthTimeoutMs: 1500 }));
    expect(opensearch.code).toBe('OPENSEARCH_UNAVAILABLE');
    expect(opensearch.message).toContain('OPENSEARCH_URL points elsewhere than the local default');
    expect(Date.now() - startedMs).toBeLessThan(10_000);
    expect(fs.existsSync(path.join(root, 'tmp'))).toBe(false);
  });
});

describe('stackStatus', () => {
  it('reports each service up or down with its URL', async () => {
    const status = await stackStatus({ opensearchUrl: `http://127.0.0.1:${closedPort}` });

    expect(status.map(({ service, url, up }) => ({ service, url, up }))).toEqual([
      { service: 'nats', url: 'nats://127.0.0.1:4222', up: true },
      { service: 'redis', url: 'redis://127.0.0.1:6379', up: true },
      { service: 'opensearch', url: `http://127.0.0.1:${closedPort}`, up: false },
    ]);
    expect(status[2].detail).toBe('not answering');
  });

  it('does not mistake Redis for NATS', async () => {
    const [nats] = await stackStatus({ natsUrl: 'nats://127.0.0.1:6379', opensearchUrl: `http://127.0.0.1:${closedPort}` });
    expect(nats.up).toBe(false);
  });
});

describe('pid files and stopping', () => {
  it('counts a pid as running only while it runs the expected command', () => {
    const pidFile = path.join(temporaryRoot(), 'x.pid');
    writePidFile(pidFile, process.pid);
    expect(readPidFile(pidFile, 'node')?.alive).toBe(true);
    expect(readPidFile(pidFile, 'LocalOpenSearch')?.alive).toBe(false);
    expect(readPidFile(path.join(temporaryRoot(), 'absent.pid'), 'node')).toBeNull();
  });

  it('terminates politely, and kills what ignores SIGTERM after the grace period', async () => {
    const polite = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(await stopProcess(polite.pid as number, 5000)).toBe('terminated');
    expect(await stopProcess(stubborn.pid as number, 500)).toBe('killed');
    expect(await stopProcess(stubborn.pid as number, 500)).toBe('not-running');
  });

  it('leaves alone an OpenSearch that this checkout did not start', async () => {
    const result = await stopOpenSearch({ rootDir: temporaryRoot() });
    expect(result).toEqual({ stopped: false, detail: expect.stringContaining('no OpenSearch was started from this checkout') });
  });
});

describe('OpenSearch on the local default', () => {
  it('is healthy after ensureOpenSearch, reusing a running node', async () => {
    const lines: string[] = [];
    const result = await ensureOpenSearch({ rootDir, log: (line) => lines.push(line) });

    expect(result.service).toBe('opensearch');
    expect(result.detail).toMatch(/^cluster health (green|yellow)$/);
    const probe = await probeOpenSearch('http://127.0.0.1:9200');
    expect(probe.up).toBe(true);

    const again = await ensureOpenSearch({ rootDir });
    expect(again.started).toBe(false);
    if (result.started) expect(jarsAreComplete(rootDir)).toBe(true);
  }, 240_000);
});
