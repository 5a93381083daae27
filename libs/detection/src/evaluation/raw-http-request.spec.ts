import { dechunk, parseRawHttpRequest, splitTarget } from './raw-http-request';

describe('parseRawHttpRequest', () => {
  it('given a request with LF line ends and no body, when parsed, then the body is null', () => {
    expect(parseRawHttpRequest('GET /a?b=c HTTP/1.0\nHost: x\nX-Test:  v \n\n')).toEqual({
      method: 'GET',
      path: '/a',
      query: 'b=c',
      requestHeaders: { host: 'x', 'x-test': 'v' },
      requestBody: null,
    });
  });

  it('given a body that is not a valid chunked coding, when parsed, then the raw body is kept', () => {
    const request = parseRawHttpRequest('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot chunks');

    expect(request.requestBody).toBe('zz\r\nnot chunks');
  });
});

describe('splitTarget', () => {
  it('given targets of every form, when split, then path and query are as sent', () => {
    expect(splitTarget('/a/../b?x=1?y=2')).toEqual({ path: '/a/../b', query: 'x=1?y=2' });
    expect(splitTarget('https://host:8443/p?q=1')).toEqual({ path: '/p', query: 'q=1' });
    expect(splitTarget('http://host')).toEqual({ path: '/', query: '' });
    expect(splitTarget('*')).toEqual({ path: '*', query: '' });
  });
});

describe('dechunk', () => {
  it('given chunks with extensions, when decoded, then the data is joined', () => {
    expect(dechunk('4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n')).toBe('Wikipedia');
  });

  it('given a chunk longer than the text, when decoded, then it is no chunked body', () => {
    expect(dechunk('ff\r\nshort')).toBeNull();
  });
});
