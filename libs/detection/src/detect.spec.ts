import { detect } from './detect';
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
});
