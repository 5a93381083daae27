import type { ObservedRequest, RequestRecord } from '@sessionscope/contracts';
import { LineRejected } from './line-rejection';
import { splitUrl } from './url-parts';

export type NormaliseOptions = {
  id: string;
  tenant: string;
  /** Absolute line number of the record in its source. */
  line: number;
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
  const url = splitUrl(record.url);
  const host = url.host ?? (record.host ?? requestHeaders['host'] ?? options.host).toLowerCase();
  if (host.length > maxHostLength) throw new LineRejected(url.host ? 'url' : 'host', `the host is ${host.length} characters long, over the ${maxHostLength} a host name may have`);
  return {
    id: options.id,
    tenant: options.tenant,
    application: record.application ?? options.application,
    timestamp: new Date(Date.parse(record.timestamp)).toISOString(),
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
    responseHeaders: normaliseHeaders(record.responseHeaders),
    requestBody: record.requestBody ?? null,
    responseBody: record.responseBody ?? null,
    source: { format: options.format, line: options.line },
  };
}

/**
 * Header names lower-cased; several values of one header (an array, or names differing only in case)
 * joined with ", " as HTTP does, except Cookie, whose pairs are joined with "; " (RFC 6265 5.4), so the
 * cookies of a request split over several Cookie headers (HTTP/2) read as one header.
 */
export function normaliseHeaders(headers: Record<string, string | string[]> | undefined): Record<string, string> {
  const merged = new Map<string, string>();
  for (const [rawName, rawValue] of Object.entries(headers ?? {})) {
    const name = rawName.toLowerCase();
    const separator = name === 'cookie' ? '; ' : ', ';
    const value = Array.isArray(rawValue) ? rawValue.join(separator) : rawValue;
    const earlier = merged.get(name);
    merged.set(name, earlier === undefined ? value : `${earlier}${separator}${value}`);
  }
  // fromEntries defines own properties, so a header named "__proto__" stays a header.
  return Object.fromEntries(merged);
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
