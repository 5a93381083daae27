import { ObservedRequest, parseEventOf } from '@sessionscope/contracts';
import { apacheLogLines8895to8903, apacheLogSample } from './fixtures/apache-logs.fixture';
import { anObservedRequest } from '@sessionscope/contracts/testing';
import { shopApiNdjson } from './fixtures/shop-api.fixture';
import { Masking } from './mask-secrets';
import { observeTraffic, toRequestObserved } from './observe-traffic';
import { parseTraffic, TrafficOptions } from './read-traffic';

const utf8 = (text: string) => new TextEncoder().encode(text);

function sequentialIds(prefix = 'gen'): () => string {
  let next = 0;
  return () => `${prefix}-${++next}`;
}

function parse(text: string, overrides: Partial<TrafficOptions> = {}) {
  const options: TrafficOptions = { format: 'ndjson', tenant: 'default', maxLineBytes: 64 * 1024, ...overrides };
  return parseTraffic(utf8(text), options, { newId: sequentialIds() });
}

function aRecordLine(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ timestamp: '2026-11-24T10:00:00Z', method: 'GET', url: '/a', clientIp: '203.0.113.7', ...overrides });
}

describe('NDJSON traffic', () => {
  it('given the shop fixture, when parsed, then good lines become normalised requests and bad ones name their line and field', () => {
    const { requests, rejections } = parse(shopApiNdjson, { application: 'web' });

    expect(requests.map((request) => request.source.line)).toEqual([1, 2, 4, 9]);
    expect(requests[0]).toEqual<ObservedRequest>({
      id: 'r-0001',
      tenant: 'default',
      application: 'shop',
      timestamp: '2026-11-24T10:00:00.123Z',
      method: 'GET',
      scheme: 'https',
      host: 'shop.example.com',
      path: '/api/v1/users/42',
      query: 'expand=orders',
      status: 200,
      durationMs: 12.5,
      requestBytes: 321,
      responseBytes: 1024,
      clientIp: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      requestHeaders: { 'user-agent': 'Mozilla/5.0', cookie: 'sid=abc' },
      responseHeaders: { 'content-type': 'application/json' },
      requestBody: null,
      responseBody: null,
      source: { format: 'ndjson', line: 1 },
    });
    expect(requests[1]).toEqual<ObservedRequest>({
      id: 'gen-1',
      tenant: 'default',
      application: 'web',
      timestamp: '2026-11-24T10:00:01.500Z',
      method: 'POST',
      scheme: 'https',
      host: 'shop.example.com',
      path: '/api/v1/login',
      query: '',
      status: 302,
      durationMs: null,
      requestBytes: null,
      responseBytes: null,
      clientIp: '2001:db8::7',
      userAgent: null,
      requestHeaders: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json, text/html', 'x-forwarded-proto': 'https' },
      responseHeaders: {},
      requestBody: 'user=alice&password=***',
      responseBody: null,
      source: { format: 'ndjson', line: 2 },
    });
    expect(requests[2]).toMatchObject({ scheme: 'http', host: 'shop.example.com:8443', requestHeaders: { host: 'shop.example.com:8443', cookie: 'a=1; b=2' } });
    expect(requests[3]).toMatchObject({ method: 'DELETE', scheme: 'http', host: 'shop.example.com', path: '/api/v1/cart/items/9', status: 204 });

    expect(rejections).toEqual([
      { line: 5, field: 'status', message: 'Invalid input: expected number, received string' },
      { line: 6, field: 'timestamp', message: 'Invalid ISO datetime' },
      { line: 7, field: 'clientIp', message: 'not an IPv4 or IPv6 address' },
      { line: 8, field: null, message: expect.stringMatching(/^not valid JSON: /) },
    ]);
  });

  it('given a record without an application, when no default is given, then it belongs to "default"', () => {
    expect(parse(aRecordLine()).requests[0].application).toBe('default');
  });

  it('given a line with several problems, when rejected, then the first names the field and the others are listed', () => {
    const { rejections } = parse(JSON.stringify({ timestamp: 'soon', method: 'GET', url: '/a', clientIp: 'nobody', status: 99 }));
    expect(rejections).toHaveLength(1);
    expect(rejections[0].field).toBe('timestamp');
    expect(rejections[0].message).toMatch(/; also status: .*; clientIp: /);
  });

  it.each([
    ['a missing timestamp', aRecordLine({ timestamp: undefined }), 'timestamp', /is missing/],
    ['a timestamp without a zone', aRecordLine({ timestamp: '2026-11-24 10:00:00' }), 'timestamp', /ISO datetime/],
    ['a 31st of April', aRecordLine({ timestamp: '2026-04-31T10:00:00Z' }), 'timestamp', /ISO datetime/],
    ['a status of 600', aRecordLine({ status: 600 }), 'status', /<=599/],
    ['a method with a space', aRecordLine({ method: 'GE T' }), 'method', /HTTP method/],
    ['negative bytes', aRecordLine({ responseBytes: -1 }), 'responseBytes', />=0/],
    ['an ftp URL', aRecordLine({ url: 'ftp://files.example.com/a' }), 'url', /scheme "ftp" is not http or https/],
    ['a relative URL', aRecordLine({ url: 'api/v1/users' }), 'url', /neither an absolute http\(s\) URL nor a path/],
    ['a URL without a host', aRecordLine({ url: 'https:///a' }), 'url', /has no host/],
    ['a header of a number', aRecordLine({ requestHeaders: { 'x-n': 1 } }), 'requestHeaders.x-n', /a header value must be a string or an array of strings/],
    ['an id with a line break', aRecordLine({ id: 'a\nb' }), 'id', /control characters/],
    ['a JSON array', '[1,2]', null, /expected a JSON object .*got an array/],
    ['a JSON string', '"GET /"', null, /got string/],
    ['JSON null', 'null', null, /got null/],
    ['a combined log line sent as NDJSON', apacheLogSample.split('\n')[0], null, /not valid JSON/],
  ])('given %s, when parsed, then the line is rejected naming the field', (_case, line, field, message) => {
    const { requests, rejections } = parse([aRecordLine(), line, aRecordLine()].join('\n'));
    expect(requests.map((request) => request.source.line)).toEqual([1, 3]);
    expect(rejections).toEqual([{ line: 2, field, message: expect.stringMatching(message) }]);
  });

  it('given absolute URLs, when split, then the path is kept as sent and credentials and fragments are dropped', () => {
    const { requests } = parse(
      [
        aRecordLine({ url: 'HTTPS://alice:secret@API.example.com:8443/a/../b/%2e%2e/c?x=1&y=2#frag' }),
        aRecordLine({ url: 'http://example.com' }),
        aRecordLine({ url: 'http://example.com?only=query' }),
        aRecordLine({ url: '//double/slash?q' }),
      ].join('\n'),
    );
    expect(requests.map(({ scheme, host, path, query }) => ({ scheme, host, path, query }))).toEqual([
      { scheme: 'https', host: 'api.example.com:8443', path: '/a/../b/%2e%2e/c', query: 'x=1&y=2' },
      { scheme: 'http', host: 'example.com', path: '/', query: '' },
      { scheme: 'http', host: 'example.com', path: '/', query: 'only=query' },
      { scheme: 'http', host: '', path: '//double/slash', query: 'q' },
    ]);
    expect(JSON.stringify(requests)).not.toContain('secret');
  });

  it('given headers whose names differ only in case, when normalised, then their values are joined under one lower-case name', () => {
    const { requests } = parse(aRecordLine({ requestHeaders: { 'X-Tag': 'a', 'x-tag': ['b', 'c'], Cookie: 'a=1', cookie: 'b=2', __proto__: 'kept' } }));
    expect(requests[0].requestHeaders).toEqual({ 'x-tag': 'a, b, c', cookie: 'a=1; b=2' });
  });

  it('given a record with a host field and an absolute URL, when normalised, then the URL host wins and a host field serves origin-form URLs', () => {
    const { requests } = parse([aRecordLine({ url: 'https://a.example/x', host: 'b.example' }), aRecordLine({ url: '/x', host: 'B.Example' })].join('\n'), {
      host: 'c.example',
    });
    expect(requests.map((request) => request.host)).toEqual(['a.example', 'b.example']);
  });
});

