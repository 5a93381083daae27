import type { RequestRecord } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { parseLogTime, parseRequestLine } from '../access-log-line';
import { excerpt, LineRejected } from '../line-rejection';
import { validRecord } from './record-fast-path';
import { describeType, isPlainObject } from './json-document';

/**
 * Which field of an nginx JSON log line holds what. Each entry lists candidate field names, the first
 * present wins, so one mapping reads the usual `log_format ... escape=json` variants. Fields named
 * `<requestHeaderPrefix><name>` (`http_x_forwarded_for`) become request headers (`x-forwarded-for`),
 * `<responseHeaderPrefix><name>` response headers, as nginx names its `$http_` and `$sent_http_`
 * variables.
 */
export type NginxJsonMapping = {
  timestamp: string[];
  /** `"GET /a?b=1 HTTP/1.1"` ($request); used when method and uri are absent. */
  request: string[];
  method: string[];
  /** Path and query as sent ($request_uri). */
  uri: string[];
  /** Path only ($uri), with `args` for the query. */
  path: string[];
  args: string[];
  host: string[];
  scheme: string[];
  status: string[];
  /** Request time; in seconds (nginx's $request_time) unless `durationUnit` says ms. */
  duration: string[];
  durationUnit: 's' | 'ms';
  responseBytes: string[];
  requestBytes: string[];
  clientIp: string[];
  application: string[];
  id: string[];
  requestHeaderPrefix: string;
  responseHeaderPrefix: string;
};

/** The field names of common nginx JSON log formats (and of their Apache-minded cousins). */
export const defaultNginxJsonMapping: NginxJsonMapping = {
  timestamp: ['time_iso8601', 'time_local', 'timestamp', '@timestamp', 'time', 'msec'],
  request: ['request'],
  method: ['request_method', 'method'],
  uri: ['request_uri'],
  path: ['uri', 'path'],
  args: ['args', 'query_string'],
  host: ['host', 'http_host', 'server_name'],
  scheme: ['scheme'],
  status: ['status'],
  duration: ['request_time'],
  durationUnit: 's',
  responseBytes: ['body_bytes_sent', 'bytes_sent'],
  requestBytes: ['request_length'],
  clientIp: ['remote_addr', 'client_ip', 'realip_remote_addr'],
  application: ['application'],
  id: ['request_id'],
  requestHeaderPrefix: 'http_',
  responseHeaderPrefix: 'sent_http_',
};

/** A mapping from a partial one (what a user configures): the given names replace the defaults' for that field. */
export function nginxJsonMapping(overrides: Partial<Record<keyof NginxJsonMapping, string | string[]>>): NginxJsonMapping {
  const mapping = { ...defaultNginxJsonMapping };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (key === 'durationUnit') mapping.durationUnit = value === 'ms' ? 'ms' : 's';
    else if (key === 'requestHeaderPrefix' || key === 'responseHeaderPrefix') mapping[key] = String(value);
    else if (key in mapping) (mapping as Record<string, unknown>)[key] = Array.isArray(value) ? value : [value];
  }
  return mapping;
}

/**
 * A mapping from its overrides written as JSON (the `nginxFields` query parameter of POST /v1/traffic,
 * `--nginx-fields` of import), e.g. `{"timestamp":"ts","duration":"upstream_ms","durationUnit":"ms"}`.
 * Throws an `invalid` AppError (INVALID_NGINX_FIELDS) naming what is wrong.
 */
export function parseNginxJsonMapping(text: string): NginxJsonMapping {
  const fail = (problem: string): never => {
    const expected = `a JSON object of ${Object.keys(defaultNginxJsonMapping).join(', ')}: field names (a name or a list), durationUnit "s" or "ms"`;
    throw new AppError('invalid', 'INVALID_NGINX_FIELDS', `nginxFields: ${problem}; expected ${expected}`, { details: [{ field: 'nginxFields', message: problem }] });
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(value)) return fail(`found ${describeType(value)}`);
  for (const [key, names] of Object.entries(value)) {
    if (!(key in defaultNginxJsonMapping)) fail(`unknown key "${key}"`);
    if (key === 'durationUnit' ? names !== 's' && names !== 'ms' : !(typeof names === 'string' || (Array.isArray(names) && names.length > 0 && names.every((name) => typeof name === 'string')))) {
      fail(`"${key}" must be ${key === 'durationUnit' ? '"s" or "ms"' : 'a field name or a list of them'}`);
    }
  }
  return nginxJsonMapping(value as Partial<Record<keyof NginxJsonMapping, string | string[]>>);
}

/** nginx writes an unset variable as `-` (or nothing). */
const emptyValues = new Set(['', '-']);

/**
 * One line of an nginx JSON access log (`log_format main escape=json '{"time_local":"$time_local",...}'`).
 * nginx writes every variable as a string, `-` or empty when unset; numbers are accepted as numbers too.
 * Logs seldom name the host; the caller's `host` fills in.
 */
