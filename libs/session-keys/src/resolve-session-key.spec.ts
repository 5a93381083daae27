import { createHmac } from 'node:crypto';
import type { SessionKeyPoint } from '@sessionscope/contracts';
import { fallbackSessionCookies, pointLabel, resolveSessionKey, SessionKeyRequest, SessionKeyScope } from './resolve-session-key';

const scope: SessionKeyScope = { tenant: 'acme', application: 'shop', secret: 'test-secret-of-acme' };

function aRequest(overrides: Partial<SessionKeyRequest> = {}): SessionKeyRequest {
  return { requestHeaders: {}, query: '', clientIp: '203.0.113.7', userAgent: null, ...overrides };
}

function aJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const header = (name: string, jwtClaim?: string): SessionKeyPoint => ({ source: 'request', in: 'header', name, ...(jwtClaim ? { jwtClaim } : {}) });
const cookie = (name: string, jwtClaim?: string): SessionKeyPoint => ({ source: 'request', in: 'cookie', name, ...(jwtClaim ? { jwtClaim } : {}) });
const query = (name: string, jwtClaim?: string): SessionKeyPoint => ({ source: 'request', in: 'query', name, ...(jwtClaim ? { jwtClaim } : {}) });

/** The expected hash, computed independently of the implementation's helper. */
function expectedHash(point: string, value: string, of: SessionKeyScope = scope): string {
  return createHmac('sha256', of.secret).update(JSON.stringify([of.tenant, of.application, point, value])).digest('hex').slice(0, 32);
}

