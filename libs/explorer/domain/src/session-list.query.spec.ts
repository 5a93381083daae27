import { AppError } from '@sessionscope/shared/errors';
import { parseListParameters } from './filter-parameters';
import { encodeCursor } from './list-cursor';
import { exactSessionCountResponseSchema, exactSessionCountSearch, planSessionList, readSessionCount, readSessionPage, sessionCountResponseSchema, sessionCountSearch, sessionPageResponseSchema, sessionPageSearch, toSessionListPage, wantsExactSessionCount } from './session-list.query';
import { aSessionSnapshot, someSessionStats } from './testing/explorer.builders';

const hitsOf = (...ids: string[]) => sessionPageResponseSchema.parse({ hits: { hits: ids.map((sessionId) => ({ _id: `default:r-${sessionId}`, _source: { sessionId, application: 'shop' }, sort: [1, sessionId] })) } });
const estimateOf = (value: number) => sessionCountResponseSchema.parse({ hits: { hits: [] }, aggregations: { sessionCount: { value } } });
const exactOf = (sessions: number, sumOtherDocCount = 0) =>
  exactSessionCountResponseSchema.parse({ hits: { hits: [] }, aggregations: { sessions: { doc_count_error_upper_bound: 0, sum_other_doc_count: sumOtherDocCount, buckets: Array.from({ length: sessions }, (_, i) => ({ key: `s-${i}`, doc_count: 1 })) } } });
const countOf = (total: number) => ({ total, isEstimate: false });

describe('session list paging', () => {
  it('asks for one session more than the limit, collapsed, newest activity first', () => {
    // given
    const plan = planSessionList('default', parseListParameters({ limit: '2', host: 'a' }));
    // when
    const search = sessionPageSearch(plan);
    // then
    expect(search).toEqual({
      query: { bool: { filter: [{ term: { tenant: 'default' } }, { terms: { host: ['a'] } }] } },
      collapse: { field: 'sessionId' },
      sort: [{ timestamp: { order: 'desc' } }, { sessionId: { order: 'asc' } }],
      from: 0,
      size: 3,
      _source: ['sessionId', 'application'],
      track_total_hits: false,
    });
    expect(sessionCountSearch(plan)).toEqual({
      size: 0,
      track_total_hits: false,
      query: { bool: { filter: [{ term: { tenant: 'default' } }, { terms: { host: ['a'] } }] } },
      aggs: { sessionCount: { cardinality: { field: 'sessionId', precision_threshold: 40000 } } },
    });
  });

  it('gives a cursor to the next offset while more sessions exist, none on the last page', () => {
    // given
    const first = planSessionList('default', parseListParameters({ limit: '2' }));
    // when
    const page1 = readSessionPage(first, hitsOf('s-1', 's-2', 's-3'), countOf(3));
    const second = planSessionList('default', parseListParameters({ limit: '2', cursor: page1.nextCursor }));
    const page2 = readSessionPage(second, hitsOf('s-3'), countOf(3));
    // then
    expect(page1.sessionIds).toEqual(['s-1', 's-2']);
    expect(page1.total).toBe(3);
    expect(second.offset).toBe(2);
    expect(sessionPageSearch(second)).toMatchObject({ from: 2, size: 3 });
    expect(page2).toEqual({ sessionIds: ['s-3'], applicationOf: new Map([['s-3', 'shop']]), total: 3, totalIsEstimate: false, nextCursor: null });
  });

  it('refuses the cursor of a list with other filters', () => {
    const cursor = readSessionPage(planSessionList('default', parseListParameters({ limit: '1' })), hitsOf('s-1', 's-2'), countOf(2)).nextCursor;
    expect(() => planSessionList('default', parseListParameters({ limit: '1', cursor, host: 'a' }))).toThrow(/issued for other filters/);
    expect(() => planSessionList('acme', parseListParameters({ limit: '1', cursor }))).toThrow(/issued for other filters/);
  });

  it('stops at the result window of OpenSearch with a 400 that says how to narrow the list', () => {
    // given: a page that ends exactly at the window, with more sessions behind it
    const plan = planSessionList('default', { ...parseListParameters({ limit: '1000' }), cursor: null });
    const atEdge = { ...plan, offset: 9000 };
    const edgePage = readSessionPage(atEdge, hitsOf(...Array.from({ length: 1000 }, (_, i) => `s-${i}`)), { total: 12000, isEstimate: true });
    // when
    let error: unknown;
    try {
      planSessionList('default', { ...parseListParameters({ limit: '1000' }), cursor: edgePage.nextCursor });
    } catch (caught) {
      error = caught;
    }
    // then
    expect(sessionPageSearch(atEdge)).toMatchObject({ from: 9000, size: 1000 });
    expect(edgePage.nextCursor).not.toBeNull();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'RESULT_WINDOW_EXCEEDED' });
  });

  it('never reports fewer sessions than the pages have shown', () => {
    const plan = { ...planSessionList('default', parseListParameters({ limit: '2' })), offset: 4 };
    expect(readSessionPage(plan, hitsOf('s-5'), { total: 4, isEstimate: true })).toMatchObject({ total: 5, totalIsEstimate: true });
  });

  it('counts exactly as many sessions as paging reaches, and estimates beyond, saying so', () => {
    const plan = planSessionList('default', parseListParameters({ host: 'a' }));
    expect(exactSessionCountSearch(plan)).toMatchObject({ size: 0, query: sessionCountSearch(plan).query, aggs: { sessions: { terms: { field: 'sessionId', size: 10_000 } } } });
    // The estimate is off by one at 5,000 sessions: the exact count wins.
    expect(wantsExactSessionCount(estimateOf(4999))).toBe(true);
    expect(readSessionCount(estimateOf(4999), exactOf(5000))).toEqual({ total: 5000, isEstimate: false });
    // Over the window, no exact count is asked for, and the estimate says it is one.
    expect(wantsExactSessionCount(estimateOf(100_028))).toBe(false);
    expect(readSessionCount(estimateOf(100_028), null)).toEqual({ total: 100_028, isEstimate: true });
    // An estimate just under the window, with more sessions than the terms held: the estimate stays.
    expect(readSessionCount(estimateOf(9_998), exactOf(10_000, 7))).toEqual({ total: 9_998, isEstimate: true });
    // No index behind the alias yet: no aggregation in either answer.
    expect(readSessionCount(sessionCountResponseSchema.parse({}), exactSessionCountResponseSchema.parse({}))).toEqual({ total: 0, isEstimate: false });
  });

  it('refuses a cursor that was not issued for offsets', () => {
    const cursor = encodeCursor('0000000000000000', { after: [1, 'r-1'] });
    expect(() => planSessionList('default', parseListParameters({ cursor }))).toThrow(/another list/);
  });
});

