import { bodyLines } from './body-lines';

const encode = (text: string) => new TextEncoder().encode(text);
const read = (body: Uint8Array, maxLineBytes = 100, lineOffset = 0) => [...bodyLines(body, { maxLineBytes, lineOffset })];

describe('bodyLines', () => {
  it('given a UTF-8 body with a byte order mark, CRLF, blank and whitespace-only lines, when read, then the non-blank lines keep their numbers', () => {
    expect(read(encode('\uFEFFa\r\n\r\n \t\nb\n\u00a0\nc'), 100, 10)).toEqual([
      { line: 11, text: 'a' },
      { line: 14, text: 'b' },
      { line: 16, text: 'c' },
    ]);
  });

  it('given lines over the limit in bytes (not characters), when read, then they are rejected with their size', () => {
    const long = 'é'.repeat(6);
    expect(read(encode(`ok\n${long}\n${'x'.repeat(12)}\nfine`), 11)).toEqual([
      { line: 1, text: 'ok' },
      { line: 2, field: null, message: 'line is 12 bytes long, over the limit of 11 bytes' },
      { line: 3, field: null, message: 'line is 12 bytes long, over the limit of 11 bytes' },
      { line: 4, text: 'fine' },
    ]);
  });

  it('given one line that is not UTF-8, when read, then only it is rejected and the others read the same as in a valid body', () => {
    const valid = '\uFEFFa\r\n\nlong line here\n\u00a0\nc';
    const invalid = Uint8Array.from([...encode(valid), 0x0a, 0xc3, 0x28, 0x0a, ...encode('d')]);
    expect(read(invalid, 10)).toEqual([
      ...read(encode(valid), 10),
      { line: 6, field: null, message: 'line is not valid UTF-8' },
      { line: 7, text: 'd' },
    ]);
  });
});
