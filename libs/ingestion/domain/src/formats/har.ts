import { RequestRecord, requestRecordSchema } from '@sessionscope/contracts';
import { LineRejected } from '../line-rejection';
import { isIpv4, validRecord } from './record-fast-path';
import { splitUrl } from '../url-parts';
import { FormatItem, RecordDefaults } from './format-item';
import { sliceArrayAt } from './json-array-slices';
import { decodeJsonText, describeType, documentError, isPlainObject, parseJsonText } from './json-document';

const har = { name: 'HAR file', code: 'INVALID_HAR' };

/**
 * The entries of a HAR 1.2 document (browsers, proxies, HAR exporters), one item each, located by
 * their absolute index (`entryOffset` plus the index in `log.entries`). A body that is not JSON, or
 * has no `log.entries` array, is refused whole (an `invalid` AppError); a bad entry is rejected alone.
 *
 * HAR exporters differ: test and load tools leave out `startedDateTime`, `response` and `timings`,
 * so an entry needs only `request.method` and an absolute `request.url`. An entry without a time takes
 * its page's, else the time of receipt; status 0 (a blocked or failed request) means no response.
 */
export function* readHar(body: Uint8Array, options: { entryOffset: number; defaults: RecordDefaults }): Generator<FormatItem> {
  const text = decodeJsonText(body, har);
  const sliced = slicedEntries(text);
  const log = sliced?.log ?? logOf(parseJsonText(text, har));
  const context = { ...options.defaults, pageTimes: pageStartTimes(log['pages']) };
  const parsedEntries = log['entries'] as unknown[];
  const count = sliced ? sliced.entries.length / 2 : parsedEntries.length;
  const entryAt = sliced ? (index: number) => parseEntry(text, sliced.entries[2 * index], sliced.entries[2 * index + 1]) : (index: number) => parsedEntries[index];
  for (let index = 0; index < count; index++) {
    const entry = options.entryOffset + index;
    try {
      yield { ok: true, entry, record: harEntryRecord(entryAt(index), context) };
    } catch (error) {
      if (!(error instanceof LineRejected)) throw error;
      yield { ok: false, rejection: { entry, field: error.field, message: error.message } };
    }
  }
}

function logOf(document: unknown): Record<string, unknown> {
  const log = isPlainObject(document) ? document['log'] : undefined;
  if (!isPlainObject(log)) throw documentError(har, `a HAR file is an object with a "log" object; this one has ${isPlainObject(document) ? 'no "log" object' : describeType(document)}`, 'log');
  if (!Array.isArray(log['entries'])) throw documentError(har, `the HAR file has no "log.entries" array (found ${describeType(log['entries'])})`, 'log.entries');
  return log;
}

/**
 * The entries' places in the text, and the rest of the document parsed, when the document is shaped
 * as HAR files are: entries are then parsed one at a time. Null otherwise (the whole document is
 * parsed, and says what is wrong).
 */
function slicedEntries(text: string): { log: Record<string, unknown>; entries: number[] } | null {
  const slices = sliceArrayAt(text, ['log', 'entries']);
  if (slices === null) return null;
  let skeleton: unknown;
  try {
    skeleton = JSON.parse(slices.skeleton);
  } catch {
    return null;
  }
  const log = isPlainObject(skeleton) ? skeleton['log'] : undefined;
  // A second "entries" key would win in JSON.parse: then the whole document is read as JSON.parse reads it.
  if (!isPlainObject(log) || !Array.isArray(log['entries']) || log['entries'].length > 0) return null;
  return { log, entries: slices.elements };
}

function parseEntry(text: string, start: number, end: number): unknown {
  try {
    return JSON.parse(text.slice(start, end));
  } catch (error) {
    throw new LineRejected(null, `the entry is not valid JSON: ${(error as Error).message}`);
  }
}

function pageStartTimes(pages: unknown): Map<string, string> {
  const times = new Map<string, string>();
  if (!Array.isArray(pages)) return times;
  for (const page of pages) {
    if (isPlainObject(page) && typeof page['id'] === 'string' && typeof page['startedDateTime'] === 'string') times.set(page['id'], page['startedDateTime']);
  }
  return times;
}

/** Record fields that come from a HAR field of another name, for rejections. */
const harFieldOfRecordField: Record<string, string> = {
  timestamp: 'startedDateTime',
  method: 'request.method',
  url: 'request.url',
  status: 'response.status',
  durationMs: 'time',
  requestBytes: 'request.bodySize',
  responseBytes: 'response.bodySize',
};