describe('resolveSessionKey', () => {
  describe('points of the key chain', () => {
    it('given a header point, when the request carries the header, then the header names the key', () => {
      const request = aRequest({ requestHeaders: { 'x-session-token': 'tok-1' } });
      expect(resolveSessionKey(request, [header('X-Session-Token')], scope)).toEqual({
        point: 'header:x-session-token',
        hash: expectedHash('chain', 'tok-1'),
      });
    });

    it('given a cookie point, when the cookie is among others, then that cookie gives the key', () => {
      const request = aRequest({ requestHeaders: { cookie: 'theme=dark; sid=abc123; lang=en' } });
      expect(resolveSessionKey(request, [cookie('sid')], scope)).toEqual({ point: 'cookie:sid', hash: expectedHash('chain', 'abc123') });
    });

    it('given a query point, when the parameter is percent-encoded, then the decoded value is hashed', () => {
      const request = aRequest({ query: 'page=2&token=a%2Fb+c' });
      expect(resolveSessionKey(request, [query('token')], scope)).toEqual({ point: 'query:token', hash: expectedHash('chain', 'a/b c') });
    });

    it('given a chain, when the first point is absent, then the first present point wins', () => {
      const request = aRequest({ query: 'token=q-1', requestHeaders: { cookie: 'session=c-1' } });
      const key = resolveSessionKey(request, [header('authorization', 'sid'), query('token'), cookie('session')], scope);
      expect(key.point).toBe('query:token');
    });

    it('given a chain, when a point is present but empty, then it counts as absent', () => {
      const request = aRequest({ query: 'token=&other=1', requestHeaders: { 'x-session': '  ', cookie: 'sid=; session=s-9' } });
      const key = resolveSessionKey(request, [query('token'), header('x-session'), cookie('sid'), cookie('session')], scope);
      expect(key).toEqual({ point: 'cookie:session', hash: expectedHash('chain', 's-9') });
    });

    it('given a header point named like an object property, when the request lacks it, then it counts as absent', () => {
      const key = resolveSessionKey(aRequest(), [header('constructor'), header('toString'), header('__proto__')], scope);
      expect(key.point).toBe('ip');
    });

    it('given body and response points, when the request has none of them, then they are absent and the fallbacks apply', () => {
      const chain: SessionKeyPoint[] = [
        { source: 'response', in: 'body', path: 'token' },
        { source: 'response', in: 'header', name: 'x-token' },
        { source: 'request', in: 'body', path: 'session.id' },
      ];
      const request = aRequest({ requestHeaders: { 'x-token': 'a-request-header-is-not-a-response-header' }, userAgent: 'curl/8.5.0' });
      expect(resolveSessionKey(request, chain, scope).point).toBe('ip+user-agent');
    });

    it('given a JSON body point, when the body carries the path, then its value gives the key', () => {
      const request = aRequest({ requestBody: '{"session":{"id":"b-7"},"items":[{"id":3}]}' });
      expect(resolveSessionKey(request, [{ source: 'request', in: 'body', path: 'session.id' }], scope)).toEqual({ point: 'body:session.id', hash: expectedHash('chain', 'b-7') });
      expect(resolveSessionKey(request, [{ source: 'request', in: 'body', path: 'items.0.id' }], scope).hash).toBe(expectedHash('chain', '3'));
    });

    it('given a body point, when the body is a form, then the field is read from the form', () => {
      const request = aRequest({ requestBody: 'user=a&token=t%2B1' });
      expect(resolveSessionKey(request, [{ source: 'request', in: 'body', path: 'token' }], scope).hash).toBe(expectedHash('chain', 't+1'));
    });

    it('given a body point, when the body is not JSON or the path ends at an object, then it is absent', () => {
      const chain: SessionKeyPoint[] = [{ source: 'request', in: 'body', path: 'session' }];
      expect(resolveSessionKey(aRequest({ requestBody: '{"session":{"id":1}}' }), chain, scope).point).toBe('ip');
      expect(resolveSessionKey(aRequest({ requestBody: '{"session":' }), chain, scope).point).toBe('ip');
    });

    it('given a response point, when a login response issues a token, then later requests carrying it at a request point (after Bearer, too) share the key', () => {
      const chain: SessionKeyPoint[] = [
        { source: 'request', in: 'header', name: 'authorization' },
        { source: 'response', in: 'body', path: 'token' },
        { source: 'request', in: 'query', name: 'token' },
      ];
      const login = aRequest({ responseBody: '{"token":"tk-9"}' });
      const later = aRequest({ requestHeaders: { authorization: 'Bearer tk-9' }, clientIp: '198.51.100.1' });
      const viaQuery = aRequest({ query: 'token=tk-9' });
      const [a, b, c] = [login, later, viaQuery].map((request) => resolveSessionKey(request, chain, scope));
      expect(a.point).toBe('response.body:token');
      expect(b.point).toBe('header:authorization');
      expect(new Set([a.hash, b.hash, c.hash]).size).toBe(1);
    });

    it('given response header and cookie points, when the response sets them, then they are read (Set-Cookie with Expires commas too)', () => {
      const request = aRequest({ responseHeaders: { 'x-session': 'h-1', 'set-cookie': 'theme=dark; Path=/, sid=c-5; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly' } });
      expect(resolveSessionKey(request, [{ source: 'response', in: 'header', name: 'X-Session' }], scope).hash).toBe(expectedHash('chain', 'h-1'));
      expect(resolveSessionKey(request, [{ source: 'response', in: 'cookie', name: 'sid' }], scope).hash).toBe(expectedHash('chain', 'c-5'));
    });
  });

  describe('JWT claims', () => {
    it('given a claim point on the authorization header, when a Bearer token carries the claim, then the claim value is the key', () => {
      const request = aRequest({ requestHeaders: { authorization: `Bearer ${aJwt({ sub: 'alice', sid: 'sess-42' })}` } });
      expect(resolveSessionKey(request, [header('authorization', 'sid')], scope)).toEqual({
        point: 'header:authorization#sid',
        hash: expectedHash('chain', 'sess-42'),
      });
    });

    it('given a claim point, when two tokens differ but carry the same claim, then both give one key', () => {
      const first = aRequest({ requestHeaders: { authorization: `Bearer ${aJwt({ sid: 's-1', iat: 1 })}` } });
      const second = aRequest({ requestHeaders: { authorization: `bearer   ${aJwt({ sid: 's-1', iat: 2 })}` }, clientIp: '198.51.100.9' });
      const chain = [header('authorization', 'sid')];
      expect(resolveSessionKey(first, chain, scope)).toEqual(resolveSessionKey(second, chain, scope));
    });

    it('given a claim point on a cookie and on a query parameter, when they carry tokens without a prefix, then the claims are read', () => {
      const fromCookie = aRequest({ requestHeaders: { cookie: `jwt=${aJwt({ sub: 'bob' })}` } });
      const fromQuery = aRequest({ query: `access_token=${aJwt({ sub: 'carol' })}` });
      expect(resolveSessionKey(fromCookie, [cookie('jwt', 'sub')], scope)).toEqual({ point: 'cookie:jwt#sub', hash: expectedHash('chain', 'bob') });
      expect(resolveSessionKey(fromQuery, [query('access_token', 'sub')], scope)).toEqual({
        point: 'query:access_token#sub',
        hash: expectedHash('chain', 'carol'),
      });
    });

    it('given a claim point, when the token lacks the claim, then the next point of the chain is tried', () => {
      const request = aRequest({ requestHeaders: { authorization: `Bearer ${aJwt({ sub: 'alice' })}`, cookie: 'session=c-7' } });
      expect(resolveSessionKey(request, [header('authorization', 'sid'), cookie('session')], scope).point).toBe('cookie:session');
    });

    it.each([
      ['basic credentials', 'Basic YWxpY2U6c2VjcmV0'],
      ['an opaque token', 'Bearer 3f2a9c1d'],
      ['a payload that is not base64url', 'Bearer aGVhZA.not*base64.c2ln'],
      ['a payload that is not JSON', `Bearer aGVhZA.${Buffer.from('not json').toString('base64url')}.c2ln`],
      ['a payload that is a JSON array', `Bearer aGVhZA.${Buffer.from('["sid"]').toString('base64url')}.c2ln`],
      ['an encrypted token (five parts)', 'Bearer a.b.c.d.e'],
      ['a null claim', `Bearer ${aJwt({ sid: null })}`],
    ])('given a claim point, when the header holds %s, then the point is absent', (_case, value) => {
      const request = aRequest({ requestHeaders: { authorization: value } });
      expect(resolveSessionKey(request, [header('authorization', 'sid')], scope).point).toBe('ip');
    });

    it('given a numeric claim, when read, then it is keyed by its JSON text so 42 and "42" stay apart', () => {
      const numeric = resolveSessionKey(aRequest({ requestHeaders: { authorization: `Bearer ${aJwt({ sid: 42 })}` } }), [header('authorization', 'sid')], scope);
      const text = resolveSessionKey(aRequest({ requestHeaders: { authorization: `Bearer ${aJwt({ sid: '42' })}` } }), [header('authorization', 'sid')], scope);
      expect(numeric.hash).toBe(expectedHash('chain', '42'));
      expect(numeric.hash).toBe(text.hash);
      const object = resolveSessionKey(aRequest({ requestHeaders: { authorization: `Bearer ${aJwt({ sid: { n: 1 } })}` } }), [header('authorization', 'sid')], scope);
      expect(object.hash).toBe(expectedHash('chain', '{"n":1}'));
    });
  });

  describe('built-in fallbacks', () => {
    it('given no chain, when a common session cookie is present, then it gives the key', () => {
      const request = aRequest({ requestHeaders: { cookie: 'PHPSESSID=php-1', 'user-agent': 'Mozilla/5.0' }, userAgent: 'Mozilla/5.0' });
      expect(resolveSessionKey(request, [], scope)).toEqual({ point: 'cookie:PHPSESSID', hash: expectedHash('cookie:PHPSESSID', 'php-1') });
    });

    it('given several common session cookies, when resolved, then the earlier one of the built-in order wins', () => {
      const request = aRequest({ requestHeaders: { cookie: 'session=s; connect.sid=node; JSESSIONID=java' } });
      expect(resolveSessionKey(request, [], scope).point).toBe('cookie:JSESSIONID');
    });

    it.each(fallbackSessionCookies.map((name) => [name]))('given only the %s cookie, when resolved, then it is the key', (name) => {
      const request = aRequest({ requestHeaders: { cookie: `tracking=t; ${name}=v-${name}` } });
      expect(resolveSessionKey(request, [], scope)).toEqual({ point: `cookie:${name}`, hash: expectedHash(`cookie:${name}`, `v-${name}`) });
    });

    it('given a chain whose points are absent, when a common cookie is present, then the chain falls through to it', () => {
      const request = aRequest({ requestHeaders: { cookie: 'laravel_session=l-1' } });
      expect(resolveSessionKey(request, [header('authorization', 'sid'), query('token')], scope).point).toBe('cookie:laravel_session');
    });

    it('given no cookie, when the request has a User-Agent, then IP + User-Agent give the key', () => {
      const request = aRequest({ userAgent: 'curl/8.5.0' });
      expect(resolveSessionKey(request, [], scope)).toEqual({ point: 'ip+user-agent', hash: expectedHash('ip+user-agent', '203.0.113.7 curl/8.5.0') });
    });

    it('given no userAgent field, when the user-agent header is there, then the header is used', () => {
      const request = aRequest({ requestHeaders: { 'user-agent': 'curl/8.5.0' } });
      expect(resolveSessionKey(request, [], scope).hash).toBe(expectedHash('ip+user-agent', '203.0.113.7 curl/8.5.0'));
    });

    it('given neither cookie nor User-Agent, when resolved, then the IP alone gives the key', () => {
      expect(resolveSessionKey(aRequest({ userAgent: '' }), [], scope)).toEqual({ point: 'ip', hash: expectedHash('ip', '203.0.113.7') });
    });

    it('given a cookie name of another case, when resolved, then it is not taken for a common session cookie', () => {
      expect(resolveSessionKey(aRequest({ requestHeaders: { cookie: 'phpsessid=x' } }), [], scope).point).toBe('ip');
    });
  });

  describe('hashes', () => {
    const request = aRequest({ requestHeaders: { cookie: 'sid=same-value' } });

    it('are 32 hex characters and never contain the raw value', () => {
      const key = resolveSessionKey(request, [cookie('sid')], scope);
      expect(key.hash).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(key)).not.toContain('same-value');
    });

    it('are stable for one value and differ across tenants, applications and secrets', () => {
      const base = resolveSessionKey(request, [cookie('sid')], scope).hash;
      expect(resolveSessionKey(request, [cookie('sid')], { ...scope }).hash).toBe(base);
      const others = [
        resolveSessionKey(request, [cookie('sid')], { ...scope, tenant: 'globex' }).hash,
        resolveSessionKey(request, [cookie('sid')], { ...scope, application: 'admin' }).hash,
        resolveSessionKey(request, [cookie('sid')], { ...scope, secret: 'another-secret' }).hash,
      ];
      expect(new Set([base, ...others]).size).toBe(4);
    });

    it('are one key space for the chain, apart from the fallbacks: a chain value never equals a cookie fallback or an address', () => {
      expect(resolveSessionKey(aRequest({ query: 'sid=same-value' }), [query('sid')], scope).hash).toBe(resolveSessionKey(request, [cookie('sid')], scope).hash);
      const fallback = resolveSessionKey(aRequest({ requestHeaders: { cookie: 'PHPSESSID=203.0.113.7' } }), [], scope);
      const chained = resolveSessionKey(aRequest({ requestHeaders: { cookie: 'sid=203.0.113.7' } }), [cookie('sid')], scope);
      const address = resolveSessionKey(aRequest(), [], scope);
      expect(new Set([fallback.hash, chained.hash, address.hash]).size).toBe(3);
    });

    it('keep the parts apart: moving characters from the application into the value changes the hash', () => {
      const joined = resolveSessionKey(aRequest({ requestHeaders: { cookie: 'sid=c' } }), [cookie('sid')], { ...scope, application: 'ab' });
      const moved = resolveSessionKey(aRequest({ requestHeaders: { cookie: 'sid=bc' } }), [cookie('sid')], { ...scope, application: 'a' });
      expect(joined.hash).not.toBe(moved.hash);
    });
  });
});

describe('pointLabel', () => {
  it.each<[SessionKeyPoint, string]>([
    [header('Authorization', 'sid'), 'header:authorization#sid'],
    [cookie('PHPSESSID'), 'cookie:PHPSESSID'],
    [query('token'), 'query:token'],
    [{ source: 'response', in: 'body', path: 'data.token' }, 'response.body:data.token'],
  ])('labels %j as %s', (point, label) => {
    expect(pointLabel(point)).toBe(label);
  });
});
