import { noFilters } from './filter-parameters';
import { readSessionDocuments, readSessionStats, sessionDocumentsResponseSchema, sessionStatsResponseSchema, sessionStatsSearch, valuesPerSession } from './session-stats.query';
import { aSessionSnapshot } from './testing/explorer.builders';

describe('sessionStatsSearch', () => {
  it('restricts the filtered requests to the sessions asked for, one bucket each', () => {
    // when
    const search = sessionStatsSearch('default', noFilters, ['s-1', 's-2']) as { size: number; query: unknown; aggs: { sessions: { terms: unknown; aggs: Record<string, unknown> } } };
    // then
    expect(search.size).toBe(0);
    expect(search.query).toEqual({ bool: { filter: [{ term: { tenant: 'default' } }, { terms: { sessionId: ['s-1', 's-2'] } }] } });
    expect(search.aggs.sessions.terms).toEqual({ field: 'sessionId', size: 2 });
    expect(Object.keys(search.aggs.sessions.aggs)).toEqual(['firstSeen', 'lastSeen', 'clientIps', 'userAgents', 'hosts', 'endpointCount', 'topEndpoints', 'attacks']);
    expect(search.aggs.sessions.aggs.attacks).toEqual({ filter: { term: { malicious: true } } });
    expect(search.aggs.sessions.aggs.topEndpoints).toEqual({ multi_terms: { terms: [{ field: 'host' }, { field: 'method' }, { field: 'path', missing: '' }], size: 5 } });
  });

  it('lists fewer addresses, agents and hosts per session on a large page, so that one search stays under the 65,535 buckets OpenSearch allows', () => {
    expect(valuesPerSession(1)).toBe(100);
    expect(valuesPerSession(50)).toBe(100);
    const bucketsOf = (sessions: number) => sessions * (2 + 5 + 3 * valuesPerSession(sessions));
    for (const sessions of [1, 50, 100, 200, 500, 1000]) expect(bucketsOf(sessions)).toBeLessThanOrEqual(60_000);
    expect(valuesPerSession(1000)).toBe(17);
    const search = sessionStatsSearch('default', noFilters, Array.from({ length: 1000 }, (_, index) => `s-${index}`)) as { aggs: { sessions: { aggs: Record<string, unknown> } } };
    expect(search.aggs.sessions.aggs.clientIps).toEqual({ terms: { field: 'clientIp', size: 17 } });
  });
});

describe('readSessionStats', () => {
  it('maps a bucket as OpenSearch sends it to in-filter statistics', () => {
    // given: a response body shaped like OpenSearch 2.19's
    const response = sessionStatsResponseSchema.parse({
      took: 3,
      hits: { total: { value: 0, relation: 'eq' }, hits: [] },
      aggregations: {
        sessions: {
          doc_count_error_upper_bound: 0,
          sum_other_doc_count: 0,
          buckets: [
            {
              key: 's-1',
              doc_count: 3,
              firstSeen: { value: 1795514400000, value_as_string: '2026-11-24T10:00:00.000Z' },
              lastSeen: { value: 1795514700123, value_as_string: '2026-11-24T10:05:00.123Z' },
              clientIps: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [{ key: '2001:db8::1', doc_count: 2 }, { key: '10.0.0.1', doc_count: 1 }] },
              userAgents: { buckets: [{ key: 'curl/8', doc_count: 3 }] },
              hosts: { buckets: [{ key: 'shop.example.com', doc_count: 3 }] },
              endpointCount: { value: 2 },
              topEndpoints: { buckets: [{ key: ['shop.example.com', 'GET', '/a'], key_as_string: 'shop.example.com|GET|/a', doc_count: 2 }, { key: ['shop.example.com', 'POST', '/b'], doc_count: 1 }] },
              attacks: { doc_count: 1 },
            },
          ],
        },
      },
    });
    // when
    const stats = readSessionStats(response);
    // then
    expect([...stats.entries()]).toEqual([
      [
        's-1',
        {
          firstSeen: '2026-11-24T10:00:00.000Z',
          lastSeen: '2026-11-24T10:05:00.123Z',
          requestCount: 3,
          clientIps: ['2001:db8::1', '10.0.0.1'],
          userAgents: ['curl/8'],
          hosts: ['shop.example.com'],
          endpointCount: 2,
          topEndpoints: [
            { host: 'shop.example.com', method: 'GET', path: '/a', requestCount: 2 },
            { host: 'shop.example.com', method: 'POST', path: '/b', requestCount: 1 },
          ],
          attackCount: 1,
        },
      ],
    ]);
  });

  it('reads no statistics when no index is behind the alias yet', () => {
    expect(readSessionStats(sessionStatsResponseSchema.parse({ hits: { hits: [] } })).size).toBe(0);
  });
});

describe('readSessionDocuments', () => {
  it('keeps found documents of the tenant only', () => {
    // given
    const response = sessionDocumentsResponseSchema.parse({
      docs: [
        { _index: 'x', _id: 'default:s-1', found: true, _source: aSessionSnapshot({ sessionId: 's-1' }) },
        { _index: 'x', _id: 'default:s-2', found: false },
        { _index: 'x', _id: 'default:s-3', found: true, _source: aSessionSnapshot({ sessionId: 's-3', tenant: 'other' }) },
        { _index: 'x', _id: 'default:s-4', error: { type: 'index_not_found_exception' } },
      ],
    });
    // when
    const sessions = readSessionDocuments('default', response);
    // then
    expect([...sessions.keys()]).toEqual(['s-1']);
    expect(sessions.get('s-1')?.user).toBe('alice');
  });
});
