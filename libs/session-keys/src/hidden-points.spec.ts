import type { SessionKeyPoint } from '@sessionscope/contracts';
import { hiddenPointHashes } from './hidden-points';
import type { PointSource } from './read-point';
import { chainValueHasher, resolveSessionKey, SessionKeyScope, tenantKeySecret } from './resolve-session-key';

const scope: SessionKeyScope = { tenant: 'acme', application: 'shop', secret: 'test-secret-of-acme' };
const hash = chainValueHasher(scope);

function aJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part(claims)}.c2ln`;
}

const token = aJwt({ sub: 'alice', jti: 'j-1' });

/** A request as sent, and as masking stores it (written out by hand: the masking rules are not what is tested). */
const sent: PointSource = {
  requestHeaders: { authorization: `Bearer ${token}`, cookie: 'sid=s-9; theme=dark', accept: 'application/json' },
  responseHeaders: { 'set-cookie': 'sid=s-10; Path=/; HttpOnly' },
  query: 'token=q-1&page=2',
  requestBody: '{"user":{"password":"hunter2","name":"alice"}}',
  responseBody: `{"token":"${token}"}`,
  clientIp: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
};
const stored: PointSource = {
  ...sent,
  requestHeaders: { authorization: 'Bearer [masked]', cookie: 'sid=[masked]; theme=[masked]', accept: 'application/json' },
  responseHeaders: { 'set-cookie': 'sid=[masked]; Path=/; HttpOnly' },
  query: 'token=%5Bmasked%5D&page=2',
  requestBody: '{"user":{"password":"[masked]","name":"alice"}}',
  responseBody: '{"token":"[masked]"}',
};

describe('hiddenPointHashes', () => {
  const hashes = hiddenPointHashes(sent, stored, hash);

  it('keeps a keyed hash of every value masking hid, under the label of its point, and nothing of what stayed', () => {
    expect(Object.keys(hashes).sort()).toEqual([
      'cookie:sid',
      'cookie:theme',
      'header:authorization',
      'header:authorization#jti',
      'header:authorization#sub',
      'query:token',
      'response.body:token',
      'response.body:token#jti',
      'response.body:token#sub',
      'response.cookie:sid',
    ]);
    expect(hashes['cookie:sid']).toBe(hash('s-9'));
    expect(hashes['header:authorization']).toBe(hash(token));
    expect(hashes['header:authorization#sub']).toBe(hash('alice'));
    expect(JSON.stringify(hashes)).not.toContain('hunter2');
  });

  it('keeps no hash of a password, a PIN, a one-time code or card data, guessable as they are', () => {
    const withSecrets = { ...sent, requestBody: '{"password":"hunter2","pin":"1234","otp":"000111","card":{"cvv":"123"},"sessionToken":"st-1"}' };
    const storedSecrets = { ...stored, requestBody: '{"password":"[masked]","pin":"[masked]","otp":"[masked]","card":{"cvv":"[masked]"},"sessionToken":"[masked]"}' };
    const bodyLabels = Object.keys(hiddenPointHashes(withSecrets, storedSecrets, hash)).filter((label) => label.startsWith('body:'));
    expect(bodyLabels).toEqual(['body:sessionToken']);
  });

  it('does not compare a body cut to its cap, and keeps at most a bounded number of hashes', () => {
    const big = JSON.stringify(Array.from({ length: 500 }, (_, index) => ({ id: `i-${index}`, token: `t-${index}` })));
    const cut = { ...stored, responseBody: big.slice(0, 100), responseBodyTruncated: true };
    expect(Object.keys(hiddenPointHashes({ ...sent, responseBody: big }, cut, hash)).filter((label) => label.startsWith('response.body:'))).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`x-${index}-token`, `v-${index}`]));
    const hidden = Object.fromEntries(Object.keys(many).map((name) => [name, '[masked]']));
    expect(Object.keys(hiddenPointHashes({ ...sent, requestHeaders: many }, { ...stored, requestHeaders: hidden }, hash)).length).toBe(64);
  });

  it('lets a stored request give the key the request as sent gave, for any chain over hidden points', () => {
    const chains: SessionKeyPoint[][] = [
      [{ source: 'request', in: 'cookie', name: 'sid' }],
      [{ source: 'request', in: 'header', name: 'authorization', jwtClaim: 'jti' }],
      [{ source: 'response', in: 'body', path: 'token' }],
      [{ source: 'request', in: 'query', name: 'token' }],
    ];
    for (const chain of chains) {
      expect(resolveSessionKey({ ...stored, pointHashes: hashes }, chain, scope)).toEqual(resolveSessionKey(sent, chain, scope));
    }
  });

  it('gives nothing when nothing was hidden', () => {
    expect(hiddenPointHashes(sent, sent, hash)).toEqual({});
  });
});

describe('tenantKeySecret', () => {
  it('gives each tenant its own secret, stable for one tenant', () => {
    expect(tenantKeySecret('deployment-secret', 'acme')).toBe(tenantKeySecret('deployment-secret', 'acme'));
    expect(tenantKeySecret('deployment-secret', 'acme')).not.toBe(tenantKeySecret('deployment-secret', 'globex'));
    expect(tenantKeySecret('deployment-secret', 'acme')).not.toBe(tenantKeySecret('another-secret', 'acme'));
  });
});
