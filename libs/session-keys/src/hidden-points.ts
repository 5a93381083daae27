import type { PointSource } from './read-point';
import { headerPointValue, parseBody, parseSetCookieHeader } from './read-point';
import { parseCookieHeader } from './cookie-header';
import { queryPointValues } from './query-string';
import { claimText, readJwtPayload } from './jwt-claim';

/**
 * Masking hides credentials before storage, and with them values a session key chain may read later
 * (`sessionscope replay` with a new configuration). For the hidden values that can identify a session
 * (cookies, Authorization, and fields named like tokens, sessions, ids or keys), this keeps a keyed hash
 * under the label of the point that reads it (`cookie:sid`, `header:authorization`,
 * `response.body:token`), and for a hidden JWT the hashes of its claims (`header:authorization#sub`).
 * The values themselves are never kept, and neither are hashes of passwords, PINs, one-time codes or
 * card data: a hash of a short secret under a secret the services share could be tested by guessing.
 *
 * Found by comparing the request as sent with the request as stored, so it follows whatever the
 * masking rules of the application are. A body cut to its cap is not compared (its text no longer
 * parses), and a request keeps at most `maxHashesPerRequest`.
 */
export type PointHashes = Record<string, string>;

/** Claims of a hidden JWT that get a hash; a token with more keeps the first ones. */
const maxClaimsPerToken = 16;
/** Bounds what one request adds to its event. */
export const maxHashesPerRequest = 64;

/** Words of a name that say its value identifies a client or its session. */
const sessionWords = /(?:token|session|sess|sid|jwt|auth|bearer|ticket|key|id)$/;
/** Words of a name that say its value is a secret of the user, never a session key. */
const userSecretWords = /(?:pass|pwd|pin|otp|cvv|cvc|ssn|card|secret|answer|code)/;

/** Whether a hidden value under this name may be a session key (cookies and Authorization always are). */
export function mayKeySessions(label: string): boolean {
  const name = label.slice(label.indexOf(':') + 1).toLowerCase();
  if (userSecretWords.test(name)) return false;
  if (label.startsWith('cookie:') || label.startsWith('response.cookie:') || name === 'authorization' || name === 'proxy-authorization') return true;
  const last = name.split(/[^a-z0-9]+/).filter((word) => word !== '').pop() ?? '';
  return sessionWords.test(last);
}
/** How deep JSON bodies are compared. */
const maxBodyDepth = 4;

export function hiddenPointHashes(sent: PointSource, stored: PointSource & { requestBodyTruncated?: boolean; responseBodyTruncated?: boolean }, hash: (value: string) => string): PointHashes {
  const hashes: PointHashes = {};
  let count = 0;
  const keep = (label: string, value: string) => {
    if (value === '' || label in hashes || count >= maxHashesPerRequest || !mayKeySessions(label)) return;
    hashes[label] = hash(value);
    count++;
    for (const [claim, claimValue] of jwtClaims(value)) {
      if (count >= maxHashesPerRequest) break;
      hashes[`${label}#${claim}`] = hash(claimValue);
      count++;
    }
  };
  for (const [side, sentHeaders, storedHeaders] of [
    ['', sent.requestHeaders, stored.requestHeaders],
    ['response.', sent.responseHeaders, stored.responseHeaders],
  ] as const) {
    for (const [name, value] of Object.entries(sentHeaders)) {
      if (storedHeaders[name] === value) continue;
      if (name === 'cookie' && side === '') compareMaps(parseCookieHeader(value), parseCookieHeader(storedHeaders[name] ?? ''), (cookie, cookieValue) => keep(`cookie:${cookie}`, cookieValue));
      else if (name === 'set-cookie' && side === 'response.') compareMaps(parseSetCookieHeader(value), parseSetCookieHeader(storedHeaders[name] ?? ''), (cookie, cookieValue) => keep(`response.cookie:${cookie}`, cookieValue));
      else keep(`${side}header:${name}`, headerPointValue(name, value));
    }
  }
  if (sent.query !== stored.query) compareMaps(queryPointValues(sent.query), queryPointValues(stored.query), (name, value) => keep(`query:${name}`, value));
  if (sent.requestBody !== stored.requestBody && !stored.requestBodyTruncated) compareBodies(parseBody(sent.requestBody), parseBody(stored.requestBody), '', (path, value) => keep(`body:${path}`, value));
  if (sent.responseBody !== stored.responseBody && !stored.responseBodyTruncated) compareBodies(parseBody(sent.responseBody), parseBody(stored.responseBody), '', (path, value) => keep(`response.body:${path}`, value));
  return hashes;
}

function compareMaps(sent: Map<string, string>, stored: Map<string, string>, hidden: (name: string, value: string) => void): void {
  for (const [name, value] of sent) if (stored.get(name) !== value) hidden(name, value);
}

function compareBodies(sent: unknown, stored: unknown, path: string, hidden: (path: string, value: string) => void, depth = 0): void {
  if (typeof sent === 'string' || typeof sent === 'number' || typeof sent === 'boolean') {
    if (sent !== stored && path !== '') hidden(path, typeof sent === 'string' ? sent : JSON.stringify(sent));
    return;
  }
  if (typeof sent !== 'object' || sent === null || depth >= maxBodyDepth) return;
  const storedObject = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  for (const [name, value] of Object.entries(sent)) {
    const storedValue = Object.prototype.hasOwnProperty.call(storedObject, name) ? storedObject[name] : undefined;
    compareBodies(value, storedValue, path === '' ? name : `${path}.${name}`, hidden, depth + 1);
  }
}

/** Claims that are the same for every client of an issuer, or times: never a session key, not worth a hash. */
const claimsOfNoClient = new Set(['exp', 'iat', 'nbf', 'iss', 'aud', 'typ', 'azp', 'scope', 'auth_time']);

function jwtClaims(value: string): Array<[string, string]> {
  const payload = readJwtPayload(value);
  if (payload === null) return [];
  return Object.entries(payload)
    .filter(([claim]) => !claimsOfNoClient.has(claim))
    .slice(0, maxClaimsPerToken)
    .flatMap(([claim, found]) => {
      const text = claimText(found);
      return text === null ? [] : [[claim, text] as [string, string]];
    });
}
