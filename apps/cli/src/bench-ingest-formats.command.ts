import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { encodeTraceRequest, maskSecrets, Masking, OtlpJsonRequest, readTraffic, TrafficFormat } from '@sessionscope/ingestion/domain';
import type { CliContext } from './cli-context';
import { importTraffic } from './import-traffic';
import { parsePositiveInteger } from './import.command';
import { createLogger } from './logger';
import { formatCount } from './progress-bar';

type BenchOptions = { records: number; documentRecords: number; importMb: number; rounds: number; formats: string; importChild?: string; ingestionUrl?: string };

const benchFormats = ['ndjson', 'combined', 'nginx-json', 'har', 'otlp-json', 'otlp-protobuf'] as const;

/** A demo request record, as tools/demo/generate-demo-traffic.mjs writes them. */
type DemoRecord = {
  timestamp: string;
  method: string;
  url: string;
  status?: number;
  durationMs?: number;
  responseBytes?: number;
  clientIp: string;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBody?: string;
};

const targets: Partial<Record<TrafficFormat, number>> = { ndjson: 300_000, combined: 500_000, 'nginx-json': 0, har: 100_000, 'otlp-json': 100_000, 'otlp-protobuf': 100_000 };
const maxImportRssMb = 300;

/**
 * Parsing, validation and masking throughput per input format on one core (the domain's readTraffic
 * and maskSecrets, as ingestion runs them, without session keys, detection or storage), and the peak
 * memory of `import` streaming a large generated NDJSON file.
 */
