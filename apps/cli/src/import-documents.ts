import { sliceArrayAt } from '@sessionscope/ingestion/domain';
import { ImportError } from './ingestion-client';

/**
 * A HAR or OTLP file is one JSON (or protobuf) document: it is read whole, up to this size, rather
 * than streamed; 128 MiB of HAR is about 100,000 entries, and parses within a few hundred MiB.
 */
export const maxDocumentBytes = 128 * 1024 * 1024;

/** The file's content, whole, or an error naming the limit when it is larger. */
export async function readDocument(source: AsyncIterable<Buffer>, file: string, maxBytes = maxDocumentBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new ImportError(`${file} is larger than ${maxBytes / 1024 / 1024} MiB: HAR and OTLP documents are read whole, up to that size; split the capture (or, for OTLP, export one JSON request a line)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

export type EntryChunk = { entryOffset: number; entryCount: number; body: Buffer };

/** Bytes of entries in one chunk: well below ingestion's MAX_BODY_BYTES (64 MiB by default). */
export const maxChunkEntryBytes = 16 * 1024 * 1024;

/**
 * The entries of a HAR document as smaller HAR documents of at most `maxEntries` entries and about
 * `maxChunkEntryBytes` each (with the pages, whose times stand in for entries without one), so that each POST stays small and the
 * entries keep their absolute index (the chunk's offset): importing the file again gives the same ids.
 * Entries are cut from the text as they are, not parsed, one chunk at a time. A file that is not a
 * HAR document with entries is sent whole, for ingestion to say what is wrong with it.
 */
export function harChunks(document: Buffer, maxEntries: number, maxBytes = maxChunkEntryBytes): { entryCount: number; chunks: Iterable<EntryChunk> } {
  const text = document.toString('utf8');
  const slices = sliceArrayAt(text, ['log', 'entries']);
  const pages = slices === null ? undefined : pagesOf(slices.skeleton);
  if (slices === null || pages === null || slices.elements.length === 0) {
    return { entryCount: 0, chunks: [{ entryOffset: 0, entryCount: 0, body: document }] };
  }
  const { elements } = slices;
  const count = elements.length / 2;
  function* chunks(): Generator<EntryChunk> {
    for (let offset = 0; offset < count; ) {
      const entries: string[] = [];
      let bytes = 0;
      // At least one entry a chunk, however large: ingestion says when one is too large.
      for (let index = offset; index < count && entries.length < maxEntries && (entries.length === 0 || bytes < maxBytes); index++) {
        const entry = text.slice(elements[2 * index], elements[2 * index + 1]);
        entries.push(entry);
        bytes += entry.length;
      }
      yield { entryOffset: offset, entryCount: entries.length, body: Buffer.from(`{"log":{"version":"1.2","pages":${pages},"entries":[${entries.join(',')}]}}`) };
      offset += entries.length;
    }
  }
  return { entryCount: count, chunks: chunks() };
}

/** The pages of a HAR skeleton as JSON text (`[]` when it has none), or null when the skeleton is not JSON. */
function pagesOf(skeleton: string): string | null {
  try {
    const parsed = JSON.parse(skeleton) as { log?: { pages?: unknown } };
    return JSON.stringify(Array.isArray(parsed.log?.pages) ? parsed.log.pages : []);
  } catch {
    return null;
  }
}
