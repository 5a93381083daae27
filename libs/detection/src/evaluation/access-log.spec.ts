import { parseCombinedLogLine } from './access-log';

describe('parseCombinedLogLine', () => {
  it('given a combined line, when parsed, then method, path, query, referer and user agent are read', () => {
    const line =
      '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /search?q=kibana&page=2 HTTP/1.1" 200 203023 "http://semicomplete.com/" "Mozilla/5.0 (Macintosh)"';

    expect(parseCombinedLogLine(line)).toEqual({
      method: 'GET',
      path: '/search',
      query: 'q=kibana&page=2',
      requestHeaders: { referer: 'http://semicomplete.com/', 'user-agent': 'Mozilla/5.0 (Macintosh)' },
      requestBody: null,
    });
  });

  it('given "-" fields, escaped quotes and a cut last field, when parsed, then absent headers are left out', () => {
    const escaped = '1.2.3.4 - - [t] "GET /a?x=\\"1\\" HTTP/1.1" 200 1 "-" "agent \\"x\\""';
    const cut = '1.2.3.4 - - [t] "HEAD / HTTP/1.0" 200 - "-" "Googlebot/2.1 (+http://www.google.com/bot.html';

    expect(parseCombinedLogLine(escaped)).toEqual({ method: 'GET', path: '/a', query: 'x="1"', requestHeaders: { 'user-agent': 'agent "x"' }, requestBody: null });
    expect(parseCombinedLogLine(cut)?.requestHeaders).toEqual({ 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html' });
  });

  it('given a common-format line, when parsed, then it has no headers', () => {
    expect(parseCombinedLogLine('1.2.3.4 - bob [t] "POST /login HTTP/1.1" 302 0')).toEqual({ method: 'POST', path: '/login', query: '', requestHeaders: {}, requestBody: null });
  });

  it('given lines that are not requests, when parsed, then null', () => {
    expect(parseCombinedLogLine('not a log line')).toBeNull();
    expect(parseCombinedLogLine('1.2.3.4 - - [t] "-" 408 0 "-" "-"')).toBeNull();
    expect(parseCombinedLogLine('1.2.3.4 - - [t] "\\x16\\x03\\x01" 400 0 "-" "-"')).toBeNull();
  });
});
