import { AppError } from '@sessionscope/shared/errors';
import { excerpt } from '../line-rejection';

const byteOrderMark = [0xef, 0xbb, 0xbf];

/**
 * A whole body that is one JSON document (a HAR file, an OTLP/JSON request): UTF-8 checked, then
 * parsed. A body that is neither is refused whole with a `what`-named code, since no item in it can be
 * located. JSON.parse does not recurse, so deep nesting cannot exhaust the stack here; the readers
 * that walk the value only follow the shapes they know.
 */
export function parseJsonDocument(body: Uint8Array, what: { name: string; code: string }): unknown {
  return parseJsonText(decodeJsonText(body, what), what);
}

/** A body's text, UTF-8 checked, without its byte order mark; refused when empty. */
export function decodeJsonText(body: Uint8Array, what: { name: string; code: string }): string {
  const start = byteOrderMark.every((byte, index) => body[index] === byte) ? byteOrderMark.length : 0;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(start));
  } catch {
    throw documentError(what, `the ${what.name} is not valid UTF-8`);
  }
  if (text.trim() === '') throw documentError(what, `the ${what.name} is empty`);
  return text;
}

export function parseJsonText(text: string, what: { name: string; code: string }): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const truncated = /end of JSON input|Unterminated/i.test((error as Error).message) ? ' (is the file truncated?)' : '';
    throw documentError(what, `the ${what.name} is not JSON${truncated}: ${(error as Error).message}; it starts with "${excerpt(text.trimStart(), 40)}"`);
  }
}

export function documentError(what: { code: string }, message: string, field = 'body'): AppError {
  return new AppError('invalid', what.code, message, { details: [{ field, message }] });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a string", "an array", "null"...: what a value was, for messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
