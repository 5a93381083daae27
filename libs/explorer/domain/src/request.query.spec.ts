import { parseListParameters } from './filter-parameters';
import { planSessionRequests, readSessionRequests, requestDocumentsResponseSchema, sessionRequestsResponseSchema, sessionRequestsSearch, toRequestDetails } from './request.query';
import { aRequestDocument } from './testing/explorer.builders';

function summaryHit(overrides: Parameters<typeof aRequestDocument>[0]) {
  const { requestHeaders: _h, responseHeaders: _r, requestBody: _b, responseBody: _rb, source: _s, ...summary } = aRequestDocument(overrides);
  return { _id: `default:${summary.requestId}`, _source: summary, sort: [Date.parse(summary.timestamp), summary.requestId] };
}

describe('requests of a session', () => {
  it('searches the session in time order, one more than the limit, without headers and bodies', () => {
    // given
    const plan = planSessionRequests('default', 's-1', parseListParameters({ limit: '2', status: '5xx' }));
    // when
    const search = sessionRequestsSearch(plan);
    // then
    expect(search).toEqual({
      query: { bool: { filter: [{ term: { tenant: 'default' } }, { range: { status: { gte: 500, lte: 599 } } }, { term: { sessionId: 's-1' } }] } },
      sort: [{ timestamp: { order: 'asc' } }, { requestId: { order: 'asc' } }],
      size: 3,
      _source: { excludes: ['requestHeaders', 'responseHeaders', 'requestBody', 'responseBody', 'source'] },
      track_total_hits: true,
    });
  });

  it('continues after the last request shown with search_after', () => {
    // given
    const first = planSessionRequests('default', 's-1', parseListParameters({ limit: '2' }));
    const response = sessionRequestsResponseSchema.parse({
      hits: {
        total: { value: 3, relation: 'eq' },
        hits: [
          summaryHit({ requestId: 'r-1', timestamp: '2026-11-24T10:00:00.000Z' }),
          summaryHit({ requestId: 'r-2', timestamp: '2026-11-24T10:00:01.000Z', status: null }),
          summaryHit({ requestId: 'r-3', timestamp: '2026-11-24T10:00:02.000Z' }),
        ],
      },
    });
    // when
    const page = readSessionRequests(first, response);
    const next = planSessionRequests('default', 's-1', parseListParameters({ limit: '2', cursor: page.nextCursor }));
    // then
    expect(page.items.map((item) => [item.id, item.status])).toEqual([
      ['r-1', 200],
      ['r-2', null],
    ]);
    expect(page.total).toBe(3);
    expect(sessionRequestsSearch(next)).toMatchObject({ search_after: [Date.parse('2026-11-24T10:00:01.000Z'), 'r-2'] });
  });

  it('refuses the cursor of another session', () => {
    const cursor = readSessionRequests(
      planSessionRequests('default', 's-1', parseListParameters({ limit: '1' })),
      sessionRequestsResponseSchema.parse({ hits: { total: { value: 2 }, hits: [summaryHit({ requestId: 'r-1' }), summaryHit({ requestId: 'r-2' })] } }),
    ).nextCursor;
    expect(() => planSessionRequests('default', 's-2', parseListParameters({ cursor }))).toThrow(/issued for other filters/);
  });
});

describe('toRequestDetails', () => {
  it('shows everything stored, under the API names', () => {
    // given
    const response = requestDocumentsResponseSchema.parse({ docs: [{ _index: 'x', _id: 'default:r-7', _version: 1, found: true, _source: aRequestDocument({ requestId: 'r-7' }) }] });
    // when
    const details = toRequestDetails('default', 'r-7', response);
    // then
    expect(details).toEqual({
      id: 'r-7',
      sessionId: 's-1',
      application: 'shop',
      timestamp: '2026-11-24T10:00:00.000Z',
      method: 'GET',
      scheme: 'https',
      host: 'shop.example.com',
      path: '/api/items',
      query: '',
      status: 200,
      durationMs: 5,
      requestBytes: 100,
      responseBytes: 200,
      clientIp: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      requestHeaders: { 'user-agent': 'Mozilla/5.0' },
      responseHeaders: { 'content-type': 'application/json' },
      requestBody: null,
      responseBody: '{"items":[]}',
      source: { format: 'ndjson', line: 7 },
      attackTypes: [],
      hits: [],
    });
  });

  it('answers REQUEST_NOT_FOUND when absent or of another tenant', () => {
    expect(() => toRequestDetails('default', 'r-x', { docs: [{ found: false }] })).toThrow(expect.objectContaining({ code: 'REQUEST_NOT_FOUND', kind: 'not-found' }));
    expect(() => toRequestDetails('default', 'r-7', { docs: [{ found: true, _source: aRequestDocument({ requestId: 'r-7', tenant: 'acme' }) }] })).toThrow(expect.objectContaining({ code: 'REQUEST_NOT_FOUND' }));
    expect(() => toRequestDetails('default', 'r-7', { docs: [] })).toThrow(expect.objectContaining({ code: 'REQUEST_NOT_FOUND' }));
  });
});
