import { parseAccessLogLine, parseLogTime, parseRequestLine } from './access-log-line';
import { LineRejected } from './line-rejection';

const defaults = { application: 'default', host: '' };
const good = '203.0.113.7 - frank [10/Oct/2000:13:55:36 -0700] "GET /a?b=1 HTTP/1.1" 200 2326 "http://ref/" "Mozilla/4.08"';

function rejectionOf(action: () => unknown): { field: string | null; message: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof LineRejected) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected the line to be rejected');
}

describe('parseAccessLogLine', () => {
  it('given the example of the Apache documentation, when parsed, then every field is read', () => {
    expect(parseAccessLogLine(good, 'combined', { application: 'shop', host: 'shop.example.com' })).toEqual({
      timestamp: '2000-10-10T13:55:36-07:00',
      method: 'GET',
      url: '/a?b=1',
      host: 'shop.example.com',
      status: 200,
      responseBytes: 2326,
      clientIp: '203.0.113.7',
      application: 'shop',
      requestHeaders: { referer: 'http://ref/', 'user-agent': 'Mozilla/4.08' },
    });
  });

  it('given escaped quotes and backslashes, when parsed, then they are unescaped; other escapes are kept as written', () => {
    const line = '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET /q?s=\\"x\\" HTTP/1.1" 200 1 "-" "agent \\"quoted\\" \\\\ \\x16"';
    const record = parseAccessLogLine(line, 'combined', defaults);
    expect(record.url).toBe('/q?s="x"');
    expect(record.requestHeaders).toEqual({ 'user-agent': 'agent "quoted" \\ \\x16' });
  });

  it('given an unescaped quote inside the user agent, when parsed, then the quote is kept because no space follows it', () => {
    const line = '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla "X"/1.0"';
    expect(parseAccessLogLine(line, 'combined', defaults).requestHeaders).toEqual({ 'user-agent': 'Mozilla "X"/1.0' });
  });

  it('given "-" for status and size, when parsed, then the status is absent and the size is 0', () => {
    const record = parseAccessLogLine('203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" - -', 'common', defaults);
    expect(record.status).toBeUndefined();
    expect(record.responseBytes).toBe(0);
  });

  it('given a 29th of February of a leap year, when parsed, then it is taken', () => {
    expect(parseAccessLogLine('203.0.113.7 - - [29/Feb/2024:23:59:59 -0100] "GET / HTTP/1.1" 200 1 "-" "-"', 'combined', defaults).timestamp).toBe('2024-02-29T23:59:59-01:00');
  });

  it('given an IPv6 client and an absolute-form target, when parsed, then both are kept', () => {
    const record = parseAccessLogLine('2001:db8::1 - - [10/Oct/2000:13:55:36 +0000] "GET http://proxy.example/x HTTP/1.1" 200 5', 'common', defaults);
    expect(record).toMatchObject({ clientIp: '2001:db8::1', url: 'http://proxy.example/x' });
  });

  it.each([
    ['a host name instead of an address', 'client.example.com - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'clientIp', /^not an IPv4 or IPv6 address$/],
    ['a time without brackets', '203.0.113.7 - - 10/Oct/2000:13:55:36 +0000 "GET / HTTP/1.1" 200 1 "-" "-"', 'timestamp', /in \[brackets\]/],
    ['a time without zone', '203.0.113.7 - - [10/Oct/2000:13:55:36] "GET / HTTP/1.1" 200 1 "-" "-"', 'timestamp', /expected a time like/],
    ['an unknown month', '203.0.113.7 - - [10/Okt/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'timestamp', /expected a time like/],
    ['a 31st of April', '203.0.113.7 - - [31/Apr/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'timestamp', /ISO datetime/],
    ['hour 25', '203.0.113.7 - - [10/Oct/2000:25:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'timestamp', /ISO datetime/],
    ['a 29th of February out of leap years', '203.0.113.7 - - [29/Feb/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'timestamp', /ISO datetime/],
    ['minute 60', '203.0.113.7 - - [10/Oct/2000:13:60:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'timestamp', /ISO datetime/],
    ['a zone of 24 hours', '203.0.113.7 - - [10/Oct/2000:13:55:36 +2400] "GET / HTTP/1.1" 200 1 "-" "-"', 'timestamp', /ISO datetime/],
    ['a status of 099', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 099 1 "-" "-"', 'status', />=100/],
    ['an unclosed time', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000', 'timestamp', /no closing "\]"/],
    ['no request line ("-")', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "-" 408 0 "-" "-"', 'request', /no request line \("-"\)/],
    ['a TLS handshake sent to a plain port', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "\\x16\\x03\\x01\\x00\\xa5" 400 226 "-" "-"', 'request', /does not start with an HTTP method/],
    ['a request line without protocol', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET /very/long/pa" 414 0 "-" "-"', 'request', /is it truncated/],
    ['a request line with a target that is no path', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "CONNECT example.com:443 HTTP/1.1" 400 0 "-" "-"', 'request', /nor a path starting with \//],
    ['a request line cut in the middle of the line', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET /a HT', 'request', /no closing quote/],
    ['a status in words', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" OK 1 "-" "-"', 'status', /not a 3-digit HTTP status/],
    ['a status of 999', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 999 1 "-" "-"', 'status', /<=599/],
    ['a size in words', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 lots "-" "-"', 'responseBytes', /not a number of bytes/],
    ['a line that ends after the time', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000]', 'request', /line ends before the request line/],
    ['a referer without quotes', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 - "-"', 'referer', /in "quotes"/],
    ['a truncated user agent', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla/5.0 (compat', 'userAgent', /no closing quote/],
    ['two fields glued together', '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000]"GET / HTTP/1.1" 200 1 "-" "-"', 'request', /expected a space before the request line/],
    ['a JSON line', '{"method":"GET"}', 'ident', /line ends before the identity/],
  ])('given %s, when parsed, then it is rejected naming the field', (_case, line, field, message) => {
    expect(rejectionOf(() => parseAccessLogLine(line, 'combined', defaults))).toEqual({ field, message: expect.stringMatching(message) });
  });
});

describe('parseLogTime', () => {
  it.each([
    ['10/Oct/2000:13:55:36 -0700', '2000-10-10T13:55:36-07:00'],
    ['17/May/2015:10:05:03 +0000', '2015-05-17T10:05:03+00:00'],
    ['01/jan/2026:00:00:00 +0530', '2026-01-01T00:00:00+05:30'],
    ['25/Oct/2015:04:11:25.123 +0100', '2015-10-25T04:11:25.123+01:00'],
  ])('reads [%s] as %s', (text, iso) => {
    expect(parseLogTime(text)).toBe(iso);
  });

  it.each(['10/Oct/2000:13:55:36', '1/Oct/2000:13:55:36 +0000', '10/Oct/2000 13:55:36 +0000', '10/Oct/2000:13:55:36 0000', '10/Oct/2000:13:55:36. +0000', ''])(
    'rejects [%s]',
    (text) => {
      expect(rejectionOf(() => parseLogTime(text)).field).toBe('timestamp');
    },
  );
});

describe('parseRequestLine', () => {
  it('given a target with unencoded spaces, when parsed, then the target is everything between method and protocol', () => {
    expect(parseRequestLine('GET /a b c HTTP/1.0')).toEqual({ method: 'GET', target: '/a b c' });
  });

  it('given HTTP/2 and HTTP/3 protocols, when parsed, then they are accepted', () => {
    expect(parseRequestLine('POST /api HTTP/2.0').method).toBe('POST');
    expect(parseRequestLine('GET /api HTTP/3').target).toBe('/api');
  });
});
