import { requestRecordSchema } from '@sessionscope/contracts';
import type { DetectableRequest } from '@sessionscope/detection';
import { normaliseHeaders, splitUrl } from '@sessionscope/ingestion/domain';

export type InputLine = { line: number; text: string } | { line: number; error: string };

/**
 * The lines of a byte stream, numbered from 1 as in the file, decoded as UTF-8 (LF or CRLF ends; a last
 * line without one counts; blank lines are skipped but keep their number). A line longer than
 * `maxLineBytes` is not kept in memory: its bytes are skipped up to the next line end and it gives an
 * error. Memory stays within one line and one read chunk, whatever the file's size.
 */
export async function* readInputLines(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<InputLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overlong = false;
  let line = 0;
  const finishLine = (): InputLine | null => {
    line++;
    const bytes = Buffer.concat(parts, partBytes);
    const wasOverlong = overlong;
    parts = [];
    partBytes = 0;
    overlong = false;
    if (wasOverlong) return { line, error: `line is longer than ${maxLineBytes} bytes` };
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    let text: string;
    try {
      // A byte order mark opening a line is dropped by the decoder.
      text = decoder.decode(bytes.subarray(0, end));
    } catch {
      return { line, error: 'line is not valid UTF-8' };
    }
    return text.trim() === '' ? null : { line, text };
  };
  const keep = (bytes: Buffer) => {
    if (overlong || bytes.length === 0) return;
    if (partBytes + bytes.length > maxLineBytes) {
      overlong = true;
      parts = [];
      partBytes = 0;
      return;
    }
    parts.push(bytes);
    partBytes += bytes.length;
  };
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let position = 0;
    for (;;) {
      const newlineAt = buffer.indexOf(0x0a, position);
      if (newlineAt < 0) break;
      keep(buffer.subarray(position, newlineAt));
      const finished = finishLine();
      if (finished) yield finished;
      position = newlineAt + 1;
    }
    keep(buffer.subarray(position));
  }
  if (partBytes > 0 || overlong) {
    const finished = finishLine();
    if (finished) yield finished;
  }
}

/** What detection needs of a request record; the other fields (time, client, response) may be absent. */
const detectableRecordSchema = requestRecordSchema.pick({ method: true, url: true, host: true, requestHeaders: true, requestBody: true });

/**
 * One NDJSON request record (libs/contracts, `requestRecordSchema`) as the request detection reads:
 * method, path and raw query of the URL (split as ingestion splits it), lower-case headers, body. Only
 * the fields detection needs are required, so records captured without timestamps or client addresses
 * can still be checked. Throws an Error that says what is wrong.
 */
export function detectableOfRecordLine(text: string): DetectableRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object (a request record)');
  const parsed = detectableRecordSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; '));
  }
  const record = parsed.data;
  let url;
  try {
    url = splitUrl(record.url);
  } catch (error) {
    throw new Error(`url: ${(error as Error).message}`);
  }
  return {
    method: record.method.toUpperCase(),
    path: url.path,
    query: url.query,
    requestHeaders: normaliseHeaders(record.requestHeaders),
    requestBody: record.requestBody ?? null,
  };
}
