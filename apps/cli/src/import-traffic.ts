import fs from 'node:fs';
import path from 'node:path';
import { ImportError, sendChunk, type LineError } from './ingestion-client';
import type { Logger } from './logger';
import { createProgress } from './progress-bar';
import { chunkLines, detectFileFormat, readFileFacts, type TrafficFormat } from './traffic-file';

/** Ingestion refuses bodies over 64 MiB; chunks stay well below, whatever --chunk-lines says. */
const maxChunkBytes = 16 * 1024 * 1024;
const maxLineBytes = 64 * 1024 * 1024;
const shownErrorCount = 10;

export type ImportOptions = {
  file: string;
  format: TrafficFormat | 'auto';
  application?: string;
  host?: string;
  ingestionUrl: string;
  chunkLines: number;
  errorsFile?: string;
  log: Logger;
  progressStream: { write(text: string): unknown };
  interactive: boolean;
};

export type ImportSummary = {
  file: string;
  format: TrafficFormat;
  sourceId: string;
  bytes: number;
  lineCount: number;
  accepted: number;
  rejected: number;
  errorCount: number;
  firstErrors: LineError[];
  errorsFile: string | null;
  elapsedMs: number;
};

/**
 * Streams a traffic file to ingestion in chunks of whole lines, one request in flight while the next
 * chunk is read. Each chunk carries `lineOffset` (errors come back with file line numbers) and
 * `sourceId` (the file's sha256: importing the same file twice stores it once).
 */
export async function importTraffic(options: ImportOptions): Promise<ImportSummary> {
  const { log } = options;
  const stat = fs.statSync(options.file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new ImportError(`${options.file} is not a file`);
  const startedMs = Date.now();
  const format = options.format === 'auto' ? await detectFileFormat(options.file) : options.format;
  const facts = await readFileFacts(options.file);
  if (facts.lineCount === 0) throw new ImportError(`${options.file} is empty`);
  await checkIngestion(options.ingestionUrl);

  log.info(
    `${path.basename(options.file)}: ${facts.lineCount.toLocaleString('en-US')} lines, format ${format}` +
      `${options.format === 'auto' ? ' (detected)' : ''}, sourceId ${facts.sha256.slice(0, 12)}...`,
  );
  const errorsOut = options.errorsFile ? fs.createWriteStream(options.errorsFile, { flags: 'w' }) : null;
  const progress = createProgress({ stream: options.progressStream, interactive: options.interactive, label: 'import', total: facts.lineCount, unit: 'lines' });
  const totals = { accepted: 0, rejected: 0, errorCount: 0, linesDone: 0 };
  const firstErrors: LineError[] = [];

  const baseQuery: Record<string, string> = { format, sourceId: facts.sha256 };
  if (options.application) baseQuery.application = options.application;
  if (options.host) baseQuery.host = options.host;
  const contentType = format === 'ndjson' ? 'application/x-ndjson' : 'text/plain; charset=utf-8';

  // One chunk in flight while the next is read; a failure is held as a value so that it is never an
  // unhandled rejection while the reader is busy.
  let inFlight: Promise<unknown> | null = null;
  const settle = async () => {
    const failure = inFlight ? await inFlight : null;
    inFlight = null;
    if (failure) throw failure;
  };
  try {
    const chunks = chunkLines(fs.createReadStream(options.file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>, {
      maxLines: options.chunkLines,
      maxBytes: maxChunkBytes,
      maxLineBytes,
    });
    for await (const chunk of chunks) {
      await settle();
      const lines = `lines ${chunk.lineOffset + 1}-${chunk.lineOffset + chunk.lineCount}`;
      inFlight = sendChunk({
        ingestionUrl: options.ingestionUrl,
        query: { ...baseQuery, lineOffset: String(chunk.lineOffset) },
        body: chunk.body,
        contentType,
        lines,
        onRetry: (message) => log.warn(`${options.interactive ? '\n' : ''}${message}`),
      }).then(
        (reply) => {
          totals.accepted += reply.accepted;
          totals.rejected += reply.rejected;
          totals.errorCount += reply.errors.length;
          for (const error of reply.errors) {
            if (firstErrors.length < shownErrorCount) firstErrors.push(error);
            errorsOut?.write(`${JSON.stringify(error)}\n`);
          }
          totals.linesDone += chunk.lineCount;
          progress.update(totals.linesDone);
          return null;
        },
        (error: unknown) => error,
      );
    }
    await settle();
  } finally {
    progress.finish();
    if (errorsOut) await new Promise((resolve) => errorsOut.end(resolve));
  }

  return {
    file: options.file,
    format,
    sourceId: facts.sha256,
    bytes: facts.bytes,
    lineCount: facts.lineCount,
    accepted: totals.accepted,
    rejected: totals.rejected,
    errorCount: totals.errorCount,
    firstErrors,
    errorsFile: options.errorsFile ?? null,
    elapsedMs: Date.now() - startedMs,
  };
}

/** Fails fast, with what to do, when nothing answers at the ingestion URL. */
async function checkIngestion(ingestionUrl: string): Promise<void> {
  try {
    await (await fetch(new URL('/health', ingestionUrl), { signal: AbortSignal.timeout(5000) })).arrayBuffer();
  } catch (error) {
    throw new ImportError(`ingestion is not answering at ${ingestionUrl}: start it with \`npx sessionscope up\` (or pass --ingestion-url)`, { cause: error });
  }
}

/** The summary a person reads after an import. */
export function printImportSummary(summary: ImportSummary, log: Logger): void {
  const seconds = summary.elapsedMs / 1000;
  const rate = Math.round(summary.lineCount / Math.max(seconds, 0.001));
  log.result('');
  log.result(`Imported ${summary.file}`);
  log.result(`  format    ${summary.format}`);
  log.result(`  lines     ${summary.lineCount.toLocaleString('en-US')} in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} lines/s)`);
  log.result(`  accepted  ${summary.accepted.toLocaleString('en-US')}`);
  log.result(`  rejected  ${summary.rejected.toLocaleString('en-US')}`);
  log.result(`  sourceId  ${summary.sourceId} (importing this file again stores it once)`);
  if (summary.firstErrors.length > 0) {
    log.result(`First ${summary.firstErrors.length} of ${summary.errorCount.toLocaleString('en-US')} errors:`);
    for (const error of summary.firstErrors) {
      log.result(`  line ${error.line ?? '?'}${error.field ? ` ${error.field}` : ''}: ${error.message}`);
    }
    if (summary.errorsFile) log.result(`All errors (one JSON object a line): ${summary.errorsFile}`);
    else if (summary.errorCount > summary.firstErrors.length) log.result('To see all of them, import again with --errors-file errors.ndjson (one JSON object a line).');
  }
}
