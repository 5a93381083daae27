import type { DetectableRequest } from '../types';
import { extractionLimits, extractValues } from './extract';

function request(overrides: Partial<DetectableRequest>): DetectableRequest {
  return { method: 'GET', path: '/', query: '', requestHeaders: {}, requestBody: null, ...overrides };
}

function pointsOf(values: { point: string; value: string }[]): Record<string, string[]> {
  const byPoint: Record<string, string[]> = {};
  for (const { point, value } of values) (byPoint[point] ??= []).push(value);
  return byPoint;
}

describe('extracting the values of a request at their points', () => {
  it('given a path and a query, when extracted, then the decoded path and each parameter are there', () => {
    const values = pointsOf(extractValues(request({ path: '/files/%2e%2e/x', query: 'id=42&q=blue+shoes&a%20b=1' })));
    expect(values['path']).toEqual(['/files/../x']);
    expect(values['query.id']).toEqual(['42']);
    expect(values['query.q']).toEqual(['blue shoes']);
    expect(values['query.a b']).toEqual(['1']);
    expect(values['query.a b#key']).toEqual(['a b']);
  });

  it('given a query piece without a name, when extracted, then its text is read at `query`', () => {
    expect(pointsOf(extractValues(request({ query: ';cat+/etc/passwd' })))['query']).toEqual([';cat /etc/passwd']);
  });

  it('given a JSON body, when extracted, then string leaves have dotted points and keys have #key points', () => {
    const values = pointsOf(
      extractValues(
        request({
          method: 'POST',
          requestHeaders: { 'content-type': 'application/json' },
          requestBody: JSON.stringify({ user: { name: 'ann', pw: { $ne: null } }, tags: ['a', 'b'], n: 3 }),
        }),
      ),
    );
    expect(values['body.user.name']).toEqual(['ann']);
    expect(values['body.user.pw.$ne#key']).toEqual(['$ne']);
    expect(values['body.tags.1']).toEqual(['b']);
    expect(values['body.n']).toBeUndefined();
  });

  it('given a form body, when extracted, then each field is read with + as a space', () => {
    const values = pointsOf(
      extractValues(request({ method: 'POST', requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' }, requestBody: 'a=1+2&b=%3Cx%3E' })),
    );
    expect(values['body.a']).toEqual(['1 2']);
    expect(values['body.b']).toEqual(['<x>']);
  });

  it('given a multipart body, when extracted, then each part and each file name has its point', () => {
    const body = ['--XyZ', 'Content-Disposition: form-data; name="title"', '', 'hello', '--XyZ', 'Content-Disposition: form-data; name="doc"; filename="../../a.php"', 'Content-Type: text/plain', '', 'text', '--XyZ--', ''].join('\r\n');
    const values = pointsOf(extractValues(request({ method: 'POST', requestHeaders: { 'content-type': 'multipart/form-data; boundary=XyZ' }, requestBody: body })));
    expect(values['body.title']).toEqual(['hello']);
    expect(values['body.doc#filename']).toEqual(['../../a.php']);
    expect(values['body.doc']).toEqual(['text']);
  });

  it('given an XML body, when extracted, then the raw body, text nodes and attributes are read', () => {
    const values = pointsOf(
      extractValues(request({ method: 'POST', requestHeaders: { 'content-type': 'text/xml' }, requestBody: '<root><a probe="x&amp;y">t;id</a></root>' })),
    );
    expect(values['body']?.[0]).toBe('<root><a probe="x&amp;y">t;id</a></root>');
    expect(values['body.a@probe']).toEqual(['x&y']);
    expect(values['body.a']).toEqual(['t;id']);
  });

  it('given cookies and headers, when extracted, then cookies are split and credentials are never read', () => {
    const values = pointsOf(
      extractValues(
        request({ requestHeaders: { cookie: 'sid=abc; theme=dark', authorization: 'Bearer t', 'user-agent': 'curl/8', accept: '*/*', 'x-trace': 'v' } }),
      ),
    );
    expect(values['cookie.sid']).toEqual(['abc']);
    expect(values['cookie.theme']).toEqual(['dark']);
    expect(values['header.user-agent']).toEqual(['curl/8']);
    expect(values['header.x-trace']).toEqual(['v']);
    expect(values['header.authorization']).toBeUndefined();
    expect(values['header.cookie']).toBeUndefined();
    expect(values['header.accept']).toBeUndefined();
  });

  it('given a value that plainly is base64 text, when extracted, then its decoded text is read too', () => {
    const values = pointsOf(extractValues(request({ query: `d=${encodeURIComponent(btoa('../../etc/passwd'))}` })));
    expect(values['query.d']).toEqual([btoa('../../etc/passwd'), '../../etc/passwd']);
  });

  it('given a hostile request, when extracted, then the number and length of values are bounded', () => {
    const query = Array.from({ length: 5000 }, (_, i) => `p${i}=${'x'.repeat(20)}`).join('&');
    const long = extractValues(request({ query: `big=${'y'.repeat(100_000)}` }));
    expect(extractValues(request({ query })).length).toBe(extractionLimits.maxValues);
    expect(long.find((v) => v.point === 'query.big')?.value.length).toBe(extractionLimits.maxValueChars);
    const padded = extractValues(request({ query: `f=${'a'.repeat(50_000)}/../../etc/passwd` })).find((v) => v.point === 'query.f');
    expect(padded?.value.endsWith('/../../etc/passwd')).toBe(true);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const nested = extractValues(request({ requestHeaders: { 'content-type': 'application/json' }, requestBody: JSON.stringify(deep) }));
    expect(nested.every((v) => v.point.split('.').length <= extractionLimits.maxJsonDepth + 2)).toBe(true);
  });
});
