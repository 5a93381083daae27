import { RequestRecord, requestRecordSchema } from '@sessionscope/contracts';
import { LineRejected } from '../line-rejection';
import { isIpv4, validRecord } from './record-fast-path';
import { splitUrl } from '../url-parts';
import { FormatItem, RecordDefaults } from './format-item';

/** An attribute value of OTLP's AnyValue: int64 values come as numbers (exact up to 2^53). */
export type AttributeValue = string | number | boolean | Uint8Array | AttributeValue[] | { [key: string]: AttributeValue } | null;

/** What both OTLP encodings give for a span: enough to tell an HTTP server request and rebuild it. */
export type OtlpSpan = {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Map<string, AttributeValue>;
  resourceAttributes: Map<string, AttributeValue>;
};

/** SpanKind of the OTLP trace proto. */
export const spanKinds = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
export const serverSpanKind = 2;

/**
 * The request an HTTP server span describes, by the HTTP semantic conventions, current and old
 * attribute names alike (`http.request.method` / `http.method`, `url.path` / `http.target`...).
 * Spans that are not requests an API received (client, internal, database spans; server spans
 * without an HTTP method) are skipped with the reason; a server span that is HTTP but broken is
 * rejected. The record's id is the trace and span ids, so a span sent twice is stored once.
 */
export function spanItem(span: OtlpSpan, defaults: RecordDefaults, location: { entry: number; line?: number }): FormatItem {
  if (span.kind !== serverSpanKind) {
    const kind = spanKinds[span.kind] ?? String(span.kind);
    return skipped(location, 'kind', `span "${span.name}" is a ${kind} span, not an HTTP server span: only SERVER spans are requests the API received`);
  }
  try {
    // The ids make the record's id: without them every such span would be one record, stored once.
    if (!/^[0-9a-f]{32}$/.test(span.traceId) || /^0+$/.test(span.traceId)) throw new LineRejected('traceId', `must be 16 bytes, not all zero (OTLP trace_id), found "${span.traceId.slice(0, 40)}"`);
    if (!/^[0-9a-f]{16}$/.test(span.spanId) || /^0+$/.test(span.spanId)) throw new LineRejected('spanId', `must be 8 bytes, not all zero (OTLP span_id), found "${span.spanId.slice(0, 40)}"`);
    const method = text(span.attributes, 'http.request.method', 'http.method');
    if (method === undefined) {
      return skipped(location, 'attributes', `span "${span.name}" is not an HTTP span: it has no http.request.method (or http.method) attribute`);
    }
    return { ok: true, ...location, record: spanRecord(span, method, defaults) };
  } catch (error) {
    if (!(error instanceof LineRejected)) throw error;
    return { ok: false, rejection: { ...location, field: error.field, message: `span ${span.spanId}: ${error.message}` } };
  }
}

function skipped(location: { entry: number; line?: number }, field: string, message: string): FormatItem {
  return { ok: false, rejection: { ...location, field, message, skipped: true } };
}

/** Record fields that come from attributes of another name, for rejections. */
const attributeOfRecordField: Record<string, string> = {
  timestamp: 'startTimeUnixNano',
  durationMs: 'endTimeUnixNano',
  method: 'http.request.method',
  url: 'url.full',
  status: 'http.response.status_code',
  clientIp: 'client.address',
  application: 'service.name',
  requestBytes: 'http.request.body.size',
  responseBytes: 'http.response.body.size',
};

function spanRecord(span: OtlpSpan, method: string, defaults: RecordDefaults): RequestRecord {
  const attributes = span.attributes;
  if (span.startTimeUnixNano <= 0n) throw new LineRejected('startTimeUnixNano', 'is missing or zero');
  if (span.endTimeUnixNano < span.startTimeUnixNano) throw new LineRejected('endTimeUnixNano', 'is before startTimeUnixNano');
  const requestHeaders = headerAttributes(attributes, 'http.request.header.');
  const userAgent = text(attributes, 'user_agent.original', 'http.user_agent');
  if (userAgent !== undefined && requestHeaders['user-agent'] === undefined) requestHeaders['user-agent'] = userAgent;
  const service = text(span.resourceAttributes, 'service.name');
  const record: Record<string, unknown> = {
    id: `${span.traceId}-${span.spanId}`,
    timestamp: isoOfNanos(span.startTimeUnixNano),
    method,
    url: urlOf(attributes, requestHeaders, defaults.host),
    clientIp: clientIpOf(attributes) ?? defaults.clientIp,
    application: service !== undefined && service !== '' && service.length <= 100 ? service : defaults.application,
    durationMs: Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6,
    requestHeaders,
    responseHeaders: headerAttributes(attributes, 'http.response.header.'),
  };
  const status = integer(attributes, 'http.response.status_code', 'http.status_code');
  if (status !== undefined) record['status'] = status;
  const requestBytes = integer(attributes, 'http.request.body.size', 'http.request_content_length');
  if (requestBytes !== undefined) record['requestBytes'] = requestBytes;
  const responseBytes = integer(attributes, 'http.response.body.size', 'http.response_content_length');
  if (responseBytes !== undefined) record['responseBytes'] = responseBytes;
  return validRecord(record, attributeOfRecordField);
}

