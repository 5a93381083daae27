import { AttackType, attackTypes, httpMethodPattern } from '@sessionscope/contracts';
import { AppError, ErrorDetail } from '@sessionscope/shared/errors';
import { endpointPathPattern, maxEndpointPatternLength } from './endpoint-path';
import { parseIpOrCidr } from './ip-address';

/**
 * The filters of the gateway API conventions, as query parameters with the same names everywhere.
 * Several values of one parameter are alternatives (OR); different parameters all apply (AND).
 * Time window: `from` inclusive, `to` exclusive, both optional, each given at most once.
 */
export type StatusFilter = { kind: 'code'; code: number } | { kind: 'class'; hundreds: 1 | 2 | 3 | 4 | 5 };

/**
 * An endpoint: a path, optionally after a method (`GET /users/{id}`). `{name}` stands for one path
 * segment and `*` for any characters, so a path template learned by API discovery and a path as
 * received are both accepted.
 */
export type EndpointFilter = { method: string | null; path: string };

export type RequestFilters = {
  /** ISO 8601 UTC with milliseconds, or null for an open end. */
  from: string | null;
  to: string | null;
  application: string[];
  host: string[];
  /** The session's User and Roles (from the points marked user and role). */
  user: string[];
  role: string[];
  /** Addresses and CIDR blocks, IPv4 or IPv6. */
  clientIp: string[];
  /** Upper case. */
  method: string[];
  status: StatusFilter[];
  sessionId: string[];
  requestId: string[];
  attackType: AttackType[];
  /** true: only requests with at least one hit; null: no filter. */
  malicious: true | null;
  endpoint: EndpointFilter[];
  /**
   * Not a parameter: the sessions that the user and role filters stand for, found by the gateway in the
   * sessions index (User and Roles are values of a session, not of each request). null: no such filter;
   * empty: no session matches.
   */
  sessionScope: string[] | null;
};

export type ListParameters = { filters: RequestFilters; limit: number; cursor: string | null };

export const noFilters: RequestFilters = {
  from: null,
  to: null,
  application: [],
  host: [],
  user: [],
  role: [],
  clientIp: [],
  method: [],
  status: [],
  sessionId: [],
  requestId: [],
  attackType: [],
  malicious: null,
  endpoint: [],
  sessionScope: null,
};

export const filterParameterNames = ['from', 'to', 'application', 'host', 'user', 'role', 'clientIp', 'method', 'status', 'attackType', 'malicious', 'endpoint', 'sessionId', 'requestId'] as const;
export const listParameterNames = ['limit', 'cursor'] as const;

export const defaultLimit = 50;
export const maxLimit = 1000;
const maxValueLength = 512;
/** A cursor carries the last row's position, a request id of up to 200 characters among it (base64url of UTF-8). */
const maxCursorLength = 4096;

/** What a query string parser hands over: one string, several, or (for `a[b]=c` style) anything else. */
export type QueryParameters = Record<string, unknown>;

type Problem = ErrorDetail & { field: string };

function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

function valuesOf(raw: unknown): string[] | null {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((value) => typeof value === 'string')) return raw;
  return null;
}

const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/i;

/** An ISO 8601 date-time with a zone (`Z` or an offset), as UTC with milliseconds; null when invalid. */
export function parseIsoDateTime(value: string): string | null {
  const match = isoDateTime.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone, offsetHours = '0', offsetMinutes = '0'] = match;
  const [y, mo, d, h, mi, s, oh, om] = [year, month, day, hour, minute, second, offsetHours, offsetMinutes].map(Number);
  if (h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return null;
  // Requests are stored to the millisecond: a bound between two milliseconds is the later one, so that
  // `from` (inclusive) and `to` (exclusive) keep exactly the requests at or after, and before, it.
  const partialMs = /[1-9]/.test(fraction.slice(3)) ? 1 : 0;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const calendar = new Date(local);
  // Date.UTC rolls 31 April over into 1 May; refuse instead of moving the window.
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d) return null;
  const offsetMs = zone.toUpperCase() === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
  return new Date(local - offsetMs + partialMs).toISOString();
}

