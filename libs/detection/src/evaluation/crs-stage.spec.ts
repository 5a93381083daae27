import { parseCrsStage } from './crs-stage';

const stageLine = (overrides: Record<string, unknown>) =>
  JSON.stringify({
    rule_id: 942100,
    paranoia_level: 1,
    test_id: 1,
    stage: 0,
    method: 'POST',
    uri: '/post',
    headers: { 'User-Agent': 'OWASP CRS test agent', Host: 'localhost' },
    data: null,
    encoded_request: null,
    autocomplete_headers: true,
    expect_ids: [942100],
    no_expect_ids: null,
    ...overrides,
  });

const base64 = (text: string) => btoa(text);

describe('parseCrsStage', () => {
  it('given a form body without Content-Type, when read, then it is sent as a form with its length, as the test runner does', () => {
    const parsed = parseCrsStage(stageLine({ data: "id=1' or '1'='1" }));

    expect(parsed).toEqual({
      ok: true,
      stage: {
        ruleId: 942100,
        paranoia: 1,
        expectIds: [942100],
        noExpectIds: [],
        request: {
          method: 'POST',
          path: '/post',
          query: '',
          requestHeaders: {
            'user-agent': 'OWASP CRS test agent',
            host: 'localhost',
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': '15',
          },
          requestBody: "id=1' or '1'='1",
        },
      },
    });
  });

  it('given autocomplete_headers false, when read, then the headers stay as written', () => {
    const parsed = parseCrsStage(stageLine({ data: 'test', autocomplete_headers: false, headers: { Host: 'localhost', 'Content-Length': 4 } }));

    expect(parsed.ok && parsed.stage.request.requestHeaders).toEqual({ host: 'localhost', 'content-length': '4' });
  });

  it('given a Content-Type, when read, then it is kept', () => {
    const parsed = parseCrsStage(stageLine({ data: '{"a":1}', headers: { 'Content-Type': 'application/json' } }));

    expect(parsed.ok && parsed.stage.request.requestHeaders['content-type']).toBe('application/json');
  });

  it('given no method and no uri, when read, then it is GET / with the query split off the path', () => {
    const withoutTarget = parseCrsStage(stageLine({ method: null, uri: null }));
    const withQuery = parseCrsStage(stageLine({ uri: '/get?a=1&b=%27x#tag' }));

    expect(withoutTarget.ok && [withoutTarget.stage.request.method, withoutTarget.stage.request.path]).toEqual(['GET', '/']);
    expect(withQuery.ok && [withQuery.stage.request.path, withQuery.stage.request.query]).toEqual(['/get', 'a=1&b=%27x#tag']);
  });

  it('given an encoded request, when read, then it wins over the other fields and its chunked body is decoded', () => {
    const raw = 'POST /upload?x=1 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nCookie: a=1\r\ncookie: b=2\r\n\r\n3\r\nHi \r\n3\r\nCRS\r\n0\r\n\r\n';

    const parsed = parseCrsStage(stageLine({ encoded_request: base64(raw), method: 'GET', uri: '/ignored' }));

    expect(parsed.ok && parsed.stage.request).toEqual({
      method: 'POST',
      path: '/upload',
      query: 'x=1',
      requestHeaders: { host: 'localhost', 'transfer-encoding': 'chunked', cookie: 'a=1; b=2' },
      requestBody: 'Hi CRS',
    });
  });

  it('given an absolute-form uri, when read, then the path is the part after the authority', () => {
    const parsed = parseCrsStage(stageLine({ uri: 'http://localhost?x=<script>' }));

    expect(parsed.ok && [parsed.stage.request.path, parsed.stage.request.query]).toEqual(['/', 'x=<script>']);
  });

  it('given broken stages, when read, then each gives a reason instead of throwing', () => {
    const notJson = parseCrsStage('{"rule_id": 9');
    const noRule = parseCrsStage('{"uri": "/"}');
    const badRequest = parseCrsStage(stageLine({ encoded_request: base64('GARBAGE\r\n\r\n') }));
    const badHeader = parseCrsStage(stageLine({ encoded_request: base64('GET / HTTP/1.1\r\nno colon here\r\n\r\n') }));
    const badHeaders = parseCrsStage(stageLine({ headers: { Host: ['a', 'b'] } }));

    expect(notJson).toEqual({ ok: false, reason: expect.stringContaining('not JSON') });
    expect(noRule).toEqual({ ok: false, reason: 'rule_id is not a whole number' });
    expect(badRequest).toEqual({ ok: false, reason: expect.stringMatching(/^rule 942100 test 1 stage 0: request line "GARBAGE"/) });
    expect(badHeader).toEqual({ ok: false, reason: expect.stringContaining('has no name') });
    expect(badHeaders).toEqual({ ok: false, reason: expect.stringContaining('header Host') });
  });

  it('given a test without paranoia level, when read, then its level is null', () => {
    const parsed = parseCrsStage(stageLine({ paranoia_level: null }));

    expect(parsed.ok && parsed.stage.paranoia).toBeNull();
  });
});
