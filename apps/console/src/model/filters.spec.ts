import { carriedIntoSession, equalFilters, filtersQuery, isEmptyFilters, noFilters, readFilters, withOnly, withoutValue, withValue } from './filters';

describe('console filters in the URL', () => {
  it('reads repeated names as alternatives, keeps one value of single-valued names and ignores other parameters', () => {
    // given a URL query as a person would share it
    const params = new URLSearchParams('method=GET&method=post&method=GET&from=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00Z&open=r1&status=&clientIp=%2010.0.0.0/8%20');
    // when it is read
    const filters = readFilters(params);
    // then
    expect(filters.method).toEqual(['GET', 'post']);
    expect(filters.from).toEqual(['2026-02-01T00:00:00Z']);
    expect(filters.status).toEqual([]);
    expect(filters.clientIp).toEqual(['10.0.0.0/8']);
    expect(filtersQuery(filters)).toBe('from=2026-02-01T00%3A00%3A00Z&clientIp=10.0.0.0%2F8&method=GET&method=post');
  });

  it('writes the same query whatever order the values were added in, by parameter name', () => {
    const a = withValue(withValue(noFilters, 'status', '5xx'), 'application', 'shop');
    const b = withValue(withValue(noFilters, 'application', 'shop'), 'status', '5xx');
    expect(filtersQuery(a)).toBe('application=shop&status=5xx');
    expect(equalFilters(a, b)).toBe(true);
  });

  it('adds, removes and narrows to one value', () => {
    const two = withValue(withValue(noFilters, 'method', 'GET'), 'method', 'POST');
    expect(two.method).toEqual(['GET', 'POST']);
    expect(withValue(two, 'method', 'GET')).toBe(two);
    expect(withoutValue(two, 'method', 'GET').method).toEqual(['POST']);
    expect(withOnly(two, 'method', 'DELETE').method).toEqual(['DELETE']);
    expect(withValue(noFilters, 'malicious', 'true').malicious).toEqual(['true']);
    expect(withValue(withValue(noFilters, 'to', '2026-01-01T00:00:00Z'), 'to', '2026-01-02T00:00:00Z').to).toEqual(['2026-01-02T00:00:00Z']);
    expect(isEmptyFilters(withoutValue(two, 'method', 'GET'))).toBe(false);
    expect(isEmptyFilters(noFilters)).toBe(true);
  });

  it('carries the list filters into a session except the session id, keeping the request-id pivot', () => {
    const list = readFilters(new URLSearchParams('sessionId=s1&requestId=r9&from=2026-01-01T00:00:00Z'));
    expect(filtersQuery(carriedIntoSession(list))).toBe('from=2026-01-01T00%3A00%3A00Z&requestId=r9');
  });
});
