import path from 'node:path';
import { ImportError, sendChunk, type LineError } from './ingestion-client';
import type { Logger } from './logger';
import { openOutputFile } from './output-file';
import { createProgress } from './progress-bar';
import { harChunks, readDocument, type EntryChunk } from './import-documents';
import { chunkLines, detectFileFormat, documentFormats, lineFormats, openTrafficFile, readFileFacts, sourceIdOf, type LineChunk, type TrafficFormat } from './traffic-file';

/** Ingestion refuses bodies over 64 MiB; chunks stay well below, whatever --chunk-lines says. */
const maxChunkBytes = 16 * 1024 * 1024;
const maxLineBytes = 64 * 1024 * 1024;
const shownErrorCount = 10;

export type ImportOptions = {
  file: string;
  format: TrafficFormat | 'auto';
  application?: string;
  host?: string;
  /** Field names of nginx JSON lines, as JSON (sent as the nginxFields query parameter). */
  nginxFields?: string;
  ingestionUrl: string;
  /** SESSIONSCOPE_INGEST_TOKEN of the CLI configuration. */
  ingestToken?: string;
  chunkLines: number;
  errorsFile?: string;
  log: Logger;
  progressStream: { write(text: string): unknown };
  interactive: boolean;
};

export type ImportSummary = {
  file: string;
  format: TrafficFormat;
  /** What the file is counted in: lines, or HAR entries, or whole documents (OTLP). */
  unit: 'lines' | 'entries' | 'documents';
  sourceId: string;
  bytes: number;
  lineCount: number;
  accepted: number;
  rejected: number;
  /** Items that are not HTTP requests (OTLP spans of other kinds), with the reason in the errors. */
  skipped: number;
  /** Records stored before (by an earlier import of the same content), not stored again. */
  duplicates: number;
  errorCount: number;
  firstErrors: LineError[];
  errorsFile: string | null;
  elapsedMs: number;
};

/**
 * Sends a traffic file to ingestion in chunks (of lines, or of HAR entries; see planChunks), one
 * request in flight while the next chunk is read. Each chunk carries `lineOffset` (errors come back
 * with file line numbers or entry indexes) and `sourceId` (see sourceIdOf: importing the same content
 * twice, or a log again after it grew, stores each record once).
 */