export function registerBenchIngestFormatsCommand(program: Command, context: () => CliContext): void {
  program
    .command('bench-ingest-formats')
    .description('measure records/s of parsing + validation + masking per traffic format on one core, and the peak RSS of importing a large NDJSON file')
    .option('--records <n>', 'records per line format (NDJSON, combined, nginx JSON)', parsePositiveInteger, 200_000)
    .option('--document-records <n>', 'entries per document format (HAR, OTLP JSON, OTLP protobuf)', parsePositiveInteger, 50_000)
    .option('--import-mb <n>', 'size in MiB of the generated NDJSON file imported to measure peak memory', parsePositiveInteger, 1024)
    .option('--rounds <n>', 'timed rounds per format; the best is reported', parsePositiveInteger, 3)
    .option('--formats <list>', 'comma-separated formats to time; `none` times none', benchFormats.join(','))
    .option('--import-child <file>', 'internal: import this file and print the peak RSS (the measured child process)')
    .option('--ingestion-url <url>', 'internal: where the measured child sends the file')
    .addHelpText(
      'after',
      '\nRates are records per CPU second of this process (on a shared machine, wall time counts the others too), with\n' +
        'JSON.parse of the same records printed beside for scale. The traffic is the demo traffic of\n' +
        'tools/demo/generate-demo-traffic.mjs written in each format. NDJSON is also measured on "typical" records\n' +
        '(the demo records cut to the shape of the schema example), the kind of record the targets were set on, and\n' +
        'every target is also printed scaled by how fast JSON.parse reads typical records on this core now. The import\n' +
        'runs the real `import` code in a child process against a local sink that answers like ingestion (it counts\n' +
        'lines, it stores nothing), so the figure is the memory of the import path itself; the file is removed after.\n' +
        `Targets: NDJSON >= 300k/s, combined >= 500k/s, HAR and OTLP >= 100k/s, import peak RSS < ${maxImportRssMb} MB.\n\n` +
        'Example (a quick run):\n  npx sessionscope bench-ingest-formats --records 50000 --import-mb 64',
    )
    .action(async (options: BenchOptions) => {
      if (options.importChild) {
        await runImportChild(options.importChild, options.ingestionUrl ?? '');
        return;
      }
      const ctx = context();
      const { log } = ctx;
      const records = demoRecords(ctx.paths.root, Math.max(options.records, options.documentRecords));
      log.step(`parse + validate + mask on one core, in records per CPU second (best of ${options.rounds} rounds)`);
      const results: string[] = [];
      // The machine is shared: JSON.parse of the same records says how fast this core is right now.
      const baseline = jsonParseRate(records.slice(0, options.records), options.rounds);
      log.info(`for scale: JSON.parse alone reads ${formatCount(baseline)} of these NDJSON records/s on this core now`);
      const typical = records.slice(0, options.records).map(typicalRecordOf);
      const typicalBytes = typical.reduce((sum, record) => sum + JSON.stringify(record).length, 0) / typical.length;
      const typicalParseRate = jsonParseRate(typical, options.rounds);
      const speed = typicalParseRate / issueJsonParseRate;
      log.info(
        `and ${formatCount(typicalParseRate)} typical records/s (the schema example's shape, ${typicalBytes.toFixed(0)} bytes on average), against ${formatCount(issueJsonParseRate)}/s ` +
          `where the targets were set: targets scaled to this core now are ${speed.toFixed(2)} of theirs`,
      );
      results.push(`json_parse_baseline=${Math.round(baseline)}`, `typical_record_bytes=${typicalBytes.toFixed(0)}`, `typical_json_parse=${Math.round(typicalParseRate)}`);
      const report = (name: string, rate: number, target: number, detail: string) => {
        const verdict = (goal: number) => `>= ${formatCount(goal)}: ${rate >= goal ? 'met' : 'NOT met'}`;
        log.ok(`${name.padEnd(14)} ${formatCount(rate).padStart(10)} records/s  (${detail})${target > 0 ? `  target ${verdict(target)}, scaled ${verdict(target * speed)}` : ''}`);
        results.push(`${name}=${Math.round(rate)}`);
      };
      const chosen = options.formats.split(',').map((format) => format.trim());
      for (const format of benchFormats.filter((name) => chosen.includes(name))) {
        const count = format === 'har' || format.startsWith('otlp') ? options.documentRecords : options.records;
        const body = bodyOf(format, records.slice(0, count));
        report(format, bestRate(body, format, count, options.rounds), targets[format] ?? 0, `${formatCount(count)} records, ${(body.length / 1024 / 1024).toFixed(1)} MiB`);
        if (format === 'ndjson') report('ndjson-typical', bestRate(bodyOf('ndjson', typical), 'ndjson', typical.length, options.rounds), targets.ndjson ?? 0, `${formatCount(typical.length)} typical records`);
      }

      log.step(`peak memory of importing a generated ${options.importMb} MiB NDJSON file`);
      const file = join(os.tmpdir(), `sessionscope-bench-${process.pid}.ndjson`);
      try {
        const lines = await writeNdjsonFile(file, records, options.importMb * 1024 * 1024);
        const peakRssMb = await measureImport(file);
        log.ok(`import of ${formatCount(lines)} lines (${options.importMb} MiB): peak RSS ${peakRssMb.toFixed(0)} MB (limit ${maxImportRssMb} MB: ${peakRssMb < maxImportRssMb ? 'met' : 'NOT met'})`);
        results.push(`import_mb=${options.importMb}`, `import_peak_rss_mb=${peakRssMb.toFixed(0)}`);
      } finally {
        fs.rmSync(file, { force: true });
      }
      log.result(`bench:ingest-formats ${results.join(' ')}`);
    });
}

function demoRecords(root: string, count: number): DemoRecord[] {
  // require() of an ES module: Node 20.19 and later load it synchronously.
  const generator = require(join(root, 'tools/demo/generate-demo-traffic.mjs')) as {
    generateDemoTraffic(options: { seed: number; sessions: number }): { records: DemoRecord[] };
  };
  const records: DemoRecord[] = [];
  for (let seed = 7; records.length < count; seed++) {
    // The demo traffic has about 13 requests per session.
    for (const record of generator.generateDemoTraffic({ seed, sessions: Math.ceil((count - records.length) / 13) + 1 }).records) records.push(record);
  }
  return records.slice(0, count).map((record, index) => ({ ...record, id: undefined, timestamp: new Date(Date.parse('2026-01-15T00:00:00Z') + index * 10).toISOString() }));
}

/**
 * Seconds of CPU this process spent since `start` (user and system): on a shared machine, wall time
 * counts the other processes' turns too, CPU time only this one's work (GC threads included).
 */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Best of `rounds` in records per CPU second: the first round also warms the JIT. */