/**
 * `url.full` (or the old `http.url`) when the span has it; else scheme, host and port, path and query
 * from their own attributes (`url.path` and `url.query`, or the old `http.target`), as the
 * conventions split them for server spans.
 */
function urlOf(attributes: Map<string, AttributeValue>, headers: Record<string, string>, defaultHost: string): string {
  const full = text(attributes, 'url.full', 'http.url');
  if (full !== undefined) {
    splitUrl(full, 'url.full');
    return full;
  }
  let target = text(attributes, 'http.target');
  const path = text(attributes, 'url.path');
  if (path !== undefined) {
    const query = text(attributes, 'url.query');
    target = query === undefined || query === '' ? path : `${path}?${query}`;
  }
  if (target === undefined) throw new LineRejected('url.path', 'an HTTP server span needs url.full, url.path or http.target to say what was requested');
  if (!target.startsWith('/')) throw new LineRejected(path !== undefined ? 'url.path' : 'http.target', `"${target.slice(0, 80)}" does not start with /`);
  const hostName = text(attributes, 'server.address', 'net.host.name', 'http.server_name') ?? hostHeaderName(text(attributes, 'http.host') ?? headers['host']);
  if (hostName === undefined || hostName === '') {
    return defaultHost === '' ? target : `${schemeOf(attributes)}://${defaultHost}${target}`;
  }
  const port = integer(attributes, 'server.port', 'net.host.port');
  const scheme = schemeOf(attributes);
  const defaultPort = scheme === 'https' ? 443 : 80;
  const host = hostName.includes(':') && !hostName.startsWith('[') ? `[${hostName}]` : hostName;
  return `${scheme}://${host}${port === undefined || port === defaultPort ? '' : `:${port}`}${target}`;
}

function schemeOf(attributes: Map<string, AttributeValue>): 'http' | 'https' {
  return text(attributes, 'url.scheme', 'http.scheme')?.toLowerCase() === 'https' ? 'https' : 'http';
}

/** A Host header value without its port: the port has its own attribute. */
function hostHeaderName(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
}

/** The client's address: the conventions' own first, then the peer of the connection (a proxy, perhaps). */
function clientIpOf(attributes: Map<string, AttributeValue>): string | undefined {
  for (const name of ['client.address', 'http.client_ip', 'net.sock.peer.addr', 'network.peer.address', 'net.peer.ip']) {
    const value = attributes.get(name);
    if (typeof value === 'string' && (isIpv4(value) || requestRecordSchema.shape.clientIp.safeParse(value).success)) return value;
  }
  return undefined;
}

/** `http.request.header.<name>` attributes: a list of strings each (one string in older instrumentations). */
function headerAttributes(attributes: Map<string, AttributeValue>, prefix: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of attributes) {
    if (!name.startsWith(prefix)) continue;
    const header = name.slice(prefix.length).toLowerCase().replace(/_/g, '-');
    if (typeof value === 'string') headers[header] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) headers[header] = value.join(header === 'cookie' ? '; ' : ', ');
    else throw new LineRejected(name, 'a header attribute must be a string or a list of strings');
  }
  return headers;
}

function text(attributes: Map<string, AttributeValue>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = attributes.get(name);
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new LineRejected(name, `must be a string attribute, found ${typeof value === 'object' ? 'a list or map' : `a ${typeof value}`}`);
    return value;
  }
  return undefined;
}

/** An integer attribute; older instrumentations sometimes wrote numbers as strings. */
function integer(attributes: Map<string, AttributeValue>, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = attributes.get(name);
    if (value === undefined) continue;
    const number = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) throw new LineRejected(name, 'must be an integer attribute');
    return number;
  }
  return undefined;
}

/** Nanoseconds since the epoch to ISO 8601 with milliseconds (what the record keeps). */
export function isoOfNanos(nanos: bigint): string {
  const ms = Number(nanos / 1_000_000n);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new LineRejected('startTimeUnixNano', `${nanos} ns is not a time`);
  return date.toISOString();
}
