import { RequestRecord, requestRecordSchema } from '@sessionscope/contracts';
import { rejectionOfIssues } from '../schema-issues';

/**
 * A request record checked against the record schema. The schema (zod) is the rule, but it costs
 * several microseconds a record, more than the rest of reading one; so the usual shape of each field
 * is checked here first, by hand, and a record is taken at once when every field has it. Any field
 * that is unusual (an IPv6 client, a timestamp in another ISO form, a wrong type) sends the whole
 * record through the schema, which decides and words the rejection. This check only ever accepts
 * what the schema accepts (record-fast-path.spec.ts holds the two side by side).
 *
 * `fieldNames` names fields as the input format calls them, for rejections.
 */
export function validRecord(value: Record<string, unknown>, fieldNames?: Record<string, string>): RequestRecord {
  const fast = fastRecord(value);
  if (fast !== null) return fast;
  const parsed = requestRecordSchema.safeParse(value);
  if (!parsed.success) throw rejectionOfIssues(parsed.error.issues, fieldNames);
  return parsed.data;
}

/** The record when every field has its usual shape, else null (the schema decides). */
export function fastRecord(value: Record<string, unknown>): RequestRecord | null {
  const { id, timestamp, method, url, host, status, durationMs, requestBytes, responseBytes, clientIp, application, requestHeaders, responseHeaders, requestBody, responseBody } = value;
  if (typeof timestamp !== 'string' || !isUsualTimestamp(timestamp)) return null;
  if (typeof method !== 'string' || !isMethod(method)) return null;
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  if (typeof clientIp !== 'string' || !isIpv4(clientIp)) return null;
  // Unknown fields are dropped, as the schema does; a record without any is taken as it is, uncopied.
  let known = 4;
  for (const field of optionalFields) if (value[field] !== undefined) known++;
  let total = 0;
  for (const key in value) if (value[key] !== undefined) total++;
  const record: RequestRecord = total === known ? (value as RequestRecord) : { timestamp, method, url, clientIp };
  if (id !== undefined) {
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) return null;
    record.id = id;
  }
  if (host !== undefined) {
    if (typeof host !== 'string' || host.length > 255) return null;
    record.host = host;
  }
  if (status !== undefined) {
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return null;
    record.status = status;
  }
  if (durationMs !== undefined) {
    if (typeof durationMs !== 'number' || !(durationMs >= 0 && durationMs <= 1e9)) return null;
    record.durationMs = durationMs;
  }
  if (requestBytes !== undefined) {
    if (typeof requestBytes !== 'number' || !Number.isSafeInteger(requestBytes) || requestBytes < 0) return null;
    record.requestBytes = requestBytes;
  }
  if (responseBytes !== undefined) {
    if (typeof responseBytes !== 'number' || !Number.isSafeInteger(responseBytes) || responseBytes < 0) return null;
    record.responseBytes = responseBytes;
  }
  if (application !== undefined) {
    if (typeof application !== 'string' || application.length === 0 || application.length > 100) return null;
    record.application = application;
  }
  if (requestHeaders !== undefined) {
    if (!isHeaders(requestHeaders)) return null;
    record.requestHeaders = requestHeaders;
  }
  if (responseHeaders !== undefined) {
    if (!isHeaders(responseHeaders)) return null;
    record.responseHeaders = responseHeaders;
  }
  if (requestBody !== undefined) {
    if (typeof requestBody !== 'string') return null;
    record.requestBody = requestBody;
  }
  if (responseBody !== undefined) {
    if (typeof responseBody !== 'string') return null;
    record.responseBody = responseBody;
  }
  return record;
}

function isHeaders(value: unknown): value is Record<string, string | string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  for (const key in value) {
    const header = (value as Record<string, unknown>)[key];
    if (typeof header === 'string') continue;
    if (!Array.isArray(header)) return false;
    for (const item of header) if (typeof item !== 'string') return false;
  }
  return true;
}

function isMethod(text: string): boolean {
  if (text.length === 0 || text.length > 16) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index) | 0x20;
    if (code < 0x61 || code > 0x7a) return false;
  }
  return true;
}

/** Dotted quad, each part 0 to 255 without leading zeros. */
export function isIpv4(text: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  let first = 0;
  for (let index = 0; index <= text.length; index++) {
    const code = index === text.length ? 0x2e : text.charCodeAt(index);
    if (code === 0x2e) {
      if (digits === 0 || value > 255 || (digits > 1 && first === 0x30)) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (code >= 0x30 && code <= 0x39) {
      if (digits === 0) first = code;
      if (++digits > 3) return false;
      value = value * 10 + (code - 0x30);
    } else {
      return false;
    }
  }
  return parts === 4;
}

const optionalFields = ['id', 'host', 'status', 'durationMs', 'requestBytes', 'responseBytes', 'application', 'requestHeaders', 'responseHeaders', 'requestBody', 'responseBody'];

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±HH:MM`; dates that exist, times in range. */
function isUsualTimestamp(text: string): boolean {
  const length = text.length;
  if (length < 20 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54 || text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : daysInMonth[month - 1])) return false;
  let at = 19;
  if (text.charCodeAt(at) === 0x2e) {
    const start = ++at;
    while (at < length && text.charCodeAt(at) >= 0x30 && text.charCodeAt(at) <= 0x39) at++;
    if (at === start) return false;
  }
  if (at === length - 1) return text.charCodeAt(at) === 0x5a;
  if (at !== length - 6) return false;
  const sign = text.charCodeAt(at);
  if ((sign !== 0x2b && sign !== 0x2d) || text.charCodeAt(at + 3) !== 0x3a) return false;
  const offsetHours = digitsAt(text, at + 1, 2);
  const offsetMinutes = digitsAt(text, at + 4, 2);
  return offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59;
}

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return -1;
    value = value * 10 + (code - 0x30);
  }
  return value;
}
