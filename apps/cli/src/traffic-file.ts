import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ImportError } from './ingestion-client';

export const importFormats = ['ndjson', 'combined', 'common', 'nginx-json', 'har', 'otlp-json', 'otlp-protobuf'] as const;
export type TrafficFormat = (typeof importFormats)[number];

/** A file that is one document (or binary), sent whole or entry by entry rather than line by line. */
export const documentFormats: ReadonlySet<TrafficFormat> = new Set(['har', 'otlp-protobuf']);

const gzipMagic = [0x1f, 0x8b];

export function isGzip(head: Uint8Array): boolean {
  return head[0] === gzipMagic[0] && head[1] === gzipMagic[1];
}

/** Field names only nginx JSON log formats use, beside the request record's own. */
const nginxFields = ['remote_addr', 'time_local', 'time_iso8601', 'request_uri', 'request_method', 'body_bytes_sent', 'request_time', 'http_user_agent'];

/**
 * The format of a traffic file from its first (decompressed) bytes:
 * - bytes that are not text and start like a protobuf message (field 1, length-delimited): OTLP/protobuf;
 * - JSON whose first field is `resourceSpans`: OTLP/JSON (one document or one a line); whose only field
 *   is `log`: HAR;
 * - a first line that is a JSON object with nginx variable names: nginx JSON; any other object: NDJSON;
 * - else an access log: common when the line ends after the size, combined otherwise.
 */
export function detectFormat(head: Buffer): TrafficFormat {
  if (!isText(head)) {
    if (head[0] === 0x0a) return 'otlp-protobuf';
    throw new ImportError('the file is binary and not OTLP/protobuf; pass --format if it is one of the formats import reads');
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const fields = jsonObjectKeys(trimmed.split('\n')[0].trim());
    if (fields === null) {
      // Not one object on the first line: a pretty-printed document, or one longer than the head.
      if (/^\{\s*"(resourceSpans|resource_spans)"\s*:/.test(trimmed)) return 'otlp-json';
      if (/^\{\s*"log"\s*:/.test(trimmed)) return 'har';
      return 'ndjson';
    }
    if (fields.includes('resourceSpans') || fields.includes('resource_spans')) return 'otlp-json';
    if (fields.length === 1 && fields[0] === 'log') return 'har';
    if (nginxFields.some((field) => fields.includes(field)) && !fields.includes('url')) return 'nginx-json';
    return 'ndjson';
  }
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  return /^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" \S+ \S+\s*$/.test(firstLine) ? 'common' : 'combined';
}

function jsonObjectKeys(line: string): string[] | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : null;
  } catch {
    return null;
  }
}

/** Text: UTF-8 (a multi-byte character cut at the end of the head is fine) without control bytes but tab, CR, LF. */
function isText(head: Buffer): boolean {
  for (let index = 0; index < Math.min(head.length, 4096); index++) {
    const byte = head[index];
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}

/** An ImportError naming the path when it is not a regular file (missing, a directory...). */
function checkIsFile(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new ImportError(`${file} does not exist`);
  if (!stat.isFile()) throw new ImportError(`${file} is ${stat.isDirectory() ? 'a directory' : 'not a regular file'}; a file is expected`);
}

/**
 * The file's content as a stream, gunzipped when the file is gzip (by its magic bytes, whatever its name).
 * A path that is not a regular file is an ImportError naming it.
 */
export function openTrafficFile(file: string): { content: AsyncIterable<Buffer>; gzip: boolean } {
  checkIsFile(file);
  const head = Buffer.alloc(2);
  const descriptor = fs.openSync(file, 'r');
  try {
    fs.readSync(descriptor, head, 0, 2, 0);
  } finally {
    fs.closeSync(descriptor);
  }
  const raw = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  if (!isGzip(head)) return { content: raw as AsyncIterable<Buffer>, gzip: false };
  const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
  // pipe() does not pass the file's errors on; the gunzip stream must fail with them.
  raw.on('error', (error) => gunzip.destroy(error));
  return { content: raw.pipe(gunzip) as AsyncIterable<Buffer>, gzip: true };
}

/** Names that say the format whatever the content: a `.har` that is not JSON is a broken HAR, not a log. */
const formatOfExtension: Array<[RegExp, TrafficFormat]> = [
  [/\.har(\.gz)?$/i, 'har'],
  [/\.(pb|binpb|protobuf)(\.gz)?$/i, 'otlp-protobuf'],
];

/**
 * The format from the file's name when it says one (`.har`, `.pb`), else from up to 64 KiB of its
 * (decompressed) start.
 */
export async function detectFileFormat(file: string): Promise<TrafficFormat> {
  checkIsFile(file);
  const named = formatOfExtension.find(([pattern]) => pattern.test(file));
  if (named) return named[1];
  let head = Buffer.alloc(0);
  for await (const chunk of openTrafficFile(file).content) {
    head = Buffer.concat([head, chunk]);
    if (head.length >= 64 * 1024) break;
  }
  return detectFormat(head.subarray(0, 64 * 1024));
}

/**
 * Formats read line by line, whose lines ingestion numbers from the file's start: a log that grows keeps
 * its start, so its sourceId is that of its start (see sourceIdOf).
 */
export const lineFormats: ReadonlySet<TrafficFormat> = new Set(['ndjson', 'combined', 'common', 'nginx-json']);

/**
 * How much of a log's start names it. Two logs that differ anywhere in it are told apart; replicas'
 * logs that begin alike (the same health check in the same second) differ well within 64 KiB.
 */
export const headBytes = 64 * 1024;

export type ContentFacts = {
  /** sha256 of the whole content, hex. */
  sha256: string;
  /**
   * sha256, hex, of `head\n` and the content's first `headBytes` bytes (all of it when shorter). The
   * prefix keeps it from ever equalling the sha256 of a whole file.
   */
  headSha256: string;
  bytes: number;
  /** Lines, a last line without a newline counted. */
  lineCount: number;
};

export type FileFacts = ContentFacts & { gzip: boolean };

/** One pass over a stream of bytes: the facts import needs before it sends anything. */
export async function readContentFacts(content: AsyncIterable<Buffer>): Promise<ContentFacts> {
  const hash = createHash('sha256');
  const headHash = createHash('sha256').update('head\n');
  let bytes = 0;
  let newlines = 0;
  let lastByte = 0x0a;
  for await (const buffer of content) {
    hash.update(buffer);
    if (bytes < headBytes) headHash.update(buffer.subarray(0, headBytes - bytes));
    bytes += buffer.length;
    for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, at + 1)) newlines += 1;
    if (buffer.length > 0) lastByte = buffer[buffer.length - 1];
  }
  return { sha256: hash.digest('hex'), headSha256: headHash.digest('hex'), bytes, lineCount: newlines + (lastByte === 0x0a ? 0 : 1) };
}

