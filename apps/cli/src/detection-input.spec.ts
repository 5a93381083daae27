import { detectableOfRecordLine, readInputLines, type InputLine } from './detection-input';

async function collect(chunks: string[] | Buffer[], maxLineBytes = 1024): Promise<InputLine[]> {
  const lines: InputLine[] = [];
  for await (const line of readInputLines(chunks, maxLineBytes)) lines.push(line);
  return lines;
}

describe('readInputLines', () => {
  it('given lines split across chunks, blank lines, CRLF and no final line end, when read, then lines keep their file numbers', async () => {
    const lines = await collect(['{"a"', ':1}\r\n\n  \n{"b":2}\n{"c"', ':3}']);

    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('given an overlong line and a line that is not UTF-8, when read, then each gives an error and the next lines still come', async () => {
    const lines = await collect([Buffer.from(`${'x'.repeat(30)}\n`), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from('ok\n')], 20);

    expect(lines).toEqual([
      { line: 1, error: 'line is longer than 20 bytes' },
      { line: 2, error: 'line is not valid UTF-8' },
      { line: 3, text: 'ok' },
    ]);
  });
});

describe('detectableOfRecordLine', () => {
  it('given a full request record, when read, then detection sees method, path, raw query, lower-case headers and body', () => {
    const line = JSON.stringify({
      timestamp: '2026-11-24T10:00:00Z',
      method: 'post',
      url: 'https://shop.example.com/api/v1/users?id=1%27%20or%201%3D1',
      clientIp: '203.0.113.7',
      requestHeaders: { 'User-Agent': 'curl/8', Cookie: ['a=1', 'b=2'] },
      requestBody: '{"name":"x"}',
    });

    expect(detectableOfRecordLine(line)).toEqual({
      method: 'POST',
      path: '/api/v1/users',
      query: 'id=1%27%20or%201%3D1',
      requestHeaders: { 'user-agent': 'curl/8', cookie: 'a=1; b=2' },
      requestBody: '{"name":"x"}',
    });
  });

  it('given a record without time or client address, when read, then it is still checked', () => {
    expect(detectableOfRecordLine('{"method":"GET","url":"/a?b=c"}')).toEqual({ method: 'GET', path: '/a', query: 'b=c', requestHeaders: {}, requestBody: null });
  });

  it('given bad records, when read, then the error says what is wrong', () => {
    expect(() => detectableOfRecordLine('{oops')).toThrow(/^not valid JSON/);
    expect(() => detectableOfRecordLine('[1]')).toThrow('expected a JSON object');
    expect(() => detectableOfRecordLine('{"url":"/a"}')).toThrow(/^method: /);
    expect(() => detectableOfRecordLine('{"method":"GET","url":"ftp://x/y"}')).toThrow('url: scheme "ftp" is not http or https');
  });
});