type HarEntryContext = RecordDefaults & { pageTimes: Map<string, string> };

export function harEntryRecord(entry: unknown, context: HarEntryContext): RequestRecord {
  if (!isPlainObject(entry)) throw new LineRejected(null, `an entry must be an object, found ${describeType(entry)}`);
  const request = entry['request'];
  if (!isPlainObject(request)) throw new LineRejected('request', `the entry has no "request" object (found ${describeType(request)})`);
  const method = request['method'];
  if (typeof method !== 'string') throw new LineRejected('request.method', `must be a string, found ${describeType(method)}`);
  const url = request['url'];
  if (typeof url !== 'string') throw new LineRejected('request.url', `must be a string, found ${describeType(url)}`);
  if (url === '') throw new LineRejected('request.url', 'is empty');
  if (!/^https?:\/\//i.test(url)) {
    throw new LineRejected('request.url', `"${url.slice(0, 80)}" is not an absolute http(s) URL, as HAR requires`);
  }
  splitUrl(url, 'request.url');

  const requestHeaders = headersOf(request['headers'], 'request.headers');
  const requestCookies = cookiePairs(request['cookies'], 'request.cookies');
  if (requestCookies !== '' && !Object.hasOwn(requestHeaders, 'cookie')) requestHeaders['cookie'] = requestCookies;

  const response = isPlainObject(entry['response']) ? entry['response'] : undefined;
  const responseHeaders = response ? headersOf(response['headers'], 'response.headers') : {};
  const status = response ? statusOf(response['status']) : undefined;
  if (response && !Object.hasOwn(responseHeaders, 'set-cookie')) {
    const setCookies = setCookieValues(response['cookies'], 'response.cookies');
    if (setCookies.length > 0) responseHeaders['set-cookie'] = setCookies;
  }

  const record: Record<string, unknown> = {
    timestamp: timestampOf(entry, context),
    method,
    url,
    clientIp: forwardedClientIp(requestHeaders) ?? context.clientIp,
    application: context.application,
    requestHeaders,
    responseHeaders,
  };
  if (status !== undefined) record['status'] = status;
  const durationMs = durationOf(entry);
  if (durationMs !== undefined) record['durationMs'] = durationMs;
  const requestBytes = sizeOf(request['bodySize']);
  if (requestBytes !== undefined) record['requestBytes'] = requestBytes;
  const responseBytes = response ? (sizeOf(response['bodySize']) ?? (isPlainObject(response['content']) ? sizeOf(response['content']['size']) : undefined)) : undefined;
  if (responseBytes !== undefined) record['responseBytes'] = responseBytes;
  const requestBody = postDataText(request['postData']);
  if (requestBody !== undefined) record['requestBody'] = requestBody;
  const responseBody = response && isPlainObject(response['content']) ? contentText(response['content'], 'response.content') : undefined;
  if (responseBody !== undefined) record['responseBody'] = responseBody;

  return validRecord(record, harFieldOfRecordField);
}

function timestampOf(entry: Record<string, unknown>, context: HarEntryContext): string {
  const started = entry['startedDateTime'];
  if (started !== undefined) {
    if (typeof started !== 'string') throw new LineRejected('startedDateTime', `must be an ISO 8601 string, found ${describeType(started)}`);
    return started;
  }
  const pageTime = typeof entry['pageref'] === 'string' ? context.pageTimes.get(entry['pageref']) : undefined;
  return pageTime ?? context.receivedAt;
}

/**
 * HAR headers are a list of {name, value}; a name may repeat (Set-Cookie). HTTP/2 pseudo-headers
 * (`:authority`, `:path`...) repeat what the URL and method say and are not headers of the request.
 */
function headersOf(headers: unknown, field: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  if (headers === undefined) return result;
  if (!Array.isArray(headers)) throw new LineRejected(field, `must be a list of {name, value}, found ${describeType(headers)}`);
  for (let index = 0; index < headers.length; index++) {
    const header: unknown = headers[index];
    if (!isPlainObject(header) || typeof header['name'] !== 'string' || typeof header['value'] !== 'string') {
      throw new LineRejected(`${field}[${index}]`, `a header must be {name: string, value: string}, found ${describeHeader(header)}`);
    }
    const name = header['name'].toLowerCase();
    const value = header['value'];
    if (name === '' || name.charCodeAt(0) === 0x3a) continue;
    const earlier = Object.hasOwn(result, name) ? result[name] : undefined;
    const merged = earlier === undefined ? value : typeof earlier === 'string' ? [earlier, value] : [...earlier, value];
    // An assignment to "__proto__" would set the prototype: that name is defined as a property.
    if (name === '__proto__') Object.defineProperty(result, name, { value: merged, enumerable: true, writable: true, configurable: true });
    else result[name] = merged;
  }
  return result;
}