function bestRate(body: Uint8Array, format: TrafficFormat, expected: number, rounds: number): number {
  const masking = new Masking();
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const started = process.cpuUsage();
    let accepted = 0;
    for (const item of readTraffic(body, { format, tenant: 'bench', maxLineBytes: 512 * 1024, sourceId: 'bench', host: 'shop.example.com' }, { newId: () => 'unused', now: '2026-11-24T00:00:00.000Z' })) {
      if (!item.ok) throw new Error(`the ${format} bench traffic has a rejected item: ${JSON.stringify(item.rejection)}`);
      maskSecrets(item.request, masking);
      accepted++;
    }
    const seconds = cpuSecondsSince(started);
    if (accepted !== expected) throw new Error(`${format}: ${accepted} of ${expected} records read`);
    best = Math.max(best, accepted / seconds);
  }
  return best;
}

/**
 * The issue states its targets at the scale of "typical 330-byte records", which JSON.parse read at
 * about 1.7 million a second on the machine where they were set. The demo records are larger (bodies,
 * JWTs, cookies), so NDJSON is also measured on the demo records cut to the shape of the schema's
 * example record, and every target is also given scaled by how fast JSON.parse reads those on this
 * core now: a busy or slow machine is then not mistaken for slow code. This is JSON.parse of typical
 * 330-byte records a second, on the machine where the targets were set.
 */
const issueJsonParseRate = 1_700_000;

/** A demo record in the shape of the record schema's example: no bodies, no credentials, one session cookie. */
function typicalRecordOf(record: DemoRecord): DemoRecord & { requestBytes?: number; application?: string } {
  const { timestamp, method, url, status, durationMs, responseBytes, clientIp } = record;
  const session = /PHPSESSID=([0-9a-f]+)/.exec(record.requestHeaders?.cookie ?? record.responseHeaders?.['set-cookie'] ?? '')?.[1].slice(0, 12) ?? 'anonymous';
  return {
    timestamp,
    method,
    url,
    status,
    durationMs,
    requestBytes: 321,
    responseBytes,
    clientIp,
    application: 'shop',
    requestHeaders: { 'user-agent': record.requestHeaders?.['user-agent'] ?? 'Mozilla/5.0', cookie: `sid=${session}` },
    responseHeaders: { 'content-type': 'application/json' },
  };
}