export function parseNginxJsonLine(text: string, mapping: NginxJsonMapping, defaults: { application: string; host: string }): RequestRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LineRejected(null, `not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(value)) throw new LineRejected(null, `expected a JSON object (an nginx JSON log line), got ${describeType(value)}`);
  const line = value;
  const pick = (names: string[]): { name: string; value: string | number } | undefined => {
    for (const name of names) {
      const found = line[name];
      if (found === undefined || found === null) continue;
      if (typeof found === 'number') return { name, value: found };
      if (typeof found !== 'string') throw new LineRejected(name, `must be a string or a number, found ${describeType(found)}`);
      if (!emptyValues.has(found)) return { name, value: found };
    }
    return undefined;
  };

  const time = pick(mapping.timestamp);
  if (time === undefined) throw new LineRejected(mapping.timestamp[0], `no time: expected one of ${mapping.timestamp.join(', ')}`);
  const { method, target } = requestOf(pick, mapping);
  const requestHeaders: Record<string, string> = {};
  const responseHeaders: Record<string, string> = {};
  for (const [name, field] of Object.entries(line)) {
    if (typeof field !== 'string' || emptyValues.has(field)) continue;
    if (name.startsWith(mapping.responseHeaderPrefix)) responseHeaders[headerName(name.slice(mapping.responseHeaderPrefix.length))] = field;
    else if (name.startsWith(mapping.requestHeaderPrefix)) requestHeaders[headerName(name.slice(mapping.requestHeaderPrefix.length))] = field;
  }
  const record: Record<string, unknown> = {
    timestamp: timeOf(time),
    method,
    url: target,
    clientIp: pick(mapping.clientIp)?.value,
    application: pick(mapping.application)?.value ?? defaults.application,
    requestHeaders,
    responseHeaders,
  };
  const host = pick(mapping.host)?.value ?? (defaults.host === '' ? undefined : defaults.host);
  if (host !== undefined) record['host'] = String(host);
  const scheme = pick(mapping.scheme)?.value;
  if (scheme === 'https' && requestHeaders['x-forwarded-proto'] === undefined) requestHeaders['x-forwarded-proto'] = 'https';
  const status = pick(mapping.status);
  if (status !== undefined) record['status'] = numberOf(status, 'a 3-digit status');
  const duration = pick(mapping.duration);
  if (duration !== undefined) record['durationMs'] = numberOf(duration, 'a number') * (mapping.durationUnit === 's' ? 1000 : 1);
  const responseBytes = pick(mapping.responseBytes);
  if (responseBytes !== undefined) record['responseBytes'] = numberOf(responseBytes, 'a number of bytes');
  const requestBytes = pick(mapping.requestBytes);
  if (requestBytes !== undefined) record['requestBytes'] = numberOf(requestBytes, 'a number of bytes');
  const id = pick(mapping.id);
  if (id !== undefined) record['id'] = String(id.value);

  return validRecord(record, recordFieldNames(mapping));
}

function requestOf(pick: (names: string[]) => { name: string; value: string | number } | undefined, mapping: NginxJsonMapping): { method: string; target: string } {
  const method = pick(mapping.method);
  const uri = pick(mapping.uri) ?? pathWithArgs(pick(mapping.path), pick(mapping.args));
  if (method !== undefined && uri !== undefined) return { method: String(method.value), target: String(uri.value) };
  const request = pick(mapping.request);
  if (request === undefined) throw new LineRejected(mapping.request[0], `no request: expected ${mapping.request.join(' or ')}, or ${mapping.method[0]} with ${mapping.uri[0]}`);
  return parseRequestLine(String(request.value));
}

function pathWithArgs(path: { name: string; value: string | number } | undefined, args: { name: string; value: string | number } | undefined) {
  if (path === undefined) return undefined;
  return args === undefined ? path : { name: path.name, value: `${path.value}?${args.value}` };
}

/** `http_user_agent` to `user-agent`. */
function headerName(variable: string): string {
  return variable.toLowerCase().replace(/_/g, '-');
}

/** ISO 8601 ($time_iso8601), the access log time ($time_local), or seconds since the epoch ($msec). */
function timeOf(time: { name: string; value: string | number }): string {
  const { name, value } = time;
  if (typeof value === 'number' || /^\d{9,11}(\.\d+)?$/.test(value)) {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new LineRejected(name, `"${value}" is not seconds since the epoch`);
    return new Date(Math.round(seconds * 1000)).toISOString();
  }
  if (/^\d{2}\/[A-Za-z]{3}\/\d{4}:/.test(value)) {
    try {
      return parseLogTime(value);
    } catch (error) {
      if (error instanceof LineRejected) throw new LineRejected(name, error.message);
      throw error;
    }
  }
  return value;
}

function numberOf(field: { name: string; value: string | number }, expected: string): number {
  const number = typeof field.value === 'number' ? field.value : /^\d+(\.\d+)?$/.test(field.value) ? Number(field.value) : Number.NaN;
  if (Number.isNaN(number)) throw new LineRejected(field.name, `"${excerpt(String(field.value), 20)}" is not ${expected}`);
  return number;
}

function recordFieldNames(mapping: NginxJsonMapping): Record<string, string> {
  return {
    timestamp: mapping.timestamp[0],
    clientIp: mapping.clientIp[0],
    status: mapping.status[0],
    durationMs: mapping.duration[0],
    responseBytes: mapping.responseBytes[0],
    requestBytes: mapping.requestBytes[0],
    method: mapping.method[0],
    url: mapping.uri[0],
    host: mapping.host[0],
  };
}
