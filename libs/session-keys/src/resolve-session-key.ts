import { createHmac } from 'node:crypto';
import type { Identity, SessionKey, SessionKeyPoint } from '@sessionscope/contracts';
import type { PointHashes } from './hidden-points';
import { ownValue, PartialPointSource, PointReader } from './read-point';

/**
 * What key resolution reads of a request and its response: normalised headers (lower-case names), query,
 * bodies, client; and, for a stored request, the keyed hashes of the values masking hid (hidden-points.ts).
 */
export type SessionKeyRequest = PartialPointSource & { pointHashes?: PointHashes };

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
 * Values read at points of the key chain share one key space: a token a login response carries at a
 * response point and a later request carries in a header or query parameter give the same key, which
 * is how a response point binds the requests that follow (PRODUCT.md).
 */
const chainKeySpace = 'chain';

/**
 * The session key of a request: the first point of the key chain present in the request or its
 * response, else the first common session cookie present, else client IP + User-Agent, else the client
 * IP alone. A point counts as present when it carries a non-empty value (after its JWT claim is read).
 *
 * The raw value never leaves this function: `hash` is an HMAC under the tenant's secret over tenant,
 * application, key space and value. Chain values share one key space (see chainKeySpace); each built-in
 * fallback has its own, so an IP never collides with a cookie value.
 */
export function resolveSessionKey(request: SessionKeyRequest, keyChain: readonly SessionKeyPoint[], scope: SessionKeyScope, reader = new PointReader(request)): SessionKey {
  for (const point of keyChain) {
    const label = pointLabel(point);
    // A value masking hid is known by its hash only; the text in its place is the mask, not the value.
    const hidden = request.pointHashes?.[label];
    if (hidden !== undefined) return { point: label, hash: hidden };
    const value = reader.read(point);
    if (value !== null) return { point: label, hash: keyedHash(scope, chainKeySpace, value) };
  }
  const fallback = readFallbacks(request, reader);
  return { point: fallback.point, hash: keyedHash(scope, fallback.point, fallback.value) };
}

/** The session key and the User and Roles of a request, reading each value (and decoding each token) once. */
export function resolveSessionPoints(request: SessionKeyRequest, points: SessionPoints, scope: SessionKeyScope): { sessionKey: SessionKey; identity: Identity } {
  const reader = new PointReader(request);
  return { sessionKey: resolveSessionKey(request, points.keyChain, scope, reader), identity: resolveIdentity(request, points, reader) };
}

/**
 * The secret of one tenant's key hashes, derived from the deployment's secret: the hashes of two
 * tenants are made with different keys, and one tenant's secret reveals nothing of another's.
 */
export function tenantKeySecret(deploymentSecret: string, tenant: string): string {
  return createHmac('sha256', deploymentSecret).update(`tenant:${tenant}`).digest('hex');
}

/** The keyed hash a value at a point of the chain gets (hiddenPointHashes keeps these for masked values). */
export function chainValueHasher(scope: SessionKeyScope): (value: string) => string {
  return (value) => keyedHash(scope, chainKeySpace, value);
}

/** How a point is written in a session key: `cookie:PHPSESSID`, `header:authorization#sid`, `response.body:token`. */
export function pointLabel(point: SessionKeyPoint): string {
  const where = point.in === 'body' ? `body:${point.path}` : `${point.in}:${point.in === 'header' ? point.name?.toLowerCase() : point.name}`;
  const label = point.source === 'response' ? `response.${where}` : where;
  return point.jwtClaim === undefined ? label : `${label}#${point.jwtClaim}`;
}

export type IdentityPoints = { user: SessionKeyPoint | null; roles: SessionKeyPoint | null };

/** What keys an application's requests: its key chain and its User and Roles points (its session configuration). */
export type SessionPoints = IdentityPoints & { keyChain: readonly SessionKeyPoint[] };

/** Roles and user names are display values: a runaway claim is cut rather than stored whole. */
const maxIdentityChars = 200;
const maxRoles = 20;

/**
 * The User and Roles a request shows, read at the points the application marks `user` and `role`.
 * A roles value may be a JSON array (a JWT claim such as `["admin","billing"]`) or a list separated by
 * commas or spaces. JWTs are decoded, not verified: the values say who the client claimed to be.
 */
export function resolveIdentity(request: SessionKeyRequest, points: IdentityPoints, reader = new PointReader(request)): Identity {
  if (points.user === null && points.roles === null) return { user: null, roles: [] };
  const user = points.user === null ? null : reader.read(points.user);
  const roles = points.roles === null ? null : reader.read(points.roles);
  return { user: user === null ? null : user.slice(0, maxIdentityChars), roles: roles === null ? [] : splitRoles(roles) };
}

export function splitRoles(value: string): string[] {
  const items = (value.startsWith('[') ? jsonArray(value) : null) ?? value.split(/[\s,]+/);
  const roles = items.filter((item): item is string | number => typeof item === 'string' || typeof item === 'number').map((item) => String(item).trim().slice(0, maxIdentityChars));
  return [...new Set(roles.filter((role) => role !== ''))].slice(0, maxRoles);
}

function jsonArray(text: string): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

type FoundValue = { point: string; value: string };

function readFallbacks(request: SessionKeyRequest, reader: PointReader): FoundValue {
  const cookies = reader.requestCookies();
  for (const name of fallbackSessionCookies) {
    const value = cookies.get(name);
    if (value !== undefined && value !== '') return { point: `cookie:${name}`, value };
  }
  const userAgent = (request.userAgent ?? ownValue(request.requestHeaders, 'user-agent'))?.trim();
  if (userAgent) return { point: 'ip+user-agent', value: `${request.clientIp} ${userAgent}` };
  return { point: 'ip', value: request.clientIp };
}


function keyedHash(scope: SessionKeyScope, keySpace: string, value: string): string {
  // A JSON array keeps the parts apart: no choice of values can make two different tuples hash alike.
  const message = JSON.stringify([scope.tenant, scope.application, keySpace, value]);
  return createHmac('sha256', scope.secret).update(message).digest('hex').slice(0, hashLengthHexChars);
}
