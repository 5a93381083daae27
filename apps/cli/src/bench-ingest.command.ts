import type { Command } from 'commander';
import { JetStreamConnection } from '@sessionscope/messaging';
import { aliasTargets, createGeneration, createSearchClient, deleteAllIndices, SearchClient } from '@sessionscope/search';
import { AppProcess, deleteRedisNamespace, freePort } from '@sessionscope/stack';
import { join } from 'node:path';
import type { CliContext } from './cli-context';
import { ingestionAuthHeaders } from './ingestion-client';
import { formatCount } from './progress-bar';
import { ensureBuilt, ensureStack } from './stack-steps';

type BenchOptions = { requests: string; chunkLines: string; concurrency: string };

const bulkDocumentsPerRequest = 2000;

/**
 * End-to-end ingestion throughput (POST to searchable) against a raw OpenSearch `_bulk` of the same
 * documents, in one run on this machine, reported as a ratio so that the machine's noise cancels out.
 */
export function registerBenchIngestCommand(program: Command, context: () => CliContext): void {
  program
    .command('bench-ingest')
    .description('measure requests/s from POST /v1/traffic to searchable in OpenSearch, against a raw _bulk of the same documents')
    .option('--requests <n>', 'about how many requests of generated demo traffic to send', '100000')
    .option('--chunk-lines <n>', 'lines per POST', '5000')
    .option('--concurrency <n>', 'POSTs in flight', '2')
    .addHelpText('after', '\nRuns its own ingestion and sessionization processes on a fresh namespace and index prefix, and removes them afterwards.')
    .action(async (options: BenchOptions) => {
      const ctx = context();
      const { log, config, paths } = ctx;
      await ensureStack(ctx);
      await ensureBuilt(ctx);
      const namespace = `bench${Date.now().toString(36)}`;
      const search = createSearchClient(config.OPENSEARCH_URL);
      const env = { NATS_URL: config.NATS_URL, REDIS_URL: config.REDIS_URL, OPENSEARCH_URL: config.OPENSEARCH_URL, SESSIONSCOPE_NAMESPACE: namespace, SESSIONSCOPE_INDEX_PREFIX: namespace };
      const apps = [new AppProcess(paths.root, 'ingestion', await freePort(), env), new AppProcess(paths.root, 'sessionization', await freePort(), env)];
      try {
        const lines = generatedTraffic(paths.root, Number(options.requests));
        log.step(`${formatCount(lines.length)} requests of generated demo traffic (tools/demo/generate-demo-traffic.mjs)`);
        await Promise.all(apps.map((app) => app.start()));

        const pipeline = await timePipeline(apps[0].url, config.SESSIONSCOPE_INGEST_TOKEN, search, namespace, lines, Number(options.chunkLines), Number(options.concurrency));
        log.ok(`pipeline: ${formatCount(lines.length)} requests searchable in ${pipeline.seconds.toFixed(2)} s = ${formatCount(Math.round(lines.length / pipeline.seconds))} requests/s (all accepted by ingestion after ${pipeline.acceptedSeconds.toFixed(2)} s)`);
        await Promise.all(apps.map((app) => app.stop()));

        const raw = await timeRawBulk(search, namespace, Number(options.concurrency));
        log.ok(`raw _bulk: the same ${formatCount(raw.documents)} documents (${formatCount(lines.length)} requests and their sessions) searchable in ${raw.seconds.toFixed(2)} s = ${formatCount(Math.round(lines.length / raw.seconds))} requests/s`);
        const ratio = raw.seconds / pipeline.seconds;
        log.result(`bench:ingest requests=${lines.length} pipeline_rps=${Math.round(lines.length / pipeline.seconds)} raw_bulk_rps=${Math.round(lines.length / raw.seconds)} ratio=${(ratio * 100).toFixed(1)}% (target >= 70%)`);
      } finally {
        await Promise.all(apps.map((app) => app.stop()));
        const connection = await JetStreamConnection.connect({ url: config.NATS_URL, namespace, name: 'bench-cleanup' });
        await connection.deleteNamespace();
        await connection.close();
        await deleteAllIndices(search, namespace);
        await search.close();
        await deleteRedisNamespace(config.REDIS_URL, namespace);
      }
    });
}

