import type { ObservedRequest, RequestRecord } from '@sessionscope/contracts';
import { LineRejected } from './line-rejection';
import { splitUrl } from './url-parts';

export type NormaliseOptions = {
  id: string;
  tenant: string;
  /** Absolute line number of the record in its source; null for a HAR entry or an OTLP span. */
  line: number | null;
  /** Index of a HAR entry or an OTLP span in its document. */
  entry?: number;
  format: string;
  /** Application of a record that names none. */
  application: string;
  /** Host of an origin-form record that names none (neither `host` nor a Host header). */
  host: string;
};

/** The longest host name DNS allows (RFC 1035), with room for a port. */
const maxHostLength = 261;

/**
 * Turns a validated request record into the request the pipeline carries: lower-case header names,
 * one string per header, split URL, UTC timestamp with milliseconds, null where the record is silent.
 */
export function normaliseRecord(record: RequestRecord, options: NormaliseOptions): ObservedRequest {
  if (hasControlCharacter(options.id)) throw new LineRejected('id', 'id must not contain control characters');
  const requestHeaders = normaliseHeaders(record.requestHeaders);
  const responseHeaders = normaliseHeaders(record.responseHeaders);
  checkHeadersSize('requestHeaders', requestHeaders);
  checkHeadersSize('responseHeaders', responseHeaders);
  const url = splitUrl(record.url);
  const host = url.host ?? (record.host ?? requestHeaders['host'] ?? options.host).toLowerCase();
  if (host.length > maxHostLength) throw new LineRejected(url.host ? 'url' : 'host', `the host is ${host.length} characters long, over the ${maxHostLength} a host name may have`);
  return {
    id: options.id,
    tenant: options.tenant,
    application: record.application ?? options.application,
    timestamp: utcTimestamp(record.timestamp),
    method: record.method.toUpperCase(),
    scheme: url.scheme ?? schemeOfOriginForm(requestHeaders),
    host,
    path: url.path,
    query: url.query,
    status: record.status ?? null,
    durationMs: record.durationMs ?? null,
    requestBytes: record.requestBytes ?? null,
    responseBytes: record.responseBytes ?? null,
    clientIp: record.clientIp,
    userAgent: requestHeaders['user-agent'] ?? null,
    requestHeaders,
    responseHeaders,
    requestBody: record.requestBody ?? null,
    responseBody: record.responseBody ?? null,
    source: options.entry === undefined ? { format: options.format, line: options.line } : { format: options.format, line: options.line, entry: options.entry },
  };
}

/**
 * The headers of one side, in characters. Servers refuse far less (8 to 64 KiB); a capture with more
 * is broken, and one event must stay within what NATS carries in a message (bodies are capped apart).
 */
export const maxHeadersChars = 256 * 1024;

function checkHeadersSize(field: string, headers: Record<string, string>): void {
  let chars = 0;
  for (const name in headers) chars += name.length + headers[name].length;
  if (chars > maxHeadersChars) throw new LineRejected(field, `the headers are ${chars} characters long, over the ${maxHeadersChars} a request record may carry`);
}

/**
 * Header names lower-cased; several values of one header (an array, or names differing only in case)
 * joined with ", " as HTTP does, except Cookie, whose pairs are joined with "; " (RFC 6265 5.4), so the
 * cookies of a request split over several Cookie headers (HTTP/2) read as one header.
 */
export function normaliseHeaders(headers: Record<string, string | string[]> | undefined): Record<string, string> {
  // A plain object is built directly (this runs for every record); a Map only where a header is named
  // "__proto__", which an assignment would take for the prototype.
  const result: Record<string, string> = {};
  if (headers === undefined) return result;
  if (isNormalised(headers)) return headers;
  for (const rawName in headers) {
    if (!Object.hasOwn(headers, rawName)) continue;
    const name = rawName.toLowerCase();
    if (name === '__proto__') return normaliseHeadersInMap(headers);
    const rawValue = headers[rawName];
    const separator = name === 'cookie' ? '; ' : ', ';
    const value = typeof rawValue === 'string' ? rawValue : rawValue.join(separator);
    result[name] = Object.hasOwn(result, name) ? `${result[name]}${separator}${value}` : value;
  }
  return result;
}

/**
 * Whether headers are already as normaliseHeaders makes them (plain, own names in lower case, one
 * string each): most records send them so, and they are then taken as they are, not copied.
 */
function isNormalised(headers: Record<string, string | string[]>): headers is Record<string, string> {
  if (Object.getPrototypeOf(headers) !== Object.prototype) return false;
  for (const name in headers) {
    if (typeof headers[name] !== 'string' || !Object.hasOwn(headers, name) || name === '__proto__' || !isLowerCaseAscii(name)) return false;
  }
  return true;
}

function isLowerCaseAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code >= 0x41 && code <= 0x5a) || code > 0x7f) return false;
  }
  return true;
}

function normaliseHeadersInMap(headers: Record<string, string | string[]>): Record<string, string> {
  const merged = new Map<string, string>();
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    const separator = name === 'cookie' ? '; ' : ', ';
    const value = Array.isArray(rawValue) ? rawValue.join(separator) : rawValue;
    const earlier = merged.get(name);
    merged.set(name, earlier === undefined ? value : `${earlier}${separator}${value}`);
  }
  // fromEntries defines own properties, so a header named "__proto__" stays a header.
  return Object.fromEntries(merged);
}

/**
 * The record's time (valid ISO 8601, checked by the record schema) in UTC with milliseconds. Times
 * already written so, or in UTC to the second (`+00:00`, as access logs of UTC servers give), are
 * rewritten without a Date: this runs for every record.
 */
function utcTimestamp(timestamp: string): string {
  if (timestamp.length === 24 && timestamp.charCodeAt(23) === 0x5a && timestamp.charCodeAt(19) === 0x2e) return timestamp;
  if (timestamp.length === 25 && timestamp.endsWith('+00:00') && timestamp.charCodeAt(10) === 0x54) return `${timestamp.slice(0, 19)}.000Z`;
  return new Date(Date.parse(timestamp)).toISOString();
}

/** An origin-form target does not say whether TLS was used; a proxy in front may say so. */
function schemeOfOriginForm(headers: Record<string, string>): 'http' | 'https' {
  const forwarded = headers['x-forwarded-proto']?.split(',')[0].trim().toLowerCase();
  return forwarded === 'https' ? 'https' : 'http';
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
