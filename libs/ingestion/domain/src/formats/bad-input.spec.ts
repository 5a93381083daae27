import { parseTraffic, TrafficOptions } from '../read-traffic';

/**
 * The bad-input corpus: for each kind of broken input, the rejection says where and what, and the good
 * records beside the bad one are kept. Whole-document formats (HAR, OTLP) are covered in their specs.
 */
const good = JSON.stringify({ timestamp: '2026-11-24T10:00:00Z', method: 'GET', url: 'https://shop.example.com/a', clientIp: '203.0.113.7' });
const goodLog = '203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 12 "-" "curl/8"';
const encode = (...lines: Array<string | Uint8Array>) => {
  const parts = lines.map((line) => (typeof line === 'string' ? Buffer.from(line) : Buffer.from(line)));
  return Buffer.concat(parts.flatMap((part, index) => (index === 0 ? [part] : [Buffer.from('\n'), part])));
};
const read = (body: Uint8Array, options: Partial<TrafficOptions> = {}) => {
  let ids = 0;
  return parseTraffic(body, { format: 'ndjson', tenant: 't', maxLineBytes: 1024, ...options }, { newId: () => `id-${++ids}`, now: '2026-11-24T12:00:00Z' });
};

describe('bad input, line by line', () => {
  it.each([
    ['a truncated JSON line', 'ndjson', good.slice(0, 40), null, /not valid JSON/],
    ['a truncated log line', 'combined', goodLog.slice(0, 60), 'request', /no closing quote \(is the line truncated\?\)/],
    ['a truncated nginx JSON line', 'nginx-json', '{"time_local":"24/Nov/2026:10:00:00 +0000","request":"GET', null, /not valid JSON/],
    ['a line over the limit', 'ndjson', JSON.stringify({ ...JSON.parse(good), requestBody: 'x'.repeat(2000) }), null, /over the limit of 1024 bytes/],
    ['deep JSON nesting where a string is expected (deep JSON inside a body is masked as text: mask-secrets.spec.ts)', 'ndjson', `${good.slice(0, -1)},"requestBody":${'['.repeat(400)}${']'.repeat(400)}}`, 'requestBody', /expected string/i],
    ['a wrong type', 'ndjson', JSON.stringify({ ...JSON.parse(good), status: '200' }), 'status', /expected number/i],
    ['a missing field', 'ndjson', JSON.stringify({ ...JSON.parse(good), method: undefined }), 'method', /is missing/],
  ])('given %s between good lines, when read, then it is rejected at its line and both neighbours are kept', (_case, format, bad, field, message) => {
    const neighbour = format === 'combined' ? goodLog : format === 'nginx-json' ? JSON.stringify({ time_local: '24/Nov/2026:10:00:00 +0000', request: 'GET /a HTTP/1.1', remote_addr: '203.0.113.7', status: '200' }) : good;
    const { requests, rejections } = read(encode(neighbour, bad, neighbour), { format: format as TrafficOptions['format'], maxLineBytes: 2048 - (_case === 'a line over the limit' ? 1024 : 0) });
    expect(requests.map((request) => request.source.line)).toEqual([1, 3]);
    expect(rejections).toEqual([{ line: 2, field, message: expect.stringMatching(message) }]);
  });

  it('given invalid UTF-8 in a line, when read, then that line is rejected and the others kept', () => {
    const { requests, rejections } = read(encode(good, Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), good));
    expect(requests).toHaveLength(2);
    expect(rejections).toEqual([{ line: 2, field: null, message: 'line is not valid UTF-8' }]);
  });
});
