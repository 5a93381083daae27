import { RequestAssignedToSession, SessionEvent } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { toRequestDocument, toSessionDocument } from './documents';
import { ProjectionTargets, SearchClient } from './search-client';

export type ProjectableEvent = RequestAssignedToSession | SessionEvent;

/** The `_bulk` body that projects these events; pure, so a test can read what would be written. */
export function bulkOperationsFor(targets: ProjectionTargets, events: ProjectableEvent[]): object[] {
  const operations: object[] = [];
  for (const event of events) {
    if (event.type === 'RequestAssignedToSession') {
      const { id, document } = toRequestDocument(event.data.sessionId, event.data.request);
      operations.push({ index: { _index: targets.requests, _id: id } }, document);
    } else {
      const { id, version, document } = toSessionDocument(event.data.session);
      operations.push({ index: { _index: targets.sessions, _id: id, version, version_type: 'external' } }, document);
    }
  }
  return operations;
}

type BulkItem = { _index?: string; _id?: string; status: number; error?: { type: string; reason?: string } };

/** A document OpenSearch refused for good (a value its mapping cannot take): writing it again cannot help. */
export type RefusedDocument = { index: string; id: string; reason: string };

export type ProjectionResult = { written: number; stale: number; refused: RefusedDocument[] };

/**
 * Writes the documents of a batch of events. A version conflict means a newer snapshot of that session
 * is already stored: it is expected and ignored. Throws AppError 'unavailable' (write the batch again
 * later: the writes are idempotent) for overload or server errors. Documents OpenSearch refuses for good
 * are returned, not thrown: one bad document must not hold back the batch, nor the partition behind it.
 * Their events stay in the stream, so a replay writes them once the cause is fixed.
 */
export async function projectEvents(client: SearchClient, targets: ProjectionTargets, events: ProjectableEvent[]): Promise<ProjectionResult> {
  if (events.length === 0) return { written: 0, stale: 0, refused: [] };
  let response;
  try {
    response = await client.bulk({ body: bulkOperationsFor(targets, events) });
  } catch (error) {
    throw new AppError('unavailable', 'SEARCH_UNAVAILABLE', 'OpenSearch did not take the bulk write', { cause: error });
  }
  let written = 0;
  let stale = 0;
  const failures: BulkItem[] = [];
  for (const item of response.body.items as Array<Record<string, BulkItem>>) {
    const result = Object.values(item)[0];
    if (result.status < 300) written++;
    else if (result.status === 409) stale++;
    else failures.push(result);
  }
  // A missing index is an alias moved by a rebuild while this write was in flight: write again.
  const retryable = failures.find((failure) => failure.status === 429 || failure.status >= 500 || failure.error?.type === 'index_not_found_exception');
  if (retryable) throw new AppError('unavailable', 'SEARCH_OVERLOADED', `${failures.length} of ${events.length} documents were not written: ${retryable.error?.type}: ${retryable.error?.reason ?? ''}`);
  const refused = failures.map((failure) => ({ index: failure._index ?? '?', id: failure._id ?? '?', reason: `${failure.error?.type ?? `status ${failure.status}`}: ${failure.error?.reason ?? ''}` }));
  return { written, stale, refused };
}

/** One line for a log: how many documents were refused, the first few with their reasons, and what to do. */
export function describeRefusedDocuments(refused: RefusedDocument[], shown = 3): string {
  const examples = refused.slice(0, shown).map(({ index, id, reason }) => `${index}/${id}: ${reason}`).join('; ');
  const more = refused.length > shown ? `; and ${refused.length - shown} more` : '';
  return `OpenSearch refused ${refused.length} document(s) for good: ${examples}${more}. Their events stay in the stream: \`sessionscope replay --projections\` writes them once the cause is fixed`;
}