describe('record ids', () => {
  const lines = [aRecordLine({ id: 'sender-1' }), aRecordLine(), aRecordLine()].join('\n');

  it('given no source id, when a record has no id, then a new id is taken from the context', () => {
    expect(parse(lines).requests.map((request) => request.id)).toEqual(['sender-1', 'gen-1', 'gen-2']);
  });

  it('given a source id, when the same lines are sent again, then they get the same ids', () => {
    const first = parse(lines, { sourceId: 'file:abc' }).requests.map((request) => request.id);
    const again = parse(lines, { sourceId: 'file:abc' }).requests.map((request) => request.id);
    expect(again).toEqual(first);
    expect(first[0]).toBe('sender-1');
    expect(first[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(first).size).toBe(3);
  });

  it('given a source id, when a line comes in another upload at the same absolute line, then it keeps its id', () => {
    const whole = parse([aRecordLine(), aRecordLine(), aRecordLine()].join('\n'), { sourceId: 'file:abc' }).requests;
    const tail = parse(aRecordLine(), { sourceId: 'file:abc', lineOffset: 2 }).requests;
    expect(tail[0].id).toBe(whole[2].id);
    expect(tail[0].source.line).toBe(3);
  });

  it('given one source id, when another text comes at the same line, then its id differs (two logs that share a first line keep both their lines)', () => {
    const one = parse(aRecordLine({ method: 'GET' }), { sourceId: 'first-line:x' }).requests[0].id;
    const other = parse(aRecordLine({ method: 'POST' }), { sourceId: 'first-line:x' }).requests[0].id;
    expect(other).not.toBe(one);
  });

  it('given another source id, when the same lines are sent, then the ids differ', () => {
    const a = parse(aRecordLine(), { sourceId: 'file:a' }).requests[0].id;
    const b = parse(aRecordLine(), { sourceId: 'file:b' }).requests[0].id;
    expect(a).not.toBe(b);
  });
});

describe('lines', () => {
  it('given blank lines, CRLF endings and a byte order mark, when parsed, then blank lines are skipped but still counted', () => {
    const { requests, rejections } = parse(`\uFEFF${aRecordLine()}\r\n\r\n   \n${aRecordLine()}\r\n`);
    expect(rejections).toEqual([]);
    expect(requests.map((request) => request.source.line)).toEqual([1, 4]);
  });

  it('given a line over the limit, when parsed, then it is rejected with its size and the limit while its neighbours pass', () => {
    const long = aRecordLine({ requestBody: 'x'.repeat(500) });
    const { requests, rejections } = parse([aRecordLine(), long, aRecordLine()].join('\n'), { maxLineBytes: 200 });
    expect(requests.map((request) => request.source.line)).toEqual([1, 3]);
    expect(rejections).toEqual([{ line: 2, field: null, message: `line is ${Buffer.byteLength(long)} bytes long, over the limit of 200 bytes` }]);
  });

  it('given multi-byte characters, when the limit is checked, then bytes are counted, not characters', () => {
    const line = aRecordLine({ requestBody: 'é'.repeat(60) });
    expect(Buffer.byteLength(line)).toBeGreaterThan(line.length);
    expect(parse(line, { maxLineBytes: line.length }).rejections).toHaveLength(1);
    expect(parse(line, { maxLineBytes: Buffer.byteLength(line) }).rejections).toHaveLength(0);
  });

  it('given bytes that are not UTF-8, when parsed, then only that line is rejected', () => {
    const body = Buffer.concat([utf8(`${aRecordLine()}\n`), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), utf8(aRecordLine())]);
    const { requests, rejections } = parseTraffic(body, { format: 'ndjson', tenant: 'default', maxLineBytes: 1024 }, { newId: sequentialIds() });
    expect(requests).toHaveLength(2);
    expect(rejections).toEqual([{ line: 2, field: null, message: 'line is not valid UTF-8' }]);
  });

  it('given an empty body, when parsed, then nothing is accepted or rejected', () => {
    expect(parse('')).toEqual({ requests: [], rejections: [] });
    expect(parse('\n\n')).toEqual({ requests: [], rejections: [] });
  });
});

