import { anObservedRequest } from '@sessionscope/contracts/testing';
import { maskSecretHeaders, maskSecrets } from './mask-secrets';

describe('masking credentials before storage', () => {
  it('keeps the auth scheme, the cookie names and the Set-Cookie attributes, and nothing secret', () => {
    const headers = maskSecretHeaders({
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln',
      cookie: 'PHPSESSID=abc123; theme=dark',
      'set-cookie': 'sid=s3cr3t; Path=/; HttpOnly, lang=en; Max-Age=3600',
      'x-api-key': 'key-123',
      'user-agent': 'curl/8',
    });
    expect(headers).toEqual({
      authorization: 'Bearer [masked]',
      cookie: 'PHPSESSID=[masked]; theme=[masked]',
      'set-cookie': 'sid=[masked]; Path=/; HttpOnly, lang=[masked]; Max-Age=3600',
      'x-api-key': '[masked]',
      'user-agent': 'curl/8',
    });
  });

  it('masks a credential without a scheme whole', () => {
    expect(maskSecretHeaders({ authorization: 'opaque-token' })).toEqual({ authorization: '[masked]' });
  });

  it('masks request and response headers of an observed request', () => {
    const request = maskSecrets(anObservedRequest({ requestHeaders: { cookie: 'sid=s3cr3t-one' }, responseHeaders: { 'set-cookie': 'sid=s3cr3t-two; Secure' } }));
    expect(JSON.stringify(request)).not.toMatch(/s3cr3t/);
  });
});
