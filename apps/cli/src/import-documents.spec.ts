import { harChunks, readDocument } from './import-documents';

async function* pieces(...chunks: string[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

describe('readDocument', () => {
  it('given a document within the limit, when read, then it is whole', async () => {
    expect((await readDocument(pieces('{"log":', '{}}'), 'a.har', 100)).toString()).toBe('{"log":{}}');
  });

  it('given a document over the limit, when read, then the error names the file and the limit', async () => {
    await expect(readDocument(pieces('x'.repeat(600_000), 'x'.repeat(600_000)), 'big.har', 1024 * 1024)).rejects.toThrow(/big\.har is larger than 1 MiB: HAR and OTLP documents are read whole/);
  });
});

describe('harChunks', () => {
  const entry = (index: number) => ({ request: { method: 'GET', url: `https://a.example/${index}` } });
  const har = (count: number) => Buffer.from(JSON.stringify({ log: { version: '1.2', pages: [{ id: 'p', startedDateTime: '2026-01-01T00:00:00Z' }], entries: Array.from({ length: count }, (_, index) => entry(index)) } }));

  it('given 5 entries in chunks of 2, when cut, then each chunk is a HAR with its pages and its entries\u2019 offset', () => {
    const { entryCount, chunks: lazy } = harChunks(har(5), 2);
    const chunks = [...lazy];
    expect(entryCount).toBe(5);
    expect(chunks.map((chunk) => [chunk.entryOffset, chunk.entryCount])).toEqual([[0, 2], [2, 2], [4, 1]]);
    expect(JSON.parse(chunks[2].body.toString())).toEqual({ log: { version: '1.2', pages: [{ id: 'p', startedDateTime: '2026-01-01T00:00:00Z' }], entries: [entry(4)] } });
  });

  it('given large entries, when cut, then a chunk also ends once its entries reach the byte limit (at least one entry a chunk)', () => {
    const entrySize = JSON.stringify(entry(0)).length;
    const { chunks } = harChunks(har(5), 100, entrySize * 2);
    expect([...chunks].map((chunk) => [chunk.entryOffset, chunk.entryCount])).toEqual([[0, 2], [2, 2], [4, 1]]);
    expect([...harChunks(har(2), 100, 1).chunks].map((chunk) => chunk.entryCount)).toEqual([1, 1]);
  });

  it('given a file that is not a HAR with entries, when cut, then it is sent whole for ingestion to say what is wrong', () => {
    for (const text of ['<html>', '{"log":{"entries":[]}}', '{"log":{}}']) {
      expect([...harChunks(Buffer.from(text), 2).chunks]).toEqual([{ entryOffset: 0, entryCount: 0, body: Buffer.from(text) }]);
    }
  });
});
