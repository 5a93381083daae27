import { createHmac } from 'node:crypto';
import type { ObservedRequest, SessionKey, SessionKeyPoint } from '@sessionscope/contracts';
import { parseCookieHeader } from './cookie-header';
import { readJwtClaim } from './jwt-claim';
import { readQueryParameter } from './query-string';

/** What the key resolution reads of a request: normalised headers (lower-case names), query, client. */
export type SessionKeyRequest = Pick<ObservedRequest, 'requestHeaders' | 'query' | 'clientIp' | 'userAgent'>;

export type SessionKeyScope = {
  tenant: string;
  application: string;
  /** The tenant's secret for keyed hashes; whoever lacks it cannot test a guessed value against a hash. */
  secret: string;
};

/** Cookies that common frameworks use for their sessions, tried in this order when no point of the chain is present. */
export const fallbackSessionCookies = [
  'PHPSESSID',
  'JSESSIONID',
  'SESSION-ID',
  'ASP.NET_SessionId',
  'connect.sid',
  'laravel_session',
  'sessionid',
  'session',
] as const;

/** Hex characters kept of the HMAC-SHA256: 128 bits, plenty against collisions inside one tenant. */
const hashLengthHexChars = 32;

/**
 * The session key of a request: the first point of the key chain present in the request, else the
 * first common session cookie present, else client IP + User-Agent, else the client IP alone.
 * A point counts as present when it carries a non-empty value (after the JWT claim is read, if any).
 *
 * Only request points of type header, cookie and query are read for now: body points and response
 * points are skipped, so a chain made only of them falls through to the built-in fallbacks.
 *
 * The raw value never leaves this function: `hash` is an HMAC under the tenant's secret over tenant,
 * application, point and value, so equal values in two applications or at two points differ too.
 */
export function resolveSessionKey(request: SessionKeyRequest, keyChain: readonly SessionKeyPoint[], scope: SessionKeyScope): SessionKey {
  const found = readFromChain(request, keyChain) ?? readFallbacks(request);
  return { point: found.point, hash: keyedHash(scope, found.point, found.value) };
}

/** How a point is written in a session key: `cookie:PHPSESSID`, `header:authorization#sid`, `query:token`. */
export function pointLabel(point: SessionKeyPoint): string {
  const where = point.in === 'body' ? `body:${point.path}` : `${point.in}:${point.in === 'header' ? point.name?.toLowerCase() : point.name}`;
  const label = point.source === 'response' ? `response.${where}` : where;
  return point.jwtClaim === undefined ? label : `${label}#${point.jwtClaim}`;
}

type FoundValue = { point: string; value: string };

function readFromChain(request: SessionKeyRequest, keyChain: readonly SessionKeyPoint[]): FoundValue | null {
  for (const point of keyChain) {
    const raw = readRequestPoint(request, point);
    const value = raw !== null && point.jwtClaim !== undefined ? readJwtClaim(raw, point.jwtClaim) : raw;
    if (value !== null && value !== '') return { point: pointLabel(point), value };
  }
  return null;
}

function readRequestPoint(request: SessionKeyRequest, point: SessionKeyPoint): string | null {
  if (point.source !== 'request' || point.name === undefined) return null;
  switch (point.in) {
    case 'header':
      return nonEmpty(ownValue(request.requestHeaders, point.name.toLowerCase())?.trim());
    case 'cookie':
      return nonEmpty(cookiesOf(request).get(point.name));
    case 'query':
      return readQueryParameter(request.query, point.name).find((value) => value !== '') ?? null;
    case 'body':
      return null;
  }
}

function readFallbacks(request: SessionKeyRequest): FoundValue {
  const cookies = cookiesOf(request);
  for (const name of fallbackSessionCookies) {
    const value = nonEmpty(cookies.get(name));
    if (value !== null) return { point: `cookie:${name}`, value };
  }
  const userAgent = nonEmpty((request.userAgent ?? request.requestHeaders['user-agent'])?.trim());
  if (userAgent !== null) return { point: 'ip+user-agent', value: `${request.clientIp} ${userAgent}` };
  return { point: 'ip', value: request.clientIp };
}

function cookiesOf(request: SessionKeyRequest): Map<string, string> {
  const header = request.requestHeaders['cookie'];
  return header === undefined ? new Map() : parseCookieHeader(header);
}

/** A header by name, never a property inherited by the object (`constructor`, `toString`). */
function ownValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function keyedHash(scope: SessionKeyScope, point: string, value: string): string {
  // A JSON array keeps the parts apart: no choice of values can make two different tuples hash alike.
  const message = JSON.stringify([scope.tenant, scope.application, point, value]);
  return createHmac('sha256', scope.secret).update(message).digest('hex').slice(0, hashLengthHexChars);
}
