import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeTraceRequest, OtlpJsonRequest, OtlpJsonSpan } from '@sessionscope/ingestion/domain';
import { JetStreamConnection } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { AppProcess, buildApps, deleteRedisNamespace, freePort } from '@sessionscope/stack';
import { importTraffic, type ImportSummary } from './import-traffic';
import { createLogger } from './logger';

/**
 * `import` as a user runs it: the real ingestion process on the local stack (NATS, Redis), the files of
 * ../shared/datasets (skipped, saying so, where ../shared is absent) and OTLP files written here.
 */
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = join(__dirname, '../../..');
const datasets = join(root, '../shared/datasets');
const hasDatasets = existsSync(join(datasets, 'har')) && existsSync(join(datasets, 'access-logs/hackers-access.log'));
if (!hasDatasets) console.warn(`skipping the dataset imports: ${datasets} is absent (it lives in ../shared beside the project)`);
const itWithDatasets = hasDatasets ? it : it.skip;

const quietLog = createLogger({ stderr: { write: () => true }, stdout: { write: () => true }, color: false });

function aServerSpan(index: number): OtlpJsonSpan {
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: (0x1000 + index).toString(16).padStart(16, '0'),
    name: 'POST /api/checkout',
    kind: 2,
    startTimeUnixNano: String(1763978400000000000n + BigInt(index) * 1_000_000_000n),
    endTimeUnixNano: String(1763978400000000000n + BigInt(index) * 1_000_000_000n + 40_000_000n),
    attributes: [text('http.method', 'POST'), text('http.target', `/api/checkout?step=${index}`), text('net.host.name', 'shop.example.com'), { key: 'http.status_code', value: { intValue: 201 } }, text('http.client_ip', '198.51.100.23')],
  };
}