export async function importTraffic(options: ImportOptions): Promise<ImportSummary> {
  const { log } = options;
  const startedMs = Date.now();
  const format = options.format === 'auto' ? await detectFileFormat(options.file) : options.format;
  const facts = await readFileFacts(options.file);
  if (facts.lineCount === 0) throw new ImportError(`${options.file} is empty`);
  const sourceId = sourceIdOf(format, facts);
  await checkIngestion(options.ingestionUrl);

  const plan = await planChunks(options.file, format, options.chunkLines, facts.lineCount);
  // Opened before the first chunk goes: a path that cannot be written fails before anything is sent.
  const errorsOut = options.errorsFile ? openOutputFile('--errors-file', options.errorsFile) : null;
  log.info(
    `${path.basename(options.file)}: ${plan.total.toLocaleString('en-US')} ${plan.unit}${facts.gzip ? ' (gzip)' : ''}, format ${format}` +
      `${options.format === 'auto' ? ' (detected)' : ''}, sourceId ${sourceId.slice(0, 12)}...`,
  );
  const progress = createProgress({ stream: options.progressStream, interactive: options.interactive, label: 'import', total: plan.total, unit: plan.unit });
  const totals = { accepted: 0, rejected: 0, skipped: 0, duplicates: 0, errorCount: 0, linesDone: 0 };
  const firstErrors: LineError[] = [];

  const baseQuery: Record<string, string> = { format, sourceId };
  if (options.application) baseQuery.application = options.application;
  if (options.host) baseQuery.host = options.host;
  if (options.nginxFields) baseQuery.nginxFields = options.nginxFields;
  const contentType = contentTypeOf[format];

  // One chunk in flight while the next is read; a failure is held as a value so that it is never an
  // unhandled rejection while the reader is busy.
  let inFlight: Promise<unknown> | null = null;
  // Errors of a reply go to the errors file in reply order, each write after the one before.
  let errorsWritten: Promise<void> = Promise.resolve();
  const settle = async () => {
    const failure = inFlight ? await inFlight : null;
    inFlight = null;
    if (failure) throw failure;
  };
  try {
    for await (const chunk of plan.chunks) {
      await settle();
      const lines = plan.unit === 'documents' || chunk.lineCount === 0 ? 'the file' : `${plan.unit} ${chunk.lineOffset + 1}-${chunk.lineOffset + chunk.lineCount}`;
      inFlight = sendChunk({
        ingestionUrl: options.ingestionUrl,
        ingestToken: options.ingestToken,
        query: { ...baseQuery, lineOffset: String(chunk.lineOffset) },
        body: chunk.body,
        contentType,
        lines,
        onRetry: (message) => log.warn(`${options.interactive ? '\n' : ''}${message}`),
      }).then(
        (reply) => {
          totals.accepted += reply.accepted;
          totals.rejected += reply.rejected;
          totals.skipped += reply.skipped;
          totals.duplicates += reply.duplicates;
          // The reply lists at most its first errors; the counts are whole.
          totals.errorCount += reply.rejected + reply.skipped;
          for (const error of reply.errors) if (firstErrors.length < shownErrorCount) firstErrors.push(error);
          if (errorsOut && reply.errors.length > 0) {
            const text = reply.errors.map((error) => `${JSON.stringify(error)}\n`).join('');
            errorsWritten = errorsWritten.then(() => errorsOut.write(text));
            // Held until the end: a failed write (a full disk) fails the import there, never unhandled.
            errorsWritten.catch(() => undefined);
          }
          totals.linesDone += chunk.lineCount;
          progress.update(totals.linesDone);
          return null;
        },
        (error: unknown) => error,
      );
    }
    await settle();
    await errorsWritten;
  } catch (error) {
    await errorsOut?.close().catch(() => undefined);
    throw error;
  }
  await errorsOut?.close();
  // The last progress line only after a success: after a failure the error is what a person must read.
  progress.finish();

  return {
    file: options.file,
    format,
    sourceId,
    bytes: facts.bytes,
    unit: plan.unit,
    lineCount: plan.total,
    accepted: totals.accepted,
    rejected: totals.rejected,
    skipped: totals.skipped,
    duplicates: totals.duplicates,
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
  log.result(`  ${summary.unit.padEnd(9)} ${summary.lineCount.toLocaleString('en-US')} in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} ${summary.unit}/s)`);
  log.result(`  accepted  ${summary.accepted.toLocaleString('en-US')}`);
  log.result(`  rejected  ${summary.rejected.toLocaleString('en-US')}`);
  if (summary.duplicates > 0) log.result(`  duplicates ${summary.duplicates.toLocaleString('en-US')} (stored by an earlier import, not stored again)`);
  if (summary.skipped > 0) log.result(`  skipped   ${summary.skipped.toLocaleString('en-US')} (not HTTP server requests)`);
  log.result(`  sourceId  ${summary.sourceId} ${sourceIdNote(summary.format)}`);
  if (summary.firstErrors.length > 0) {
    log.result(`First ${summary.firstErrors.length} of ${summary.errorCount.toLocaleString('en-US')} errors:`);
    for (const error of summary.firstErrors) {
      log.result(`  ${error.skipped ? 'skipped: ' : ''}${locationOf(error)}${error.field ? ` ${error.field}` : ''}: ${error.message}`);
    }
    if (summary.errorsFile) log.result(`All errors (one JSON object a line): ${summary.errorsFile}`);
    else if (summary.errorCount > summary.firstErrors.length) log.result('To see all of them, import again with --errors-file errors.ndjson (one JSON object a line).');
  }
}

/** What the sourceId promises: a line format's (its first 64 KiB's) holds when the log grew since. */
export function sourceIdNote(format: TrafficFormat): string {
  return lineFormats.has(format) ? '(importing this file again, or after it grew, stores each line once)' : '(importing this file again stores it once)';
}

function locationOf(error: LineError): string {
  if (error.line !== undefined && error.line !== null) return error.entry === undefined || error.entry === null ? `line ${error.line}` : `line ${error.line} span ${error.entry}`;
  if (error.entry !== undefined && error.entry !== null) return `entry ${error.entry}`;
  return 'file';
}

const contentTypeOf: Record<TrafficFormat, string> = {
  ndjson: 'application/x-ndjson',
  combined: 'text/plain; charset=utf-8',
  common: 'text/plain; charset=utf-8',
  'nginx-json': 'application/x-ndjson',
  har: 'application/json',
  'otlp-json': 'application/json',
  'otlp-protobuf': 'application/x-protobuf',
};

type ChunkPlan = { unit: ImportSummary['unit']; total: number; chunks: AsyncIterable<LineChunk> | Iterable<LineChunk> };

/**
 * How a file goes to ingestion: line formats (and OTLP/JSON written one request a line) stream in
 * chunks of lines, in constant memory; a HAR document is read whole (bounded) and sent in chunks of
 * entries, each with its entries' offset; an OTLP document is sent whole.
 */
async function planChunks(file: string, format: TrafficFormat, chunkSize: number, lineCount: number): Promise<ChunkPlan> {
  const lineChunks = (): ChunkPlan => ({
    unit: 'lines',
    total: lineCount,
    chunks: chunkLines(openTrafficFile(file).content, { maxLines: chunkSize, maxBytes: maxChunkBytes, maxLineBytes }),
  });
  if (format === 'otlp-json' && (await firstLineIsDocument(file))) return lineChunks();
  if (!documentFormats.has(format) && format !== 'otlp-json') return lineChunks();
  const document = await readDocument(openTrafficFile(file).content, file);
  if (format !== 'har') return { unit: 'documents', total: 1, chunks: [{ lineOffset: 0, lineCount: 1, body: document }] };
  const { entryCount, chunks } = harChunks(document, chunkSize);
  return { unit: 'entries', total: entryCount, chunks: asLineChunks(chunks) };
}

/** Chunks of HAR entries, numbered like lines: their offset goes as lineOffset, which ingestion counts in entries for HAR. */
function* asLineChunks(chunks: Iterable<EntryChunk>): Generator<LineChunk> {
  for (const chunk of chunks) yield { lineOffset: chunk.entryOffset, lineCount: chunk.entryCount, body: chunk.body };
}

/** OTLP/JSON one request a line (the Collector's file exporter) rather than one pretty-printed document. */
async function firstLineIsDocument(file: string): Promise<boolean> {
  for await (const chunk of chunkLines(openTrafficFile(file).content, { maxLines: 1, maxBytes: maxLineBytes, maxLineBytes })) {
    const line = chunk.body.toString('utf8').trim();
    if (line === '') continue;
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}
