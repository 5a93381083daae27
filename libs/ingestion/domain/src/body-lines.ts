import { isUtf8 } from 'node:buffer';
import { LineRejection } from './line-rejection';

export type BodyLine = { line: number; text: string };

const newline = 0x0a;
const carriageReturn = 0x0d;
const byteOrderMark = [0xef, 0xbb, 0xbf];

/**
 * The non-blank lines of a body, numbered from `lineOffset + 1`, or the rejection of a line that is
 * longer than `maxLineBytes` (measured in bytes, without its line ending, before it is decoded) or not
 * UTF-8. Lines end with LF or CRLF; a UTF-8 byte order mark at the start of the body is dropped.
 */
export function* bodyLines(body: Uint8Array, options: { maxLineBytes: number; lineOffset: number }): Generator<BodyLine | LineRejection> {
  // A Buffer view (no copy): its indexOf and toString are native and much faster than a Uint8Array's.
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // The usual body is UTF-8 throughout: one native check, then each line is decoded without one. Small
  // strings a line are also cheaper than one string of the whole body, which a large body would need
  // to allocate and copy at once.
  const decode = isUtf8(bytes) ? (start: number, end: number): string | null => bytes.toString('utf8', start, end) : strictDecoder(bytes);
  let start = hasByteOrderMark(bytes) ? byteOrderMark.length : 0;
  let line = options.lineOffset;
  while (start < bytes.length) {
    const newlineAt = bytes.indexOf(newline, start);
    const end = newlineAt < 0 ? bytes.length : newlineAt;
    const contentEnd = end > start && bytes[end - 1] === carriageReturn ? end - 1 : end;
    line++;
    const length = contentEnd - start;
    if (length > options.maxLineBytes) {
      yield { line, field: null, message: `line is ${length} bytes long, over the limit of ${options.maxLineBytes} bytes` };
    } else {
      const decoded = decode(start, contentEnd);
      if (decoded === null) yield { line, field: null, message: 'line is not valid UTF-8' };
      else if (!isBlank(decoded)) yield { line, text: decoded };
    }
    start = end + 1;
  }
}

/** Decodes a line of a body that is not all UTF-8: null for a line that is not, so that only it is rejected. */
function strictDecoder(bytes: Buffer): (start: number, end: number) => string | null {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return (start, end) => {
    try {
      return decoder.decode(bytes.subarray(start, end));
    } catch {
      return null;
    }
  };
}

function isBlank(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0x7f) return text.trim() === '';
    if (code !== 0x20 && code !== 0x09 && code !== 0x0d && code !== 0x0b && code !== 0x0c) return false;
  }
  return true;
}

export function isBodyLine(item: BodyLine | LineRejection): item is BodyLine {
  return 'text' in item;
}

function hasByteOrderMark(body: Uint8Array): boolean {
  return byteOrderMark.every((byte, index) => body[index] === byte);
}