function jsonParseRate(records: DemoRecord[], rounds: number): number {
  const lines = records.map((record) => JSON.stringify(record));
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const started = process.cpuUsage();
    for (const line of lines) JSON.parse(line);
    best = Math.max(best, lines.length / cpuSecondsSince(started));
  }
  return best;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function logTime(iso: string): string {
  const date = new Date(iso);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function bodyOf(format: TrafficFormat, records: DemoRecord[]): Uint8Array {
  const text = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
  const target = (record: DemoRecord) => {
    const url = new URL(record.url);
    return `${url.pathname}${url.search}`;
  };
  const userAgent = (record: DemoRecord) => record.requestHeaders?.['user-agent'] ?? '-';
  switch (format) {
    case 'ndjson':
      return text(records.map((record) => JSON.stringify(record)));
    case 'combined':
    case 'common':
      return text(records.map((record) => `${record.clientIp} - - [${logTime(record.timestamp)}] "${record.method} ${target(record)} HTTP/1.1" ${record.status ?? 200} ${record.responseBytes ?? 0} "-" "${userAgent(record)}"`));
    case 'nginx-json':
      return text(
        records.map((record) =>
          JSON.stringify({
            time_local: logTime(record.timestamp),
            remote_addr: record.clientIp,
            request: `${record.method} ${target(record)} HTTP/1.1`,
            status: String(record.status ?? 200),
            body_bytes_sent: String(record.responseBytes ?? 0),
            request_time: ((record.durationMs ?? 0) / 1000).toFixed(3),
            http_user_agent: userAgent(record),
          }),
        ),
      );
    case 'har':
      return Buffer.from(JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1' }, entries: records.map(harEntryOf) } }));
    case 'otlp-json':
      return Buffer.from(JSON.stringify(otlpRequestOf(records)));
    case 'otlp-protobuf':
      return encodeTraceRequest(otlpRequestOf(records));
  }
}

const headerList = (headers: Record<string, string> | undefined) => Object.entries(headers ?? {}).map(([name, value]) => ({ name, value }));

function harEntryOf(record: DemoRecord) {
  return {
    startedDateTime: record.timestamp,
    time: record.durationMs ?? 0,
    request: {
      method: record.method,
      url: record.url,
      httpVersion: 'HTTP/1.1',
      headers: headerList(record.requestHeaders),
      cookies: [],
      queryString: [],
      headersSize: -1,
      bodySize: record.requestBody?.length ?? 0,
      ...(record.requestBody ? { postData: { mimeType: record.requestHeaders?.['content-type'] ?? 'text/plain', text: record.requestBody } } : {}),
    },
    response: { status: record.status ?? 200, statusText: '', httpVersion: 'HTTP/1.1', headers: headerList(record.responseHeaders), cookies: [], content: { size: record.responseBytes ?? 0, mimeType: 'application/json' }, redirectURL: '', headersSize: -1, bodySize: record.responseBytes ?? 0 },
    cache: {},
    timings: { send: 0, wait: record.durationMs ?? 0, receive: 0 },
  };
}

function otlpRequestOf(records: DemoRecord[]): OtlpJsonRequest {
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const spans = records.map((record, index) => {
    const url = new URL(record.url);
    const startNs = BigInt(Date.parse(record.timestamp)) * 1_000_000n;
    return {
      traceId: (index + 1).toString(16).padStart(32, '0'),
      spanId: (index + 1).toString(16).padStart(16, '0'),
      name: `${record.method} ${url.pathname}`,
      kind: 2,
      startTimeUnixNano: String(startNs),
      endTimeUnixNano: String(startNs + BigInt(Math.round((record.durationMs ?? 0) * 1e6))),
      attributes: [
        text('http.request.method', record.method),
        text('url.scheme', url.protocol.replace(':', '')),
        text('server.address', url.hostname),
        text('url.path', url.pathname),
        ...(url.search ? [text('url.query', url.search.slice(1))] : []),
        { key: 'http.response.status_code', value: { intValue: String(record.status ?? 200) } },
        text('client.address', record.clientIp),
        text('user_agent.original', record.requestHeaders?.['user-agent'] ?? ''),
      ],
    };
  });
  return { resourceSpans: [{ resource: { attributes: [text('service.name', 'demo-shop')] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }] };
}

async function writeNdjsonFile(file: string, records: DemoRecord[], bytes: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const lines = records.map((record) => `${JSON.stringify(record)}\n`);
  let written = 0;
  let count = 0;
  while (written < bytes) {
    const batch: string[] = [];
    for (let index = 0; index < 1000 && written < bytes; index++) {
      const line = lines[count % lines.length];
      batch.push(line);
      written += Buffer.byteLength(line);
      count++;
    }
    if (!out.write(batch.join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return count;
}

/**
 * Runs the import in a child process (this command with --import-child) against a sink that answers
 * like ingestion, and reads the child's peak RSS from its own report.
 */
async function measureImport(file: string): Promise<number> {
  const server = http.createServer((request, response) => {
    if (request.url === '/health') {
      response.end('{"status":"ok"}');
      return;
    }
    let lines = 0;
    request.on('data', (chunk: Buffer) => {
      for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) lines++;
    });
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: lines, rejected: 0, errors: [] })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const output = await new Promise<string>((resolve, reject) => {
      // The built CLI itself, not the wrapper of tools/bin: a rebuild there would be counted as import memory.
      const cli = join(__dirname, 'main.js');
      const child = spawn(process.execPath, [cli, 'bench-ingest-formats', '--import-child', file, '--ingestion-url', url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`the import child exited with ${code}`))));
    });
    const match = /peak_rss_kb=(\d+)/.exec(output);
    if (!match) throw new Error(`the import child reported no peak RSS: ${output.slice(0, 200)}`);
    return Number(match[1]) / 1024;
  } finally {
    server.close();
  }
}

async function runImportChild(file: string, ingestionUrl: string): Promise<void> {
  const log = createLogger({ stderr: process.stderr, stdout: process.stderr, color: false });
  const summary = await importTraffic({ file, format: 'ndjson', ingestionUrl, chunkLines: 5000, log, progressStream: process.stderr, interactive: false });
  if (summary.accepted !== summary.lineCount) throw new Error(`the import child sent ${summary.accepted} of ${summary.lineCount} lines`);
  process.stdout.write(`peak_rss_kb=${process.resourceUsage().maxRSS}\n`);
}
