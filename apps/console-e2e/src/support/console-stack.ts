import { JetStreamConnection } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { developmentIngestToken } from '@sessionscope/shared/config';
import { createSearchClient, deleteAllIndices } from '@sessionscope/search';
import { AppProcess, buildApps, deleteRedisNamespace, freePort } from '@sessionscope/stack';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The real services for the console's end-to-end tests: ingestion, sessionization and a gateway (which
 * serves the built console) as child processes on a namespace and index prefix of their own.
 */
/** The checkout: four levels up from the sources, five from their build in dist/ (the bench runs from there). */
export const root = existsSync(join(__dirname, '../../../../package.json')) ? join(__dirname, '../../../..') : join(__dirname, '../../../../..');
export const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const openSearchUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';

export const maxSessionMs = 60 * 60_000;

export class ConsoleStack {
  readonly namespace = uniqueNamespace('console');
  private apps: AppProcess[] = [];
  ingestion!: AppProcess;
  gateway!: AppProcess;

  async start(): Promise<void> {
    buildApps(root);
    const env = { NATS_URL: natsUrl, OPENSEARCH_URL: openSearchUrl, SESSIONSCOPE_NAMESPACE: this.namespace, SESSIONSCOPE_INDEX_PREFIX: this.namespace, SESSIONSCOPE_PARTITIONS: '2' };
    this.ingestion = new AppProcess(root, 'ingestion', await freePort(), env);
    // Sessions longer than an hour continue in a new part, so a test can walk the parts of one.
    const sessionization = new AppProcess(root, 'sessionization', await freePort(), { ...env, MAX_SESSION_MS: String(maxSessionMs) });
    this.gateway = new AppProcess(root, 'gateway', await freePort(), env);
    this.apps = [this.ingestion, sessionization, this.gateway];
    await Promise.all([this.ingestion.start(), sessionization.start()]);
    await this.gateway.start();
  }

  async postTraffic(records: object[]): Promise<{ accepted: number; rejected: number }> {
    const response = await fetch(`${this.ingestion.url}/v1/traffic?format=ndjson`, {
      method: 'POST',
      body: records.map((record) => JSON.stringify(record)).join('\n'),
      headers: { authorization: `Bearer ${developmentIngestToken}` },
    });
    if (!response.ok) throw new Error(`ingestion answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { accepted: number; rejected: number };
  }

  async getJson<T>(path: string): Promise<T> {
    const response = await fetch(`${this.gateway.url}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop()));
    const connection = await JetStreamConnection.connect({ url: natsUrl, namespace: this.namespace, name: 'console-e2e-cleanup' });
    await connection.deleteNamespace();
    await connection.close();
    const search = createSearchClient(openSearchUrl);
    await deleteAllIndices(search, this.namespace);
    await search.close();
    // Ingestion's dedup ledger and stats live in Redis under the namespace.
    await deleteRedisNamespace(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', this.namespace);
  }
}

export async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
