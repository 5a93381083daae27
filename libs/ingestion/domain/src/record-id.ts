import { createHash } from 'node:crypto';

export type RecordIdSource = {
  /** Opaque name of the source (a file's content hash, an export's id); makes ids stable across retries. */
  sourceId?: string;
  newId: () => string;
};

/**
 * The id of a request: the sender's own id when given; else, when the source is named, a hash of the
 * source and the absolute line number, so that sending the same lines again (a retry after a 503, a
 * re-import) yields the same ids and JetStream stores them once; else a new id.
 */
export function recordIdOf(senderId: string | undefined, line: number, source: RecordIdSource): string {
  if (senderId !== undefined) return senderId;
  if (source.sourceId !== undefined) return createHash('sha256').update(JSON.stringify([source.sourceId, line])).digest('hex').slice(0, 32);
  return source.newId();
}