describe('sessionscope import against the real ingestion', () => {
  const namespace = uniqueNamespace('import');
  const scratch = mkdtempSync(join(os.tmpdir(), 'sessionscope-import-'));
  let ingestion: AppProcess;

  const importFile = (file: string): Promise<ImportSummary> =>
    importTraffic({ file, format: 'auto', ingestionUrl: ingestion.url, chunkLines: 500, log: quietLog, progressStream: { write: () => true }, interactive: false, host: 'logs.example.com' });

  beforeAll(async () => {
    buildApps(root);
    ingestion = new AppProcess(root, 'ingestion', await freePort(), { NATS_URL: natsUrl, REDIS_URL: redisUrl, SESSIONSCOPE_NAMESPACE: namespace });
    await ingestion.start();
  }, 180_000);

  afterAll(async () => {
    await ingestion?.stop();
    const connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'import-cleanup' });
    await connection.deleteNamespace();
    await connection.close();
    await deleteRedisNamespace(redisUrl, namespace);
    rmSync(scratch, { recursive: true, force: true });
  });

  itWithDatasets(
    'imports every HAR of the datasets with its number of requests, and rejects the invalid ones naming entry and field',
    async () => {
      const expected: Record<string, { accepted: number; rejected: number }> = {
        'auth-variants.har': { accepted: 4, rejected: 0 },
        'ericduran.github.io.har': { accepted: 31, rejected: 0 },
        'formdata.har': { accepted: 5, rejected: 0 },
        'full.har': { accepted: 8, rejected: 0 },
        'invalid-url.har': { accepted: 0, rejected: 2 },
        'no-entries.har': { accepted: 0, rejected: 0 },
        'one-post-json-cookie.har': { accepted: 1, rejected: 0 },
        'post-json-invalid.har': { accepted: 1, rejected: 0 },
        'security.har': { accepted: 1, rejected: 0 },
        'typed-params.har': { accepted: 3, rejected: 0 },
        'urlfull.har': { accepted: 5, rejected: 0 },
      };
      for (const [file, counts] of Object.entries(expected)) {
        const summary = await importFile(join(datasets, 'har', file));
        expect({ file, format: summary.format, accepted: summary.accepted, rejected: summary.rejected }).toEqual({ file, format: 'har', ...counts });
      }
      const invalid = await importFile(join(datasets, 'har', 'invalid-url.har'));
      expect(invalid.firstErrors).toEqual([
        { entry: 0, field: 'request.url', message: '"testloadimpact" is not an absolute http(s) URL, as HAR requires' },
        { entry: 1, field: 'request.url', message: 'is empty' },
      ]);
      const generator = await importFile(join(datasets, 'har', 'request-generator-all-status-and-method.har'));
      expect(generator.unit).toBe('entries');
      expect(generator.lineCount).toBe(665);
      expect(generator.accepted + generator.rejected).toBe(665);
      expect(generator.accepted).toBeGreaterThanOrEqual(664);
    },
    180_000,
  );

  itWithDatasets(
    'imports hackers-access.log completely, and the same content again (gzipped) is stored once',
    async () => {
      const log = join(datasets, 'access-logs/hackers-access.log');
      const first = await importFile(log);
      expect(first).toMatchObject({ format: 'combined', lineCount: 3456, accepted: 3456, rejected: 0, duplicates: 0 });

      const gzipped = join(scratch, 'hackers-access.log.gz');
      writeFileSync(gzipped, gzipSync(readFileSync(log)));
      const again = await importFile(gzipped);
      expect(again).toMatchObject({ format: 'combined', sourceId: first.sourceId, accepted: 0, duplicates: 3456 });
    },
    180_000,
  );

  it('imports a log again after it grew: the old lines are duplicates, the new ones stored; a log that begins alike is not mistaken for it', async () => {
    const line = (second: number, path: string) => `198.51.100.7 - - [24/Nov/2026:10:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" 200 5 "-" "curl/8"\n`;
    // Over the 64 KiB of its start that name a log.
    const start = Array.from({ length: 900 }, (_, second) => line(second, `/p${second}`)).join('');
    const growing = join(scratch, 'growing.log');
    writeFileSync(growing, start);
    const first = await importFile(growing);
    expect(first).toMatchObject({ format: 'combined', accepted: 900, duplicates: 0 });

    writeFileSync(growing, start + line(900, '/later'));
    const grown = await importFile(growing);
    expect(grown).toMatchObject({ sourceId: first.sourceId, lineCount: 901, accepted: 1, duplicates: 900 });

    // A replica's log: the same first lines, then another request within the first 64 KiB.
    const replica = join(scratch, 'replica.log');
    writeFileSync(replica, start.slice(0, start.indexOf('/p100 ')) + start.slice(start.indexOf('/p100 ')).replace('/p100 ', '/elsewhere '));
    const replicaSummary = await importFile(replica);
    expect(replicaSummary.sourceId).not.toBe(first.sourceId);
    expect(replicaSummary).toMatchObject({ accepted: 900, duplicates: 0 });
  }, 60_000);

  it('writes every rejected line to --errors-file, one JSON object a line', async () => {
    const file = join(scratch, 'half-bad.ndjson');
    writeFileSync(file, '{"timestamp":"2026-11-24T10:00:00Z","method":"GET","url":"https://shop.example.com/a","status":200,"clientIp":"198.51.100.7"}\nnot json\n[]\n');
    const errorsFile = join(scratch, 'errors.ndjson');
    const summary = await importTraffic({ file, format: 'auto', ingestionUrl: ingestion.url, chunkLines: 1, errorsFile, log: quietLog, progressStream: { write: () => true }, interactive: false });
    expect(summary).toMatchObject({ accepted: 1, rejected: 2, errorsFile });
    const written = readFileSync(errorsFile, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { line: number });
    expect(written.map((error) => error.line)).toEqual([2, 3]);
  }, 60_000);

  it('imports OTLP files of HTTP server spans in JSON (a document, and one request a line) and in protobuf', async () => {
    const request = (from: number, count: number): OtlpJsonRequest => ({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }, scopeSpans: [{ spans: Array.from({ length: count }, (_, index) => aServerSpan(from + index)) }] }],
    });
    const pretty = join(scratch, 'spans.json');
    writeFileSync(pretty, JSON.stringify(request(0, 3), null, 2));
    expect(await importFile(pretty)).toMatchObject({ format: 'otlp-json', unit: 'documents', accepted: 3, rejected: 0 });

    const lines = join(scratch, 'spans.jsonl');
    writeFileSync(lines, `${JSON.stringify(request(10, 2))}\n${JSON.stringify(request(12, 2))}\n`);
    expect(await importFile(lines)).toMatchObject({ format: 'otlp-json', unit: 'lines', accepted: 4, rejected: 0 });

    const protobuf = join(scratch, 'spans.pb');
    writeFileSync(protobuf, encodeTraceRequest(request(20, 5)));
    expect(await importFile(protobuf)).toMatchObject({ format: 'otlp-protobuf', accepted: 5, rejected: 0 });

    // The same spans again, in the other encoding: their ids are their trace and span ids.
    const again = join(scratch, 'spans-again.pb');
    writeFileSync(again, encodeTraceRequest(request(0, 3)));
    expect(await importFile(again)).toMatchObject({ accepted: 0, duplicates: 3 });
  }, 120_000);

  itWithDatasets('skips the span of the opentelemetry-proto example, which is not an HTTP request, saying why', async () => {
    const summary = await importFile(join(datasets, 'otlp/trace.json'));
    expect(summary).toMatchObject({ format: 'otlp-json', accepted: 0, rejected: 0, skipped: 1 });
    expect(summary.firstErrors[0]).toMatchObject({ entry: 0, skipped: true, message: expect.stringMatching(/is not an HTTP span/) });
  });
});
