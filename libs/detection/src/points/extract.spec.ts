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
  it('given names that are not plain identifiers, when extracted, then each name is read at its #key point', () => {
    const body = ['--B', 'Content-Disposition: form-data; name="<svg onload=x>"', '', 'v', '--B', 'Content-Disposition: form-data; name="title"', '', 'w', '--B--', ''].join('\r\n');
    const multipart = pointsOf(extractValues(request({ method: 'POST', requestHeaders: { 'content-type': 'multipart/form-data; boundary=B' }, requestBody: body })));
    expect(multipart['body.<svg onload=x>#key']).toEqual(['<svg onload=x>']);
    expect(multipart['body.title#key']).toBeUndefined();

    const cookies = pointsOf(extractValues(request({ requestHeaders: { cookie: '<img onerror>=1; sid=abc; user.name=ann' } })));
    expect(cookies['cookie.<img onerror>#key']).toEqual(['<img onerror>']);
    expect(cookies['cookie.sid#key']).toBeUndefined();
    // A dotted name may be code a binder evaluates (`java.lang.Runtime`, `document.cookie`): read too.
    expect(cookies['cookie.user.name#key']).toEqual(['user.name']);

    const form = pointsOf(
      extractValues(request({ method: 'POST', requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' }, requestBody: 'cookie.%3Cp+style%3Dx%3E=1&filter[status]=open' })),
    );
    expect(form['body.cookie.<p style=x>#key']).toEqual(['cookie.<p style=x>']);
    expect(form['body.filter[status]#key']).toBeUndefined();

    const query = pointsOf(extractValues(request({ query: `__proto__[admin]=1&${'a'.repeat(65)}=2&page=3` })));
    expect(query['query.__proto__[admin]#key']).toEqual(['__proto__[admin]']);
    expect(query[`query.${'a'.repeat(65)}#key`]).toEqual(['a'.repeat(65)]);
    expect(query['query.page#key']).toBeUndefined();
  });

  it('given dotted names that are class or object paths, when extracted, then they are read at #key points', () => {
    const form = pointsOf(
      extractValues(request({ method: 'POST', requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' }, requestBody: 'java.lang.Runtime=1&document.cookie=2&page=3' })),
    );
    expect(form['body.java.lang.Runtime#key']).toEqual(['java.lang.Runtime']);
    expect(form['body.document.cookie#key']).toEqual(['document.cookie']);
    expect(form['body.page#key']).toBeUndefined();
  });

  it('given a cookie piece without `=`, when extracted, then its text is read at `cookie`', () => {
    const cookies = pointsOf(extractValues(request({ requestHeaders: { cookie: 'sid=abc; <style>x{}</style>' } })));
    expect(cookies['cookie']).toEqual(['<style>x{}</style>']);
    expect(cookies['cookie.sid']).toEqual(['abc']);
  });

  it('given many hostile names, when extracted, then the values budget still holds', () => {
    const query = Array.from({ length: 400 }, (_, i) => `%3Cx${i}%3E=${i}`).join('&');
    const cookie = Array.from({ length: 400 }, (_, i) => `<c${i}>=${i}`).join('; ');
    const values = extractValues(request({ query, requestHeaders: { cookie } }));
    expect(values.length).toBe(extractionLimits.maxValues);
  });
});