/** The facts of a file's content (gunzipped when it is gzip, so compressed or not it is the same content). */
export async function readFileFacts(file: string): Promise<FileFacts> {
  const source = openTrafficFile(file);
  return { ...(await readContentFacts(source.content)), gzip: source.gzip };
}

/**
 * The sourceId an import sends, from which ingestion makes the ids of the file's records. A line format
 * is named by its first 64 KiB, so the same log imported again after it grew stores each line once
 * (the line's own text is part of its id too); a log shorter than that, or a document (HAR, OTLP), is
 * named by its whole content.
 */
export function sourceIdOf(format: TrafficFormat, facts: ContentFacts): string {
  return lineFormats.has(format) ? facts.headSha256 : facts.sha256;
}

export type LineChunk = {
  /** Lines of the file before this chunk: ingestion numbers the chunk's lines from lineOffset + 1. */
  lineOffset: number;
  lineCount: number;
  body: Buffer;
};

/**
 * Cuts a stream of bytes into chunks of whole lines, without decoding them (ingestion checks UTF-8
 * itself and must see the bytes as they are): `maxLines` lines per chunk, fewer when the chunk would
 * pass `maxBytes` (a single longer line goes alone). Blank lines count, so line numbers stay those of
 * the file; a last line without a newline counts too. Memory stays within one chunk and one line.
 */
export async function* chunkLines(
  source: AsyncIterable<Buffer>,
  options: { maxLines: number; maxBytes: number; maxLineBytes: number },
): AsyncGenerator<LineChunk> {
  let chunkParts: Buffer[] = [];
  let chunkBytes = 0;
  let chunkLineCount = 0;
  let lineOffset = 0;
  let partial: Buffer[] = [];
  let partialBytes = 0;

  const emit = (): LineChunk => {
    const chunk = { lineOffset, lineCount: chunkLineCount, body: Buffer.concat(chunkParts, chunkBytes) };
    lineOffset += chunkLineCount;
    chunkParts = [];
    chunkBytes = 0;
    chunkLineCount = 0;
    return chunk;
  };
  const overlong = () =>
    new Error(`line ${lineOffset + chunkLineCount + 1} is longer than ${options.maxLineBytes} bytes: ingestion cannot take it; is this a traffic file?`);

  for await (const buffer of source) {
    let position = 0;
    for (;;) {
      const newlineAt = buffer.indexOf(0x0a, position);
      if (newlineAt < 0) break;
      const lineBytes = partialBytes + newlineAt + 1 - position;
      if (lineBytes > options.maxLineBytes) throw overlong();
      if (chunkLineCount > 0 && chunkBytes + lineBytes > options.maxBytes) yield emit();
      chunkParts.push(...partial, buffer.subarray(position, newlineAt + 1));
      chunkBytes += lineBytes;
      chunkLineCount += 1;
      partial = [];
      partialBytes = 0;
      position = newlineAt + 1;
      if (chunkLineCount >= options.maxLines) yield emit();
    }
    if (position < buffer.length) {
      partial.push(buffer.subarray(position));
      partialBytes += buffer.length - position;
      if (partialBytes > options.maxLineBytes) throw overlong();
    }
  }
  if (partialBytes > 0) {
    if (chunkLineCount > 0 && chunkBytes + partialBytes > options.maxBytes) yield emit();
    chunkParts.push(...partial);
    chunkBytes += partialBytes;
    chunkLineCount += 1;
  }
  if (chunkLineCount > 0) yield emit();
}
