import { noFilters, readFilters, withValue } from './filters';
import { sessionListUrl, sessionUrl, sessionUrlFromList } from './session-links';

describe('console links', () => {
  it('opens a session with the list filters carried in and the list query remembered', () => {
    // given a list filtered to one session and one request (the request-id pivot)
    const list = readFilters(new URLSearchParams('sessionId=s%201&requestId=r1'));
    // when the session is opened
    const url = sessionUrlFromList('s 1', list);
    // then only the request id carries in, and the list's query comes along for "Apply filters"
    expect(url).toBe('/sessions/s%201?requestId=r1&list=sessionId%3Ds%2B1%26requestId%3Dr1');
    const params = new URL(url, 'http://console').searchParams;
    expect(readFilters(params).requestId).toEqual(['r1']);
    expect(readFilters(new URLSearchParams(params.get('list') ?? '')).sessionId).toEqual(['s 1']);
  });

  it('writes bare URLs when there is nothing to carry', () => {
    expect(sessionListUrl(noFilters)).toBe('/sessions');
    expect(sessionListUrl(withValue(noFilters, 'status', '5xx'))).toBe('/sessions?status=5xx');
    expect(sessionUrl('abc', noFilters, '', 'r2')).toBe('/sessions/abc?open=r2');
  });
});
