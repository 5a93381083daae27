import { anObservedRequest } from '@sessionscope/contracts/testing';
import { capBody, maskBody, Masking, maskSecretHeaders, maskSecrets, maskUrl } from './mask-secrets';

const builtIn = new Masking();

describe('masking credentials in headers', () => {
  it('keeps the auth scheme, the cookie names, the Set-Cookie attributes and the claims of a JWT, and nothing secret', () => {
    const headers = maskSecretHeaders({
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln',
      cookie: 'PHPSESSID=abc123; theme=dark',
      'set-cookie': 'sid=s3cr3t; Path=/; HttpOnly, lang=en; Max-Age=3600',
      'x-api-key': 'key-123',
      'x-client-secret': 'cs-1',
      'x-goog-api-key': 'AIza-1',
      'user-agent': 'curl/8',
    });
    expect(headers).toEqual({
      // A JWT without its signature grants nothing; its claims stay readable for User, Roles and replays.
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.[masked]',
      cookie: 'PHPSESSID=[masked]; theme=[masked]',
      'set-cookie': 'sid=[masked]; Path=/; HttpOnly, lang=[masked]; Max-Age=3600',
      'x-api-key': '[masked]',
      'x-client-secret': '[masked]',
      'x-goog-api-key': '[masked]',
      'user-agent': 'curl/8',
    });
  });

  it('masks a cookie value that comes without a name', () => {
    expect(maskSecretHeaders({ cookie: 'abc123; theme=dark', 'set-cookie': 'TOKEN; Path=/' })).toEqual({ cookie: '[masked]; theme=[masked]', 'set-cookie': '[masked]; Path=/' });
  });

  it('masks a value shaped like a JWT whole when its middle part is not a JSON object', () => {
    expect(maskSecretHeaders({ authorization: 'Bearer abcd.efgh.ijkl', cookie: 'jwt=eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln' })).toEqual({
      authorization: 'Bearer [masked]',
      cookie: 'jwt=[masked]',
    });
  });

  it('given URL headers, when masked, then tokens in their query, fragment and path parameters are masked and the rest kept', () => {
    expect(
      maskSecretHeaders({
        referer: 'https://shop.example.com/reset?token=r3set&lang=en',
        location: 'https://app.example.com/callback#access_token=t0k&token_type=Bearer&state=xyz',
      }),
    ).toEqual({
      referer: 'https://shop.example.com/reset?token=[masked]&lang=en',
      location: 'https://app.example.com/callback#access_token=[masked]&token_type=Bearer&state=xyz',
    });
    expect(maskUrl('/cart;jsessionid=A1B2;v=2/items?x=1#top', builtIn)).toBe('/cart;jsessionid=[masked];v=2/items?x=1#top');
  });

  it('given headers without a credential, when masked, then the same object comes back; with one, a copy that keeps a "__proto__" header as a header', () => {
    const plain = { accept: 'application/json', 'user-agent': 'curl/8' };
    expect(maskSecretHeaders(plain)).toBe(plain);
    const withProto = JSON.parse('{"__proto__":"p","cookie":"sid=1"}') as Record<string, string>;
    const result = maskSecretHeaders(withProto);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('p');
    expect(result['cookie']).toBe('sid=[masked]');
    expect(withProto['cookie']).toBe('sid=1');
  });

  it('given the same token in many requests, when masked with one policy, then each gives the same result as the first', () => {
    const masking = new Masking();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';
    const first = maskSecretHeaders({ authorization: `Bearer ${jwt}`, cookie: `a=${jwt}; b=opaque` }, masking);
    expect(first).toEqual({ authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.[masked]', cookie: 'a=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.[masked]; b=[masked]' });
    expect(maskSecretHeaders({ authorization: `Bearer ${jwt}`, cookie: `a=${jwt}; b=opaque` }, masking)).toEqual(first);
  });

  it('masks a credential without a scheme whole', () => {
    expect(maskSecretHeaders({ authorization: 'opaque-token' })).toEqual({ authorization: '[masked]' });
  });

  it('given an application policy, when masking, then its extra names are masked and its kept names (cookies too) are kept', () => {
    const masking = new Masking({ mask: ['X-Tenant-Ref'], keep: ['theme', 'x-csrf-token'], maxBodyBytes: 100 });
    expect(maskSecretHeaders({ 'x-tenant-ref': 't-9', cookie: 'sid=1; theme=dark', 'x-csrf-token': 'c', 'x-request-id': 'r' }, masking)).toEqual({
      'x-tenant-ref': '[masked]',
      cookie: 'sid=[masked]; theme=dark',
      'x-csrf-token': 'c',
      'x-request-id': 'r',
    });
  });
});

describe('masking bodies', () => {
  it('given a JSON body, when masked, then values of secret names are masked at any depth, whole when they are objects, and the rest is kept', () => {
    const body = JSON.stringify({ user: 'alice', password: 'hunter2', profile: { apiKey: 'k-1', credentials: { a: 1 }, prompt_tokens: 12 }, items: [{ refreshToken: 'r' }] });
    expect(JSON.parse(maskBody(body, 'application/json', builtIn))).toEqual({
      user: 'alice',
      password: '[masked]',
      profile: { apiKey: '[masked]', credentials: '[masked]', prompt_tokens: 12 },
      items: [{ refreshToken: '[masked]' }],
    });
  });

  it('given a JSON body with nothing secret, when masked, then it is the same text, formatting included', () => {
    const body = '{ "user" : "alice",\n  "n": 1 }';
    expect(maskBody(body, 'application/json', builtIn)).toBe(body);
  });

  it('given JSON cut short by the capture, when masked, then the secret pairs found in the text are masked', () => {
    const masked = maskBody('{"user":"alice","password":"hunter2","token":12345,"note":"unfinished', undefined, builtIn);
    expect(masked).toBe('{"user":"alice","password":"[masked]","token":"[masked]","note":"unfinished');
  });

  it('given JSON nested deeper than the walk goes, when masked, then it is masked as text without failing', () => {
    const deep = `${'['.repeat(5000)}{"secret":"s3cr3t"}${']'.repeat(5000)}`;
    expect(maskBody(deep, 'application/json', builtIn)).not.toContain('s3cr3t');
  });

  it('given a form body, when masked, then fields named like credentials are masked, encoded names too', () => {
    expect(maskBody('user=alice&pass%77ord=hunter2&remember=1&client_secret=x', 'application/x-www-form-urlencoded', builtIn)).toBe(
      'user=alice&pass%77ord=[masked]&remember=1&client_secret=[masked]',
    );
    expect(maskBody('user=alice&pwd=hunter2', undefined, builtIn)).toBe('user=alice&pwd=[masked]');
  });

  it('given card numbers in bodies, when masked, then Luhn-valid ones are masked and other long numbers stay', () => {
    const text = 'card 4111 1111 1111 1111, amex 3782-822463-10005, order 4111111111111112, time 1700000000000';
    expect(maskBody(text, 'text/plain', builtIn)).toBe('card [masked], amex [masked], order 4111111111111112, time 1700000000000');
    expect(JSON.parse(maskBody('{"pan":"5555555555554444","n":4111111111111111,"id":1234567890123}', 'application/json', builtIn))).toEqual({
      pan: '[masked]',
      n: '[masked]',
      id: 1234567890123,
    });
  });

  it('given an application that keeps a name, when masked, then its value stays in bodies and queries', () => {
    const masking = new Masking({ mask: ['email'], keep: ['token'], maxBodyBytes: 1000 });
    expect(JSON.parse(maskBody('{"token":"visible","email":"a@example.com"}', 'application/json', masking))).toEqual({ token: 'visible', email: '[masked]' });
  });
});

describe('capping bodies', () => {
  it('given a body within the cap, when capped, then it is whole with its size', () => {
    expect(capBody('héllo', 6)).toEqual({ body: 'héllo', originalBytes: 6, truncated: false });
  });

  it('given a body over the cap, when capped, then it is cut at a character boundary and its original size is kept', () => {
    expect(capBody('aé€b', 4)).toEqual({ body: 'aé', originalBytes: 7, truncated: true });
    expect(capBody('x'.repeat(20), 16)).toEqual({ body: 'x'.repeat(16), originalBytes: 20, truncated: true });
  });
});

describe('maskSecrets', () => {
  it('masks headers, query parameters and bodies of both directions, caps bodies and keeps their sizes', () => {
    const request = maskSecrets(
      anObservedRequest({
        query: 'q=shoes&access_token=s3cr3t-q',
        requestHeaders: { cookie: 'sid=s3cr3t-one', 'content-type': 'application/json' },
        responseHeaders: { 'set-cookie': 'sid=s3cr3t-two; Secure', 'content-type': 'application/json' },
        requestBody: JSON.stringify({ password: 's3cr3t-three', note: 'x'.repeat(100) }),
        responseBody: '{"ok":true}',
      }),
      new Masking({ mask: [], keep: [], maxBodyBytes: 64 }),
    );
    expect(JSON.stringify(request)).not.toMatch(/s3cr3t/);
    expect(request.query).toBe('q=shoes&access_token=[masked]');
    expect(request.requestBody).toBe(`{"password":"[masked]","note":"${'x'.repeat(33)}`);
    expect(request).toMatchObject({ requestBodyBytes: 137, requestBodyTruncated: true, responseBody: '{"ok":true}', responseBodyBytes: 11, responseBodyTruncated: false });
  });

  it('given no bodies, when masked, then no body sizes are added', () => {
    const request = maskSecrets(anObservedRequest({ requestBody: null, responseBody: null }));
    expect(request).not.toHaveProperty('requestBodyBytes');
    expect(request).not.toHaveProperty('responseBodyTruncated');
  });
});

describe('masking bodies that are neither JSON nor forms', () => {
  it('masks the secret parts of a multipart body and keeps the others', () => {
    const body = ['--b1', 'Content-Disposition: form-data; name="user"', '', 'alice', '--b1', 'Content-Disposition: form-data; name="password"', '', 'hunter2', '--b1--', ''].join('\r\n');
    const stored = maskBody(body, 'multipart/form-data; boundary=b1', builtIn);
    expect(stored).toContain('alice');
    expect(stored).not.toContain('hunter2');
    expect(stored).toContain('name="password"\r\n\r\n[masked]\r\n--b1--');
  });

  it('masks a form whatever its content type says (a HAR writes the params of a multipart request as a form)', () => {
    expect(maskBody('user=alice&password=hunter2', 'multipart/form-data; boundary=x', builtIn)).toBe('user=alice&password=[masked]');
  });

  it('masks secret elements and attributes of XML and name=value pairs in text', () => {
    const xml = '<login><user>alice</user><password>hunter2</password><token type="x" value="t0k"/></login>';
    expect(maskBody(xml, 'application/xml', builtIn)).toBe('<login><user>alice</user><password>[masked]</password><token type="x" value="t0k"/></login>');
    expect(maskBody('<a api_key="k-1" lang="en"/>', 'text/xml', builtIn)).toBe('<a api_key="[masked]" lang="en"/>');
    expect(maskBody('login user=alice password=hunter2 ok', 'text/plain', builtIn)).toBe('login user=alice password=[masked] ok');
  });
});
