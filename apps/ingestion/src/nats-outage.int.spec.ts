import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { developmentIngestToken, loadConfig } from '@sessionscope/shared/config';
import { deleteRedisNamespace } from '@sessionscope/stack';
import type { AddressInfo } from 'node:net';
import { ingestionConfigSchema } from './ingestion.config';
import { createIngestionApp } from './main';

/**
 * NATS going away under ingestion: a nats-server of this test's own (the shared one stays up), stopped
 * and started again. Ingestion must refuse with 503 while it is gone, not accept what it cannot keep,
 * and take the same traffic once it is back. Needs the nats-server binary (the local stack has it).
 */
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const namespace = uniqueNamespace('outage');
const natsServerBinary = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((path) => existsSync(path));
const describeWithNatsServer = natsServerBinary ? describe : describe.skip;
if (!natsServerBinary) console.warn('skipping the NATS outage test: no nats-server binary');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(undefined));
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeWithNatsServer('ingestion when NATS goes away', () => {
  let server: ChildProcess | undefined;
  let port: number;
  let storeDir: string;
  let app: NestExpressApplication;
  let baseUrl: string;

  async function startNats(): Promise<void> {
    server = spawn(natsServerBinary as string, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: 'ignore' });
    await until('nats-server listening', () => portOpen(port));
  }

  async function stopNats(): Promise<void> {
    const child = server;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  const post = (body: string) =>
    fetch(`${baseUrl}/v1/traffic?format=ndjson`, { method: 'POST', body, headers: { authorization: `Bearer ${developmentIngestToken}` } });
  const health = async () => (await fetch(`${baseUrl}/health`)).status;
  const record = (id: string) => JSON.stringify({ id, timestamp: '2026-11-24T09:00:00Z', method: 'GET', url: `https://shop.example.com/${id}`, clientIp: '203.0.113.7' });

  beforeAll(async () => {
    port = await freePort();
    storeDir = mkdtempSync(join(tmpdir(), 'sessionscope-nats-outage-'));
    await startNats();
    const config = loadConfig(ingestionConfigSchema, { NATS_URL: `nats://127.0.0.1:${port}`, REDIS_URL: redisUrl, SESSIONSCOPE_NAMESPACE: namespace, RETRY_AFTER_SECONDS: '2', LOG_LEVEL: 'error' });
    app = await createIngestionApp(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await stopNats();
    rmSync(storeDir, { recursive: true, force: true });
    await deleteRedisNamespace(redisUrl, namespace);
  }, 60_000);

  it('answers 503 with Retry-After while NATS is down, then stores the same traffic once it is back', async () => {
    expect(await (await post(record('before'))).json()).toMatchObject({ accepted: 1 });

    await stopNats();
    await until('health says NATS is down', async () => ((await health()) === 503 ? true : undefined));
    const refused = await post([record('before'), record('during')].join('\n'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({ code: 'NATS_UNAVAILABLE' });

    await startNats();
    await until('health says NATS is back', async () => ((await health()) === 200 ? true : undefined));
    expect(await (await post([record('before'), record('during')].join('\n'))).json()).toMatchObject({ accepted: 1, duplicates: 1 });
  }, 60_000);
});