function describeHeader(header: unknown): string {
  if (!isPlainObject(header)) return describeType(header);
  return `name ${describeType(header['name'])}, value ${describeType(header['value'])}`;
}

function namedValues(list: unknown, field: string): Array<{ name: string; value: string; attributes: Record<string, unknown> }> {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new LineRejected(field, `must be a list, found ${describeType(list)}`);
  return list.map((item: unknown, index) => {
    if (!isPlainObject(item) || typeof item['name'] !== 'string' || (item['value'] !== undefined && typeof item['value'] !== 'string')) {
      throw new LineRejected(`${field}[${index}]`, `must be {name: string, value: string}, found ${describeHeader(item)}`);
    }
    return { name: item['name'], value: (item['value'] as string | undefined) ?? '', attributes: item };
  });
}

/** A capture that lists cookies but not the Cookie header (some exporters) still carries them. */
function cookiePairs(cookies: unknown, field: string): string {
  return namedValues(cookies, field)
    .map(({ name, value }) => `${name}=${value}`)
    .join('; ');
}

function setCookieValues(cookies: unknown, field: string): string[] {
  return namedValues(cookies, field).map(({ name, value, attributes }) => {
    const parts = [`${name}=${value}`];
    if (typeof attributes['path'] === 'string') parts.push(`Path=${attributes['path']}`);
    if (typeof attributes['domain'] === 'string') parts.push(`Domain=${attributes['domain']}`);
    if (attributes['httpOnly'] === true) parts.push('HttpOnly');
    if (attributes['secure'] === true) parts.push('Secure');
    return parts.join('; ');
  });
}

/** The first address of X-Forwarded-For: a proxy's capture knows the client this way, a browser's does not. */
function forwardedClientIp(headers: Record<string, string | string[]>): string | undefined {
  const forwarded = Object.hasOwn(headers, 'x-forwarded-for') ? headers['x-forwarded-for'] : undefined;
  const first = (typeof forwarded === 'string' ? forwarded : forwarded?.[0])?.split(',')[0].trim();
  return first !== undefined && (isIpv4(first) || requestRecordSchema.shape.clientIp.safeParse(first).success) ? first : undefined;
}

function statusOf(status: unknown): number | undefined {
  if (status === undefined || status === 0) return undefined;
  if (typeof status !== 'number') throw new LineRejected('response.status', `must be a number, found ${describeType(status)}`);
  return status;
}

/** HAR writes -1 for "not known". */
function sizeOf(size: unknown): number | undefined {
  return typeof size === 'number' && Number.isInteger(size) && size >= 0 ? size : undefined;
}

/** `time` is the total in ms; without it, the sum of the known phases (ssl is inside connect; -1 is unknown). */
function durationOf(entry: Record<string, unknown>): number | undefined {
  const time = entry['time'];
  if (typeof time === 'number' && time >= 0) return time;
  const timings = entry['timings'];
  if (!isPlainObject(timings)) return undefined;
  let totalMs = 0;
  let known = false;
  for (const phase of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']) {
    const value = timings[phase];
    if (typeof value === 'number' && value >= 0) {
      totalMs += value;
      known = true;
    }
  }
  return known ? totalMs : undefined;
}

/**
 * The request body as sent: `postData.text` when the capture kept it, else the form `params`
 * written as the form would be sent (`a=1&b=2`), since tools that parse a form often drop the text.
 */
function postDataText(postData: unknown): string | undefined {
  if (!isPlainObject(postData)) return undefined;
  const text = contentText(postData, 'request.postData');
  if (text !== undefined && text !== '') return text;
  const params = namedValues(postData['params'], 'request.postData.params');
  if (params.length === 0) return text;
  return params.map(({ name, value }) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

/** `text`, decoded when the exporter says `encoding: "base64"`; bytes that are not UTF-8 text are described, not kept. */
function contentText(content: Record<string, unknown>, field: string): string | undefined {
  const text = content['text'];
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw new LineRejected(`${field}.text`, `must be a string, found ${describeType(text)}`);
  if (content['encoding'] !== 'base64') return text;
  const bytes = Buffer.from(text, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `[binary content, ${bytes.length} bytes]`;
  }
}
