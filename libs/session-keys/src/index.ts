export { fallbackSessionCookies, pointLabel, resolveSessionKey } from './resolve-session-key';
export type { SessionKeyRequest, SessionKeyScope } from './resolve-session-key';
export { parseCookieHeader } from './cookie-header';
export { readJwtClaim } from './jwt-claim';
export { readQueryParameter } from './query-string';