const endpointText = /^(?:([!#$%&'*+.^_`|~0-9A-Za-z-]{1,32})\s+)?(\/\S*)$/;

/** `GET /users/{id}`, `/users/*`: a path that starts with `/`, after an optional method. */
export function parseEndpoint(value: string): EndpointFilter | null {
  const match = endpointText.exec(value.trim());
  if (!match) return null;
  return { method: match[1] === undefined ? null : match[1].toUpperCase(), path: match[2] };
}

function readEndpoint(value: string): EndpointFilter | Refused {
  const endpoint = parseEndpoint(value);
  if (endpoint === null) return refuse('is not an endpoint: a path starting with / after an optional method, such as GET /users/{id}');
  const patternLength = endpointPathPattern(endpoint.path)?.length ?? 0;
  if (patternLength > maxEndpointPatternLength) return refuse(`makes a path pattern of ${patternLength} characters, over the ${maxEndpointPatternLength} the search takes; use fewer {name} and * parts or a shorter path`);
  return endpoint;
}

export function endpointFilterKey(endpoint: EndpointFilter): string {
  return endpoint.method === null ? endpoint.path : `${endpoint.method} ${endpoint.path}`;
}

function parseStatus(value: string): StatusFilter | null {
  if (/^[1-5]\d\d$/.test(value)) return { kind: 'code', code: Number(value) };
  const statusClass = /^([1-5])xx$/i.exec(value);
  return statusClass ? { kind: 'class', hundreds: Number(statusClass[1]) as 1 | 2 | 3 | 4 | 5 } : null;
}

function distinct<T>(values: T[], key: (value: T) => string = String): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.keys()].sort().map((k) => seen.get(k) as T);
}

export function statusFilterKey(status: StatusFilter): string {
  return status.kind === 'code' ? String(status.code) : `${status.hundreds}xx`;
}

type Refused = { refused: string };
const refuse = (reason: string): Refused => ({ refused: reason });
const isRefused = (result: unknown): result is Refused => typeof result === 'object' && result !== null && 'refused' in result;
type ValueReader<T> = (value: string) => T | Refused;

/** Reads every value of one parameter, recording why each refused value was refused. */
function readAll<T>(field: string, values: string[], read: ValueReader<T>, problems: Problem[], maxLength = maxValueLength): T[] {
  const accepted: T[] = [];
  for (const value of values) {
    if (value === '') problems.push({ field, message: `"" is empty; give a value or leave ${field} out` });
    else if (value.length > maxLength) problems.push({ field, message: `${show(value)} is longer than ${maxLength} characters` });
    else {
      const result = read(value);
      if (isRefused(result)) problems.push({ field, message: `${show(value)} ${result.refused}` });
      else accepted.push(result);
    }
  }
  return accepted;
}

function single(field: string, values: string[], problems: Problem[]): string | null {
  if (values.length > 1) {
    problems.push({ field, message: `${values.map(show).join(', ')}: give ${field} at most once` });
    return null;
  }
  return values[0] ?? null;
}

function checkNames(params: QueryParameters, accepted: readonly string[]): void {
  const names = Object.keys(params);
  const unknown = names.filter((name) => !accepted.includes(name));
  const valueOf = (name: string) => {
    const values = valuesOf(params[name]);
    return values ? values.map(show).join(', ') : 'a structured value';
  };
  if (unknown.length > 0) {
    throw new AppError('invalid', 'UNKNOWN_PARAMETER', `unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; accepted here: ${accepted.join(', ') || 'none'}`, {
      details: unknown.map((name) => ({ field: name, message: `unknown parameter (given ${valueOf(name)})` })),
    });
  }
}

function readFilters(params: QueryParameters, problems: Problem[]): RequestFilters {
  const values = (field: string): string[] => {
    const result = valuesOf(params[field]);
    if (result === null) problems.push({ field, message: 'a structured value (such as field[key]=...) is not accepted; repeat the parameter instead' });
    return result ?? [];
  };
  const time = (field: 'from' | 'to'): string | null => {
    const raw = single(field, values(field), problems);
    const [parsed] = readAll(field, raw === null ? [] : [raw], (value) => parseIsoDateTime(value) ?? refuse('is not an ISO 8601 date-time with a time zone, such as 2026-11-24T10:00:00Z'), problems);
    return parsed ?? null;
  };
  const text = (value: string) => value;
  const filters: RequestFilters = {
    from: time('from'),
    to: time('to'),
    application: distinct(readAll('application', values('application'), text, problems)),
    // Hosts are stored in lower case (ingestion), as DNS compares them.
    host: distinct(readAll('host', values('host'), (value) => value.toLowerCase(), problems)),
    user: distinct(readAll('user', values('user'), text, problems)),
    role: distinct(readAll('role', values('role'), text, problems)),
    clientIp: distinct(readAll('clientIp', values('clientIp'), (value) => parseIpOrCidr(value)?.value ?? refuse('is not an IPv4 or IPv6 address or CIDR block'), problems)),
    method: distinct(readAll('method', values('method'), (value) => (httpMethodPattern.test(value) ? value.toUpperCase() : refuse('is not an HTTP method such as GET')), problems)),
    status: distinct(readAll('status', values('status'), (value) => parseStatus(value) ?? refuse('is not a status code (100-599) or class (1xx-5xx)'), problems), statusFilterKey),
    sessionId: distinct(readAll('sessionId', values('sessionId'), text, problems)),
    requestId: distinct(readAll('requestId', values('requestId'), text, problems)),
    attackType: distinct(readAll('attackType', values('attackType'), (value) => ((attackTypes as readonly string[]).includes(value) ? (value as AttackType) : refuse(`is not an attack type (${attackTypes.join(', ')})`)), problems)),
    malicious: (() => {
      const raw = single('malicious', values('malicious'), problems);
      const [parsed] = readAll('malicious', raw === null ? [] : [raw], (value) => (value === 'true' ? (true as const) : refuse('is not "true" (leave malicious out for all requests)')), problems);
      return parsed ?? null;
    })(),
    endpoint: distinct(readAll('endpoint', values('endpoint'), readEndpoint, problems), endpointFilterKey),
    sessionScope: null,
  };
  if (filters.from !== null && filters.to !== null && filters.from >= filters.to) {
    problems.push({ field: 'from', message: `${show(String(params.from))} is not before to ${show(String(params.to))}` });
  }
  return filters;
}

function throwIfAny(problems: Problem[]): void {
  if (problems.length === 0) return;
  const message = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  throw new AppError('invalid', 'INVALID_PARAMETER', `invalid query parameters: ${message}`, { details: problems });
}

/** The filters of a single resource (a session's details): no paging parameters. */
export function parseFilterParameters(params: QueryParameters): RequestFilters {
  checkNames(params, filterParameterNames);
  const problems: Problem[] = [];
  const filters = readFilters(params, problems);
  throwIfAny(problems);
  return filters;
}

/** The filters and paging of a list. Throws AppError 400 naming every parameter and value it refuses. */
export function parseListParameters(params: QueryParameters): ListParameters {
  checkNames(params, [...filterParameterNames, ...listParameterNames]);
  const problems: Problem[] = [];
  const filters = readFilters(params, problems);
  const limitValues = valuesOf(params.limit);
  const rawLimit = limitValues === null ? (problems.push({ field: 'limit', message: 'a structured value is not accepted' }), null) : single('limit', limitValues, problems);
  const [limit] = readAll('limit', rawLimit === null ? [] : [rawLimit], (value) => (/^[1-9]\d{0,6}$/.test(value) && Number(value) <= maxLimit ? Number(value) : refuse(`is not a whole number from 1 to ${maxLimit}`)), problems);
  const cursorValues = valuesOf(params.cursor);
  const rawCursor = cursorValues === null ? (problems.push({ field: 'cursor', message: 'a structured value is not accepted' }), null) : single('cursor', cursorValues, problems);
  const [cursor] = readAll('cursor', rawCursor === null ? [] : [rawCursor], (value) => value, problems, maxCursorLength);
  throwIfAny(problems);
  return { filters, limit: limit ?? defaultLimit, cursor: cursor ?? null };
}

/** For resources that take no parameter at all. */
export function parseNoParameters(params: QueryParameters): void {
  checkNames(params, []);
}

/** A canonical text of the filters: equal filters give equal text, whatever the order of the values. */
export function canonicalFilters(filters: RequestFilters): string {
  const { sessionScope: _resolvedLater, ...parameters } = filters;
  return JSON.stringify({ ...parameters, status: filters.status.map(statusFilterKey), endpoint: filters.endpoint.map(endpointFilterKey) });
}
