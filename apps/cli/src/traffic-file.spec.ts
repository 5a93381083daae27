import { chunkLines, detectFormat, type LineChunk } from './traffic-file';

async function* bytes(...pieces: string[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield Buffer.from(piece);
}

async function collect(source: AsyncIterable<Buffer>, maxLines: number, maxBytes = 1 << 20): Promise<Array<{ lineOffset: number; lineCount: number; body: string }>> {
  const chunks: LineChunk[] = [];
  for await (const chunk of chunkLines(source, { maxLines, maxBytes, maxLineBytes: 1 << 20 })) chunks.push(chunk);
  return chunks.map((chunk) => ({ lineOffset: chunk.lineOffset, lineCount: chunk.lineCount, body: chunk.body.toString() }));
}

describe('detectFormat', () => {
  it('reads NDJSON when the first non-blank line is a JSON object, an access log otherwise', () => {
    expect(detectFormat(Buffer.from('\n  \n {"method":"GET"}\n'))).toBe('ndjson');
    expect(detectFormat(Buffer.from('\uFEFF{"method":"GET"}\n'))).toBe('ndjson');
    expect(detectFormat(Buffer.from('83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1\n'))).toBe('combined');
    expect(detectFormat(Buffer.from(''))).toBe('combined');
  });
});

describe('chunkLines', () => {
  it('cuts whole lines, with each chunk’s offset in file lines, across read boundaries', async () => {
    const chunks = await collect(bytes('a\nb', 'b\nc\n', 'd\ne'), 2);
    expect(chunks).toEqual([
      { lineOffset: 0, lineCount: 2, body: 'a\nbb\n' },
      { lineOffset: 2, lineCount: 2, body: 'c\nd\n' },
      { lineOffset: 4, lineCount: 1, body: 'e' },
    ]);
  });

  it('counts blank lines so that line numbers stay the file’s', async () => {
    const chunks = await collect(bytes('a\n\n\r\nb\n'), 3);
    expect(chunks).toEqual([
      { lineOffset: 0, lineCount: 3, body: 'a\n\n\r\n' },
      { lineOffset: 3, lineCount: 1, body: 'b\n' },
    ]);
  });

  it('closes a chunk early rather than pass the byte limit, and sends a longer line alone', async () => {
    const chunks = await collect(bytes('aaaa\nbbbb\ncccccccccccc\nd\n'), 100, 10);
    expect(chunks).toEqual([
      { lineOffset: 0, lineCount: 2, body: 'aaaa\nbbbb\n' },
      { lineOffset: 2, lineCount: 1, body: 'cccccccccccc\n' },
      { lineOffset: 3, lineCount: 1, body: 'd\n' },
    ]);
  });

  it('keeps the bytes as they are, invalid UTF-8 included', async () => {
    const invalid = Buffer.from([0x61, 0xff, 0x0a]);
    const chunks: LineChunk[] = [];
    for await (const chunk of chunkLines((async function* () { yield invalid; })(), { maxLines: 10, maxBytes: 100, maxLineBytes: 100 })) chunks.push(chunk);
    expect(chunks[0].body.equals(invalid)).toBe(true);
  });

  it('refuses a line longer than ingestion can take, naming it', async () => {
    const source = bytes('ok\n', 'x'.repeat(50));
    const run = async () => {
      for await (const _chunk of chunkLines(source, { maxLines: 10, maxBytes: 100, maxLineBytes: 20 })) void _chunk;
    };
    await expect(run()).rejects.toThrow('line 2 is longer than 20 bytes');
  });

  it('yields nothing for an empty file', async () => {
    expect(await collect(bytes(), 10)).toEqual([]);
  });
});
