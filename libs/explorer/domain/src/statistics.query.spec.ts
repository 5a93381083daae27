import { noFilters } from './filter-parameters';
import { readStatistics, statisticsSearch } from './statistics.query';

describe('statistics', () => {
  it('given a session, when searched, then its requests are scoped to it and every breakdown is asked for', () => {
    const body = statisticsSearch('acme', { ...noFilters, method: ['GET'] }, 's-1') as { query: { bool: { filter: unknown[] } }; aggs: Record<string, unknown> };
    expect(body.query.bool.filter).toContainEqual({ term: { sessionId: 's-1' } });
    expect(body.query.bool.filter).toContainEqual({ terms: { method: ['GET'] } });
    expect(Object.keys(body.aggs).sort()).toEqual(['byAttackType', 'byClientIp', 'byEndpoint', 'byMethod', 'byStatus', 'durationMs', 'malicious', 'requestBytes', 'responseBytes', 'timeline']);
  });

  it('given an answer, when read, then counts come with shares, missing statuses read "none" and means skip absent values', () => {
    const bucketsOf = <K>(entries: Array<[K, number]>, other = 0) => ({ buckets: entries.map(([key, doc_count]) => ({ key, doc_count })), sum_other_doc_count: other });
    const statistics = readStatistics({
      hits: { total: { value: 4 } },
      aggregations: {
        durationMs: { count: 3, sum: 30 },
        requestBytes: { count: 0, sum: null },
        responseBytes: { count: 4, sum: 400 },
        byMethod: bucketsOf([['GET', 3], ['POST', 1]]),
        byStatus: bucketsOf([[200, 2], [-1, 1]], 1),
        byClientIp: bucketsOf([['203.0.113.7', 4]]),
        byEndpoint: bucketsOf<[string, string, string]>([[['GET', 'shop.example.com', '/cart'], 3]]),
        byAttackType: bucketsOf([['sqli', 1]]),
        malicious: { doc_count: 1 },
        timeline: { interval: '1m', buckets: [{ key: Date.parse('2026-11-24T10:00:00Z'), doc_count: 4, malicious: { doc_count: 1 } }] },
      },
    });
    expect(statistics.timeline).toEqual({ interval: '1m', buckets: [{ from: '2026-11-24T10:00:00.000Z', requestCount: 4, maliciousCount: 1 }] });
    expect(statistics.byMethod).toEqual([{ value: 'GET', count: 3, share: 0.75 }, { value: 'POST', count: 1, share: 0.25 }]);
    expect(statistics.byStatus).toEqual([{ value: '200', count: 2, share: 0.5 }, { value: 'none', count: 1, share: 0.25 }]);
    expect(statistics.byEndpoint[0].value).toBe('GET shop.example.com /cart');
    expect(statistics.legitimacy).toEqual([{ value: 'legitimate', count: 3, share: 0.75 }, { value: 'malicious', count: 1, share: 0.25 }]);
    expect(statistics.durationMs).toEqual({ total: 30, mean: 10 });
    expect(statistics.requestBytes).toEqual({ total: 0, mean: null });
    expect(statistics.otherCounts.byStatus).toBe(1);
  });

  it('given no index yet, when read, then everything is zero and empty', () => {
    const statistics = readStatistics({ hits: { total: { value: 0 } } });
    expect(statistics).toMatchObject({ requestCount: 0, byMethod: [], legitimacy: [], durationMs: { total: 0, mean: null }, timeline: { interval: null, buckets: [] } });
  });
});
