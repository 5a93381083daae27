import { createHash } from 'node:crypto';
import fs from 'node:fs';

export type TrafficFormat = 'ndjson' | 'combined' | 'common';

/** The first non-blank line decides: a JSON object means NDJSON, anything else an access log. */
export function detectFormat(firstBytes: Buffer): 'ndjson' | 'combined' {
  const text = firstBytes.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  return firstLine.trimStart().startsWith('{') ? 'ndjson' : 'combined';
}

/** Reads up to 64 KiB from the start of the file, skipping leading blank lines beyond that. */
export async function detectFileFormat(file: string): Promise<'ndjson' | 'combined'> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) {
    const buffer = chunk as Buffer;
    if (buffer.toString('utf8').replace(/^\uFEFF/, '').trim() !== '') return detectFormat(buffer);
  }
  return 'combined';
}

export type FileFacts = { sha256: string; bytes: number; lineCount: number };

/**
 * One pass over the file: its sha256 (the import's sourceId, so importing the same file twice stores
 * it once), its size and its number of lines (a last line without a newline counts).
 */
export async function readFileFacts(file: string): Promise<FileFacts> {
  const hash = createHash('sha256');
  let bytes = 0;
  let newlines = 0;
  let lastByte = 0x0a;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
    for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, at + 1)) newlines += 1;
    lastByte = buffer[buffer.length - 1];
  }
  return { sha256: hash.digest('hex'), bytes, lineCount: newlines + (lastByte === 0x0a ? 0 : 1) };
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
