/**
 * The values of a request that can group it into a session (the key chain's kinds of points and the
 * built-in fallbacks), with the one that did group it marked. The session's `keyPoint` names it as
 * written by the session keys library: `cookie:PHPSESSID`, `header:authorization#sid`, `query:token`,
 * `ip+user-agent`, `ip`. Header values arrive already masked by ingestion when they carry credentials.
 */
export type SessionParameter = { point: string; name: string; value: string; grouping: boolean };

type RequestParts = { clientIp: string; userAgent: string | null; query: string; requestHeaders: Record<string, string> };

const sessionHeaders = ['authorization', 'x-api-key', 'x-session-id', 'x-auth-token'];

function cookiesOf(header: string | undefined): Array<[string, string]> {
  if (header === undefined) return [];
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => [part.slice(0, part.indexOf('=')).trim(), part.slice(part.indexOf('=') + 1).trim()]);
}

function queryParametersOf(query: string): Array<[string, string]> {
  try {
    return [...new URLSearchParams(query.startsWith('?') ? query.slice(1) : query)];
  } catch {
    return [];
  }
}

/** `header:authorization#sid` -> `header:authorization`; a response point binds through the request point that carried its value. */
function basePoint(keyPoint: string): string {
  const withoutClaim = keyPoint.includes('#') ? keyPoint.slice(0, keyPoint.indexOf('#')) : keyPoint;
  return withoutClaim.startsWith('response.') ? withoutClaim.slice('response.'.length) : withoutClaim;
}

export function sessionParameters(request: RequestParts, keyPoint: string | null): SessionParameter[] {
  const grouping = keyPoint === null ? null : basePoint(keyPoint);
  const parameters: SessionParameter[] = [];
  const add = (point: string, name: string, value: string) => parameters.push({ point, name, value, grouping: point === grouping });
  for (const [name, value] of cookiesOf(request.requestHeaders['cookie'])) add(`cookie:${name}`, `Cookie ${name}`, value);
  for (const header of sessionHeaders) {
    const value = request.requestHeaders[header];
    if (value !== undefined) add(`header:${header}`, `Header ${header}`, value);
  }
  if (grouping?.startsWith('header:') && !sessionHeaders.includes(grouping.slice('header:'.length))) {
    const name = grouping.slice('header:'.length);
    const value = request.requestHeaders[name];
    if (value !== undefined) add(grouping, `Header ${name}`, value);
  }
  for (const [name, value] of queryParametersOf(request.query)) add(`query:${name}`, `Query ${name}`, value);
  const userAgent = request.userAgent ?? request.requestHeaders['user-agent'] ?? null;
  parameters.push({ point: 'ip', name: 'Client IP', value: request.clientIp, grouping: grouping === 'ip' || grouping === 'ip+user-agent' });
  if (userAgent !== null) parameters.push({ point: 'user-agent', name: 'User-Agent', value: userAgent, grouping: grouping === 'ip+user-agent' });
  return parameters;
}
