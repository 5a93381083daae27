import type { SessionKeyPoint } from '@sessionscope/contracts';
import { resolveIdentity, splitRoles } from './resolve-session-key';
import type { SessionKeyRequest } from './resolve-session-key';

function aJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const aRequest = (overrides: Partial<SessionKeyRequest> = {}): SessionKeyRequest => ({ requestHeaders: {}, query: '', clientIp: '203.0.113.7', userAgent: null, ...overrides });
const claimOf = (jwtClaim: string): SessionKeyPoint => ({ source: 'request', in: 'header', name: 'authorization', jwtClaim });

describe('resolveIdentity', () => {
  it('given user and role claims of a bearer token, when resolved, then the user and the roles are read', () => {
    const request = aRequest({ requestHeaders: { authorization: `Bearer ${aJwt({ sub: 'alice', role: ['admin', 'billing'] })}` } });
    expect(resolveIdentity(request, { user: claimOf('sub'), roles: claimOf('role') })).toEqual({ user: 'alice', roles: ['admin', 'billing'] });
  });

  it('given a login response with a token, when the user point is on the response body, then the login request already knows its user', () => {
    const request = aRequest({ responseBody: JSON.stringify({ token: aJwt({ sub: 'bob', role: 'support' }) }) });
    const point = (jwtClaim: string): SessionKeyPoint => ({ source: 'response', in: 'body', path: 'token', jwtClaim });
    expect(resolveIdentity(request, { user: point('sub'), roles: point('role') })).toEqual({ user: 'bob', roles: ['support'] });
  });

  it('given no points, or points that are absent, when resolved, then there is no user and no role', () => {
    expect(resolveIdentity(aRequest(), { user: null, roles: null })).toEqual({ user: null, roles: [] });
    expect(resolveIdentity(aRequest(), { user: claimOf('sub'), roles: claimOf('role') })).toEqual({ user: null, roles: [] });
  });
});

describe('splitRoles', () => {
  it.each<[string, string[]]>([
    ['admin', ['admin']],
    ['admin, billing  support', ['admin', 'billing', 'support']],
    ['["admin","admin",7,{"x":1}]', ['admin', '7']],
    ['[not json', ['[not', 'json']],
    ['', []],
  ])('reads %j as %j', (value, roles) => {
    expect(splitRoles(value)).toEqual(roles);
  });
});