describe('combined access logs', () => {
  it('given real lines, when parsed, then each becomes a request with the caller\'s host and application', () => {
    const { requests, rejections } = parse(apacheLogSample, { format: 'combined', host: 'www.semicomplete.com', application: 'blog' });
    expect(rejections).toEqual([]);
    expect(requests[0]).toEqual<ObservedRequest>({
      id: 'gen-1',
      tenant: 'default',
      application: 'blog',
      timestamp: '2015-05-17T10:05:03.000Z',
      method: 'GET',
      scheme: 'http',
      host: 'www.semicomplete.com',
      path: '/presentations/logstash-monitorama-2013/images/kibana-search.png',
      query: '',
      status: 200,
      durationMs: null,
      requestBytes: null,
      responseBytes: 203023,
      clientIp: '83.149.9.216',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36',
      requestHeaders: {
        referer: 'http://semicomplete.com/presentations/logstash-monitorama-2013/',
        'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36',
      },
      responseHeaders: {},
      requestBody: null,
      responseBody: null,
      source: { format: 'combined', line: 1 },
    });
    expect(requests.map(({ method, path, query, status, responseBytes, userAgent }) => ({ method, path, query, status, responseBytes, userAgent }))).toEqual([
      expect.objectContaining({ method: 'GET', status: 200 }),
      { method: 'GET', path: '/blog/tags/puppet', query: 'flav=rss20', status: 200, responseBytes: 14872, userAgent: 'Tiny Tiny RSS/1.11 (http://tt-rss.org/)' },
      { method: 'GET', path: '/reset.css', query: '', status: 200, responseBytes: 1015, userAgent: null },
      expect.objectContaining({ path: '/doc/index.html', query: 'org/elasticsearch/action/search/SearchResponse.html', status: 404 }),
      expect.objectContaining({ path: '/robots.txt', responseBytes: 0 }),
      expect.objectContaining({ method: 'HEAD', responseBytes: 0 }),
    ]);
    expect(requests[2].requestHeaders).toEqual({});
  });

  it('given the lines around the truncated line 8899 of apache_logs.log, when parsed at their offset, then only line 8899 is rejected', () => {
    const { requests, rejections } = parse(apacheLogLines8895to8903, { format: 'combined', lineOffset: 8894 });
    expect(requests.map((request) => request.source.line)).toEqual([8895, 8896, 8897, 8898, 8900, 8901, 8902, 8903]);
    expect(rejections).toEqual([{ line: 8899, field: 'userAgent', message: 'the user agent has no closing quote (is the line truncated?)' }]);
  });

  it('given a host option that is empty (the default), when parsed, then the host is empty: logs carry none', () => {
    expect(parse(apacheLogSample, { format: 'combined' }).requests.map((request) => request.host)).toEqual(Array(6).fill(''));
  });
});