function generatedTraffic(root: string, requests: number): string[] {
  // require() of an ES module: Node 20.19 and later load it synchronously.
  const generator = require(join(root, 'tools/demo/generate-demo-traffic.mjs')) as {
    generateDemoTraffic(options: { seed: number; sessions: number }): { records: object[] };
  };
  // The demo traffic has about 13 requests per session.
  const { records } = generator.generateDemoTraffic({ seed: 7, sessions: Math.max(1, Math.round(requests / 13)) });
  return records.map((record) => JSON.stringify(record));
}

async function searchableCount(search: SearchClient, index: string): Promise<number> {
  // No refresh forced: a document counts once the index's own refresh made it searchable.
  const response = await search.count({ index }).catch(() => undefined);
  return response?.body.count ?? 0;
}

async function waitForCount(search: SearchClient, index: string, expected: number): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while ((await searchableCount(search, index)) < expected) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${expected} documents in ${index}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function timePipeline(ingestionUrl: string, ingestToken: string, search: SearchClient, namespace: string, lines: string[], chunkLines: number, concurrency: number) {
  const startedMs = performance.now();
  let next = 0;
  const send = async () => {
    while (next < lines.length) {
      const offset = next;
      next += chunkLines;
      const response = await fetch(`${ingestionUrl}/v1/traffic?format=ndjson&lineOffset=${offset}`, {
        method: 'POST',
        body: lines.slice(offset, offset + chunkLines).join('\n'),
        headers: ingestionAuthHeaders(ingestToken),
      });
      const reply = (await response.json()) as { accepted: number; rejected: number };
      if (!response.ok || reply.rejected > 0) throw new Error(`ingestion answered ${response.status}: ${JSON.stringify(reply).slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, send));
  const acceptedSeconds = (performance.now() - startedMs) / 1000;
  await waitForCount(search, aliasTargets(namespace).requests, lines.length);
  return { seconds: (performance.now() - startedMs) / 1000, acceptedSeconds };
}

/** Reads back every document the pipeline wrote (untimed), then times a plain _bulk of them into new indices. */
async function timeRawBulk(search: SearchClient, namespace: string, concurrency: number) {
  const source = aliasTargets(namespace);
  await search.indices.refresh({ index: `${source.requests},${source.sessions}` });
  const operations: object[][] = [];
  let documents = 0;
  const targets = await createGeneration(search, namespace, 'rawbulk');
  for (const kind of ['requests', 'sessions'] as const) {
    let batch: object[] = [];
    let page = await search.search({ index: source[kind], scroll: '2m', body: { size: 5000, sort: ['_doc'] } });
    while (page.body.hits.hits.length > 0) {
      for (const hit of page.body.hits.hits) {
        batch.push({ index: { _index: targets[kind], _id: hit._id } }, hit._source as object);
        documents++;
        if (batch.length === 2 * bulkDocumentsPerRequest) {
          operations.push(batch);
          batch = [];
        }
      }
      page = await search.scroll({ scroll_id: page.body._scroll_id as string, scroll: '2m' });
    }
    if (batch.length > 0) operations.push(batch);
  }
  const expectedRequests = await searchableCount(search, source.requests);
  const startedMs = performance.now();
  let next = 0;
  const send = async () => {
    while (next < operations.length) {
      const response = await search.bulk({ body: operations[next++] });
      if (response.body.errors) throw new Error('the raw bulk reported errors');
    }
  };
  await Promise.all(Array.from({ length: concurrency }, send));
  await waitForCount(search, targets.requests, expectedRequests);
  return { seconds: (performance.now() - startedMs) / 1000, documents };
}
