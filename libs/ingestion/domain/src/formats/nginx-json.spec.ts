import { defaultNginxJsonMapping, nginxJsonMapping, parseNginxJsonLine, parseNginxJsonMapping } from './nginx-json';

const defaults = { application: 'shop', host: 'shop.example.com' };
const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

/** What `log_format json_combined escape=json '{"time_local":"$time_local",...}'` writes, with overrides. */
function aLine(overrides: Record<string, unknown> = {}) {
  return line({
    time_local: '24/Nov/2026:10:00:00 +0100',
    remote_addr: '203.0.113.7',
    remote_user: '-',
    request: 'GET /api/users/42?expand=orders HTTP/1.1',
    status: '200',
    body_bytes_sent: '1024',
    request_time: '0.125',
    http_referrer: '-',
    http_user_agent: 'Mozilla/5.0',
    http_x_forwarded_for: '198.51.100.1',
    ...overrides,
  });
}

describe('parseNginxJsonLine', () => {
  it('given a line of the common JSON log format, when parsed, then the record has its request, time in ms and headers', () => {
    expect(parseNginxJsonLine(aLine(), defaultNginxJsonMapping, defaults)).toEqual({
      timestamp: '2026-11-24T10:00:00+01:00',
      method: 'GET',
      url: '/api/users/42?expand=orders',
      host: 'shop.example.com',
      status: 200,
      durationMs: 125,
      responseBytes: 1024,
      clientIp: '203.0.113.7',
      application: 'shop',
      requestHeaders: { 'user-agent': 'Mozilla/5.0', 'x-forwarded-for': '198.51.100.1' },
      responseHeaders: {},
    });
  });

  it('given method, uri, host, ISO time, numbers and sent headers in their own fields, when parsed, then each is used', () => {
    const record = parseNginxJsonLine(
      line({ time_iso8601: '2026-11-24T10:00:00+00:00', request_method: 'POST', request_uri: '/login', host: 'api.example.com', scheme: 'https', status: 302, request_time: 0.5, request_length: 300, remote_addr: '::1', sent_http_location: '/home', request_id: 'abc123' }),
      defaultNginxJsonMapping,
      defaults,
    );
    expect(record).toMatchObject({ method: 'POST', url: '/login', host: 'api.example.com', status: 302, durationMs: 500, requestBytes: 300, id: 'abc123', responseHeaders: { location: '/home' }, requestHeaders: { 'x-forwarded-proto': 'https' } });
  });

  it('given a configured mapping with request time in ms and epoch seconds, when parsed, then its names and unit are used', () => {
    const mapping = nginxJsonMapping({ timestamp: 'ts', clientIp: 'client', duration: 'upstream_ms', durationUnit: 'ms', path: 'path', args: 'qs' });
    const record = parseNginxJsonLine(line({ ts: 1763978400.25, client: '10.0.0.9', request_method: 'GET', path: '/a', qs: 'b=1', upstream_ms: '12', status: '204' }), mapping, defaults);
    expect(record).toMatchObject({ timestamp: '2025-11-24T10:00:00.250Z', clientIp: '10.0.0.9', url: '/a?b=1', durationMs: 12, status: 204 });
  });

  it.each([
    ['not JSON', '{"status": 200', null, /not valid JSON/],
    ['a JSON array', '[1,2]', null, /expected a JSON object .* got an array/],
    ['no time', line({ request: 'GET / HTTP/1.1', remote_addr: '1.2.3.4' }), 'time_iso8601', /no time/],
    ['a status that is not a number', aLine({ status: 'OK' }), 'status', /"OK" is not a 3-digit status/],
    ['a wrong type', aLine({ status: { code: 200 } }), 'status', /must be a string or a number, found an object/],
    ['a bad client address', aLine({ remote_addr: 'unix:' }), 'remote_addr', /IPv4 or IPv6/],
    ['a truncated request line', aLine({ request: 'GET /api/users' }), 'request', /is it truncated/],
    ['a bad time', aLine({ time_local: '24/Nov/2026:10:00' }), 'time_local', /expected a time like/],
  ])('given %s, when parsed, then it is rejected naming the field', (_case, text, field, message) => {
    expect(() => parseNginxJsonLine(text, defaultNginxJsonMapping, defaults)).toThrow(expect.objectContaining({ field, message: expect.stringMatching(message) }));
  });
});

describe('parseNginxJsonMapping', () => {
  it('given overrides as JSON, when parsed, then they replace the defaults of their fields only', () => {
    const mapping = parseNginxJsonMapping('{"timestamp":"ts","clientIp":["client","remote_addr"],"durationUnit":"ms"}');
    expect(mapping).toEqual({ ...defaultNginxJsonMapping, timestamp: ['ts'], clientIp: ['client', 'remote_addr'], durationUnit: 'ms' });
  });

  it.each([
    ['{"timestamp":', /not JSON/],
    ['["ts"]', /found an array/],
    ['{"time":"ts"}', /unknown key "time"/],
    ['{"durationUnit":"minutes"}', /"durationUnit" must be "s" or "ms"/],
    ['{"status":7}', /"status" must be a field name or a list of them/],
  ])('given %s, when parsed, then it is refused as INVALID_NGINX_FIELDS saying why', (text, message) => {
    expect(() => parseNginxJsonMapping(text)).toThrow(expect.objectContaining({ code: 'INVALID_NGINX_FIELDS', message: expect.stringMatching(message) }));
  });
});
