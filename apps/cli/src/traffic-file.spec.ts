import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chunkLines, detectFormat, headBytes, openTrafficFile, readContentFacts, readFileFacts, sourceIdOf, type LineChunk } from './traffic-file';

async function* bytes(...pieces: string[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield Buffer.from(piece);
}

async function collect(source: AsyncIterable<Buffer>, maxLines: number, maxBytes = 1 << 20): Promise<Array<{ lineOffset: number; lineCount: number; body: string }>> {
  const chunks: LineChunk[] = [];
  for await (const chunk of chunkLines(source, { maxLines, maxBytes, maxLineBytes: 1 << 20 })) chunks.push(chunk);
  return chunks.map((chunk) => ({ lineOffset: chunk.lineOffset, lineCount: chunk.lineCount, body: chunk.body.toString() }));
}

describe('detectFormat', () => {
  it('reads NDJSON when the first non-blank line is a JSON object, an access log otherwise (common when it ends after the size)', () => {
    expect(detectFormat(Buffer.from('\n  \n {"method":"GET"}\n'))).toBe('ndjson');
    expect(detectFormat(Buffer.from('\uFEFF{"method":"GET"}\n'))).toBe('ndjson');
    expect(detectFormat(Buffer.from('83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1\n'))).toBe('common');
    expect(detectFormat(Buffer.from(''))).toBe('combined');
  });
});

describe('detectFormat of every format import reads', () => {
  it.each([
    ['NDJSON', '{"timestamp":"2026-11-24T10:00:00Z","method":"GET","url":"/a","clientIp":"1.2.3.4"}\n', 'ndjson'],
    ['nginx JSON', '{"time_local":"24/Nov/2026:10:00:00 +0000","remote_addr":"1.2.3.4","request":"GET / HTTP/1.1","status":"200"}\n', 'nginx-json'],
    ['combined', '1.2.3.4 - - [24/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"\n', 'combined'],
    ['common', '1.2.3.4 - frank [24/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5\n', 'common'],
    ['HAR', '{\n  "log": {\n    "version": "1.2",\n    "entries": [\n', 'har'],
    ['pretty OTLP/JSON', '{\n  "resourceSpans": [\n', 'otlp-json'],
    ['OTLP/JSON lines', '{"resourceSpans":[]}\n{"resourceSpans":[]}\n', 'otlp-json'],
    ['a HAR on one line longer than the head', `{"log":{"entries":[${'{"request":{}},'.repeat(10)}`, 'har'],
    ['NDJSON whose body mentions a log and entries', '{"timestamp":"2026-11-24T10:00:00Z","method":"POST","url":"/a","clientIp":"1.2.3.4","requestBody":"{\\"log\\":{\\"entries\\":[]}}"}\n', 'ndjson'],
  ])('reads %s', (_name, head, format) => {
    expect(detectFormat(Buffer.from(head))).toBe(format);
  });

  it('reads OTLP/protobuf from its first bytes (field 1, length-delimited, binary), and refuses other binary files', () => {
    expect(detectFormat(Buffer.from([0x0a, 0x8f, 0x01, 0x0a, 0x00, 0x12]))).toBe('otlp-protobuf');
    expect(() => detectFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]))).toThrow(/binary and not OTLP\/protobuf/);
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

describe('the facts of a file, and its sourceId', () => {
  const logLine = (second: number, path: string) => `1.2.3.4 - - [24/Nov/2026:10:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" 200 5 "-" "curl/8"\n`;
  // Longer than the 64 KiB that name a log: 1,000 lines of about 80 bytes.
  const log = Array.from({ length: 1000 }, (_, second) => logLine(second, `/p${second}`)).join('');
  const appended = logLine(1000, '/later');

  it('counts lines and bytes, and hashes the whole content and its first 64 KiB, however the bytes come in pieces', async () => {
    const whole = await readContentFacts(bytes(log));
    const pieces = await readContentFacts(bytes(log.slice(0, 10), log.slice(10, 65_600), log.slice(65_600)));
    expect(pieces).toEqual(whole);
    expect(whole).toMatchObject({ bytes: Buffer.byteLength(log), lineCount: 1000 });
    expect(Buffer.byteLength(log)).toBeGreaterThan(headBytes);
    expect(whole.headSha256).not.toBe(whole.sha256);
    expect((await readContentFacts(bytes('a\nb'))).lineCount).toBe(2);
  });

  it('given a log and the same log after it grew, then a line format keeps its sourceId and a document format does not', async () => {
    const before = await readContentFacts(bytes(log));
    const grown = await readContentFacts(bytes(log, appended));
    expect(sourceIdOf('combined', grown)).toBe(sourceIdOf('combined', before));
    expect(sourceIdOf('ndjson', grown)).toBe(sourceIdOf('ndjson', before));
    expect(sourceIdOf('har', grown)).not.toBe(sourceIdOf('har', before));
    expect(sourceIdOf('har', before)).toBe(before.sha256);
  });

  it('given a log that begins like another (a replica: the same first lines) but differs within 64 KiB, then its sourceId differs', async () => {
    const before = await readContentFacts(bytes(log));
    const replica = await readContentFacts(bytes(log.slice(0, 30_000), logLine(5000, '/elsewhere'), log.slice(30_000)));
    expect(sourceIdOf('combined', replica)).not.toBe(sourceIdOf('combined', before));
  });

  it('given a log shorter than 64 KiB, then it is named by all of it, prefixed so it never equals a whole-file hash', async () => {
    const line = '{"method":"GET"}';
    const single = await readContentFacts(bytes(line));
    const grown = await readContentFacts(bytes(`${line}\n{"method":"POST"}\n`));
    expect(single.headSha256).not.toBe(grown.headSha256);
    expect(single.headSha256).not.toBe(single.sha256);
  });
});

describe('openTrafficFile and readFileFacts on disk', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'traffic-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a gzip file, then its content is the decompressed bytes and its facts those of the plain file', async () => {
    writeFileSync(join(dir, 'a.ndjson'), '{"a":1}\n{"a":2}\n');
    writeFileSync(join(dir, 'a.ndjson.gz'), gzipSync('{"a":1}\n{"a":2}\n'));
    const chunks: Buffer[] = [];
    for await (const chunk of openTrafficFile(join(dir, 'a.ndjson.gz')).content) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('{"a":1}\n{"a":2}\n');
    const plain = await readFileFacts(join(dir, 'a.ndjson'));
    expect(await readFileFacts(join(dir, 'a.ndjson.gz'))).toEqual({ ...plain, gzip: true });
  });

  it('given a missing path or a directory, then the error names the path', () => {
    expect(() => openTrafficFile(join(dir, 'missing.ndjson'))).toThrow(`${join(dir, 'missing.ndjson')} does not exist`);
    expect(() => openTrafficFile(dir)).toThrow(`${dir} is a directory; a file is expected`);
  });
});