describe('common access logs', () => {
  it('given a common line, when parsed, then it has no referer or user agent', () => {
    const { requests, rejections } = parse('203.0.113.7 - frank [10/Oct/2000:13:55:36 -0700] "GET /a?b=1 HTTP/1.1" 200 2326', { format: 'common' });
    expect(rejections).toEqual([]);
    expect(requests[0]).toMatchObject({
      timestamp: '2000-10-10T20:55:36.000Z',
      method: 'GET',
      path: '/a',
      query: 'b=1',
      status: 200,
      responseBytes: 2326,
      userAgent: null,
      requestHeaders: {},
      source: { format: 'common', line: 1 },
    });
  });

  it('given combined lines read as common, when parsed, then the extra fields are ignored', () => {
    const { requests } = parse(apacheLogSample, { format: 'common' });
    expect(requests).toHaveLength(6);
    expect(requests[0].userAgent).toBeNull();
  });

  it('given a common line read as combined, when parsed, then it is rejected for its missing referer', () => {
    const { rejections } = parse('203.0.113.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326', { format: 'combined' });
    expect(rejections).toEqual([{ line: 1, field: 'referer', message: 'the line ends before the referer (is it truncated, or in another format?)' }]);
  });
});

describe('observeTraffic', () => {
  it('given a body and a key chain, when observed, then each accepted request becomes a RequestObserved event keyed to its session', () => {
    const body = utf8(
      [
        aRecordLine({ id: 'r-1', requestHeaders: { Cookie: 'sid=s-1' } }),
        aRecordLine({ id: 'r-2', status: 'bad' }),
        aRecordLine({ id: 'r-3', application: 'admin', requestHeaders: { cookie: 'sid=s-1' } }),
      ].join('\n'),
    );
    const keyChains: Record<string, Array<{ source: 'request'; in: 'cookie'; name: string }>> = { default: [{ source: 'request', in: 'cookie', name: 'sid' }] };
    const lines = [
      ...observeTraffic(
        body,
        { format: 'ndjson', tenant: 'acme', maxLineBytes: 1024, sessionPointsOf: (application) => ({ keyChain: keyChains[application] ?? [], user: null, roles: null }), secret: 's3cret-of-acme', paranoiaOf: () => 1 },
        { newId: sequentialIds(), now: '2026-11-24T12:00:00.000Z', correlationId: 'upload-1' },
      ),
    ];

    expect(lines.map((line) => line.ok)).toEqual([true, false, true]);
    const [first, , third] = lines.map((line) => (line.ok ? parseEventOf('RequestObserved', line.event) : null));
    expect(first).toMatchObject({ id: 'req:acme:r-1', type: 'RequestObserved', version: 1, tenant: 'acme', correlationId: 'upload-1', occurredAt: '2026-11-24T12:00:00.000Z' });
    expect(first?.data.request.tenant).toBe('acme');
    expect(first?.data.sessionKey.point).toBe('cookie:sid');
    // The admin application has no chain: its request falls back to IP, even with the same cookie.
    expect(third?.data.sessionKey.point).toBe('ip');
    expect(first?.data.sessionKey.hash).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('observeTraffic masking', () => {
  const observeOne = (line: string, maskingOf?: (application: string) => Masking) => {
    const [observed] = observeTraffic(
      utf8(line),
      { format: 'ndjson', tenant: 'acme', maxLineBytes: 64 * 1024, sessionPointsOf: () => ({ keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }], user: null, roles: null }), secret: 's3cret-of-acme', paranoiaOf: () => 1, maskingOf },
      { newId: sequentialIds(), now: '2026-11-24T12:00:00.000Z', correlationId: 'upload-1' },
    );
    if (!observed.ok) throw new Error(observed.rejection.message);
    return observed.event.data;
  };

  it('given a session cookie, when observed, then the key is the hash of its raw value while the stored cookie is masked', () => {
    const one = observeOne(aRecordLine({ requestHeaders: { cookie: 'sid=alice-1' } }));
    const other = observeOne(aRecordLine({ requestHeaders: { cookie: 'sid=bob-2' } }));
    expect(one.request.requestHeaders.cookie).toBe('sid=[masked]');
    expect(one.sessionKey.point).toBe('cookie:sid');
    expect(one.sessionKey.hash).not.toBe(other.sessionKey.hash);
  });

  it('given an application\'s masking, when observed, then its names and body cap apply, and the body keeps its original size', () => {
    const shop = new Masking({ mask: ['email'], keep: [], maxBodyBytes: 20 });
    const data = observeOne(aRecordLine({ application: 'shop', requestBody: JSON.stringify({ email: 'a@example.com', note: 'x'.repeat(50) }) }), (application) =>
      application === 'shop' ? shop : new Masking(),
    );
    expect(data.request).toMatchObject({ requestBody: '{"email":"[masked]",', requestBodyBytes: 85, requestBodyTruncated: true });
  });

  it('given no masking option, when observed, then the built-in rules and the 16 KiB cap apply', () => {
    const data = observeOne(aRecordLine({ url: '/login?password=hunter2', requestBody: 'y'.repeat(20_000) }));
    expect(data.request.query).toBe('password=[masked]');
    expect(data.request.requestBody).toHaveLength(16 * 1024);
    expect(data.request).toMatchObject({ requestBodyBytes: 20_000, requestBodyTruncated: true });
  });
});

describe('toRequestObserved', () => {
  it('given an observed request and its session key, when wrapped, then it is a RequestObserved v1 event with id req:<tenant>:<request id>', () => {
    const request = anObservedRequest({ id: 'r-0001' });
    const sessionKey = { point: 'cookie:sid', hash: '9b1c6f3e0d2a4b58a7c1e3f5d7b9a1c3' };
    const event = toRequestObserved(request, sessionKey, { tenant: 'default', correlationId: 'import-7f3a', now: '2026-11-24T10:00:01.000Z' });
    expect(event).toEqual({
      id: 'req:default:r-0001',
      type: 'RequestObserved',
      version: 1,
      occurredAt: '2026-11-24T10:00:01.000Z',
      tenant: 'default',
      correlationId: 'import-7f3a',
      data: { request, sessionKey },
    });
    expect(parseEventOf('RequestObserved', JSON.parse(JSON.stringify(event)))).toEqual(event);
  });
});
