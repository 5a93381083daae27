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
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decode = (bytes: Uint8Array): string | null => {
    try {
      return decoder.decode(bytes);
    } catch {
      return null;
    }
  };
  let start = hasByteOrderMark(body) ? byteOrderMark.length : 0;
  let line = options.lineOffset;
  while (start < body.length) {
    const newlineAt = body.indexOf(newline, start);
    const end = newlineAt < 0 ? body.length : newlineAt;
    const contentEnd = end > start && body[end - 1] === carriageReturn ? end - 1 : end;
    line++;
    const bytes = contentEnd - start;
    if (bytes > options.maxLineBytes) {
      yield { line, field: null, message: `line is ${bytes} bytes long, over the limit of ${options.maxLineBytes} bytes` };
    } else {
      const decoded = decode(body.subarray(start, contentEnd));
      if (decoded === null) yield { line, field: null, message: 'line is not valid UTF-8' };
      else if (decoded.trim() !== '') yield { line, text: decoded };
    }
    start = end + 1;
  }
}

export function isBodyLine(item: BodyLine | LineRejection): item is BodyLine {
  return 'text' in item;
}

function hasByteOrderMark(body: Uint8Array): boolean {
  return byteOrderMark.every((byte, index) => body[index] === byte);
}
