import * as crypto from 'node:crypto';

/** One-shot hashing (Node 20.12 and later; @types/node does not declare it yet): a third of the cost of a Hash object. */
const hashText = (crypto as unknown as { hash: (algorithm: string, data: string) => string }).hash;

export type RecordIdSource = {
  /** Opaque name of the source (a file's content hash, an export's id); makes ids stable across retries. */
  sourceId?: string;
  newId: () => string;
};

/**
 * The id of a request: the sender's own id when given; else, when the source is named, a hash of the
 * source, the absolute line number and, for a line of a line format, the line's text, so that sending
 * the same lines again (a retry after a 503, a re-import) yields the same ids and JetStream stores them
 * once; else a new id.
 *
 * With the text in it, a source may be named by less than its whole content: `sessionscope import`
 * names a log by its first 64 KiB, so the same log imported again after it grew keeps the ids of its
 * earlier lines, and a line that differs never takes the id of another.
 */
export function recordIdOf(senderId: string | undefined, line: number, source: RecordIdSource, lineText?: string): string {
  if (senderId !== undefined) return senderId;
  if (source.sourceId !== undefined) {
    const sourceAndLine = `${jsonPrefixOf(source.sourceId)}${line}]`;
    // The line number ends at `]`, and the text (which holds no newline) follows a newline: unambiguous.
    return hashText('sha256', lineText === undefined ? sourceAndLine : `${sourceAndLine}\n${lineText}`).slice(0, 32);
  }
  return source.newId();
}

/**
 * `JSON.stringify([sourceId, line])` up to the line number, kept for the source of the moment (a
 * body's records share it): the ids are exactly those of hashing the whole JSON text.
 */
let lastSource: { sourceId: string; prefix: string } | null = null;

function jsonPrefixOf(sourceId: string): string {
  if (lastSource?.sourceId !== sourceId) lastSource = { sourceId, prefix: JSON.stringify([sourceId, 0]).slice(0, -2) };
  return lastSource.prefix;
}