describe('toSessionListPage', () => {
  it('combines in-filter statistics with whole-session values, in page order', () => {
    // given
    const page = { sessionIds: ['s-2', 's-1'], applicationOf: new Map([['s-2', 'api'], ['s-1', 'shop']]), total: 2, totalIsEstimate: false, nextCursor: null };
    const stats = new Map([
      ['s-1', someSessionStats({ requestCount: 4 })],
      ['s-2', someSessionStats({ requestCount: 1, hosts: ['api.example.com'] })],
    ]);
    const sessions = new Map([['s-1', aSessionSnapshot({ sessionId: 's-1', user: 'bob', previousPartId: 's-0' })]]);
    // when
    const list = toSessionListPage(page, stats, sessions);
    // then
    expect(list.items).toEqual([
      { id: 's-2', ...someSessionStats({ requestCount: 1, hosts: ['api.example.com'] }), attackCount: 0, user: null, roles: [], application: 'api', previousPartId: null, keyPoint: null },
      { id: 's-1', ...someSessionStats({ requestCount: 4 }), attackCount: 0, user: 'bob', roles: [], application: 'shop', previousPartId: 's-0', keyPoint: 'cookie:sid' },
    ]);
    expect(list).toMatchObject({ total: 2, totalIsEstimate: false });
  });

  it('leaves out a session whose requests vanished between the page and its statistics', () => {
    const page = { sessionIds: ['s-1', 's-2'], applicationOf: new Map<string, string>(), total: 2, totalIsEstimate: false, nextCursor: null };
    expect(toSessionListPage(page, new Map([['s-2', someSessionStats()]]), new Map()).items.map((item) => item.id)).toEqual(['s-2']);
  });
});
