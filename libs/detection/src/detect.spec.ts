import { AppError } from '@sessionscope/shared/errors';
import { detect, detectionOptionsFor, isParanoia } from './detect';
import type { DetectableRequest, Detector } from './types';

function request(overrides: Partial<DetectableRequest>): DetectableRequest {
  return {
    method: 'GET',
    path: '/api/v1/items',
    query: '',
    requestHeaders: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0', accept: 'application/json' },
    requestBody: null,
    ...overrides,
  };
}

describe('detect', () => {
  it('given an ordinary API request, when detected, then there is no hit', () => {
    const body = JSON.stringify({ name: "O'Reilly", note: 'select the best option; <3', when: '2026-11-24', email: 'a@b.example' });
    const hits = detect(request({ method: 'POST', query: 'page=2&sort=-createdAt', requestHeaders: { 'content-type': 'application/json' }, requestBody: body }));
    expect(hits).toEqual([]);
  });

  it('given attacks at several points, when detected, then each (type, point) gives one hit, sorted by point then type', () => {
    const hits = detect(
      request({
        query: `file=${encodeURIComponent('../../../etc/passwd')}&cmd=${encodeURIComponent(';cat /etc/passwd')}`,
        requestHeaders: { 'user-agent': 'sqlmap/1.7 (https://sqlmap.org)' },
      }),
    );
    expect(hits.map((hit) => [hit.point, hit.type])).toEqual([
      ['header.user-agent', 'scanner'],
      ['query.cmd', 'path-traversal'],
      ['query.cmd', 'rce'],
      ['query.file', 'path-traversal'],
    ]);
    expect(hits.find((hit) => hit.point === 'query.cmd' && hit.type === 'rce')?.payload).toBe(';cat /etc/passwd');
  });

  it('given a payload hidden in base64, when detected, then it is found once at its point', () => {
    const hits = detect(request({ query: `token=${encodeURIComponent(btoa(';cat /etc/passwd #x'))}` }));
    expect(hits.filter((hit) => hit.type === 'rce').map((hit) => hit.point)).toEqual(['query.token']);
  });

  it('given two hits of one type at one point, when detected, then the higher score is kept', () => {
    const twoScores: Detector = {
      name: 'probe',
      type: 'rce',
      inspect: (value) => ({ type: 'rce', point: 'query.a', payload: value.value, score: value.value === 'b' ? 0.9 : 0.3, detector: 'rce/probe' }),
    };
    const hits = detect(request({ path: '/', query: 'a=a&b=b' }), { paranoia: 1 }, [twoScores]);
    expect(hits).toEqual([{ type: 'rce', point: 'query.a', payload: 'b', score: 0.9, detector: 'rce/probe' }]);
  });

  it('given a higher paranoia, when detected, then more shapes count', () => {
    const inner = request({ query: 'img=images%2Fa%2F..%2Fb.png' });
    expect(detect(inner)).toEqual([]);
    expect(detect(inner, { paranoia: 2 }).map((hit) => hit.type)).toEqual(['path-traversal']);
  });

  it.each([
    ['a name with an apostrophe', { query: `name=${encodeURIComponent("O'Reilly")}` }],
    ['prose that starts like SQL', { query: `q=${encodeURIComponent('select the best option')}` }],
    ['a heart', { query: `msg=${encodeURIComponent('<3 thanks')}` }],
    ['a count with OR', { query: `q=${encodeURIComponent('1 OR 2 items')}` }],
    ['`../` inside a version string', { query: `range=${encodeURIComponent('v1.2../3.0')}` }],
    ['a JSON `$` field that is no operator', { method: 'POST', requestHeaders: { 'content-type': 'application/json' }, requestBody: JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', price: { $amount: 12 } }) }],
    ['a dotted form field name', { method: 'POST', requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' }, requestBody: 'user.name=ann&address.city=Paris' }],
    ['an avatar as a data URL', { method: 'POST', requestHeaders: { 'content-type': 'application/json' }, requestBody: JSON.stringify({ avatar: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' }) }],
  ])('given %s, when detected at paranoia 1, then there is no hit', (_what, overrides: Partial<DetectableRequest>) => {
    expect(detect(request(overrides))).toEqual([]);
  });
});

describe('prototype pollution in a JSON body', () => {
  it.each([
    [{ user: { __proto__: { isAdmin: true } } }, 'body.user.__proto__#key'],
    [{ constructor: { prototype: { isAdmin: true } } }, 'body.constructor.prototype#key'],
  ])('given %j, when detected, then it is an rce/prototype-pollution hit at %s', (body, point) => {
    // JSON.stringify drops a `__proto__` set by a literal, so the text is written out.
    const text = JSON.stringify(body).replace('"user":{}', '"user":{"__proto__":{"isAdmin":true}}');
    const hits = detect(request({ method: 'POST', requestHeaders: { 'content-type': 'application/json' }, requestBody: text }));
    expect(hits.find((hit) => hit.detector === 'rce/prototype-pollution')?.point).toBe(point);
  });

  it('given a JSON body with a key named prototype elsewhere, when detected, then nothing fires', () => {
    const hits = detect(request({ method: 'POST', requestHeaders: { 'content-type': 'application/json' }, requestBody: JSON.stringify({ product: { prototype: 'v2 board', constructor: 'ACME' } }) }));
    expect(hits).toEqual([]);
  });
});

describe('paranoia per application', () => {
  const settings = { paranoia: 1 as const, byApplication: { admin: 3 as const, shop: 2 as const } };

  it('given an application with its own level, when its options are asked for, then they carry that level; other applications get the default', () => {
    expect(detectionOptionsFor('admin', settings)).toEqual({ paranoia: 3 });
    expect(detectionOptionsFor('shop', settings)).toEqual({ paranoia: 2 });
    expect(detectionOptionsFor('blog', settings)).toEqual({ paranoia: 1 });
    expect(detectionOptionsFor('toString', settings)).toEqual({ paranoia: 1 });
    expect(detectionOptionsFor('blog', { paranoia: 4 })).toEqual({ paranoia: 4 });
  });

  it('given a level outside 1 to 4, when options are asked for or detect runs, then an invalid AppError names it', () => {
    const bad = { paranoia: 1, byApplication: { shop: 5 } } as unknown as Parameters<typeof detectionOptionsFor>[1];
    expect(() => detectionOptionsFor('shop', bad)).toThrow(/application "shop" is 5/);
    expect(() => detect(request({}), { paranoia: 0 } as unknown as Parameters<typeof detect>[1])).toThrow(AppError);
  });

  it('given values, when checked, then only 1 to 4 are paranoia levels', () => {
    expect([1, 2, 3, 4].every(isParanoia)).toBe(true);
    expect([0, 5, '1', 1.5, null].some(isParanoia)).toBe(false);
  });

  it('given a request that only a higher level flags, when detected with each application\'s options, then only the stricter application gets the hit', () => {
    const probe = request({ query: `n=${encodeURIComponent('4294967296')}` });
    expect(detect(probe, detectionOptionsFor('blog', settings))).toEqual([]);
    expect(detect(probe, detectionOptionsFor('shop', settings)).map((hit) => hit.type)).toEqual(['sqli']);
  });
});
