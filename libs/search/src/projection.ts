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

/** One item of a `_bulk` answer. */
export type BulkItem = { _index?: string; _id?: string; status: number; error?: { type: string; reason?: string } };

/** A document OpenSearch refused for good (a value its mapping cannot take): writing it again cannot help. */
export type RefusedDocument = { index: string; id: string; reason: string };

export type ProjectionResult = { written: number; stale: number; refused: RefusedDocument[] };

/**
 * What the items of a `_bulk` answer say: documents written; older session snapshots skipped (409, see
 * the external versions); documents refused for good (400: mapping or parsing errors of that document);
 * and the first failure that a later write gets past (429 overload, 5xx, a 403 read-only block after a
 * full disk, a 404 index that a rebuild moved the alias away from), or null.
 */
export function readBulkItems(items: ReadonlyArray<Record<string, BulkItem>>): ProjectionResult & { retryable: BulkItem | null } {
  let written = 0;
  let stale = 0;
  const refused: RefusedDocument[] = [];
  let retryable: BulkItem | null = null;
  for (const item of items) {
    const result = Object.values(item)[0];
    if (result.status < 300) written++;
    else if (result.status === 409) stale++;
    else if (result.status === 400) refused.push({ index: result._index ?? '?', id: result._id ?? '?', reason: `${result.error?.type ?? 'status 400'}: ${result.error?.reason ?? ''}` });
    else retryable ??= result;
  }
  return { written, stale, refused, retryable };
}

/**
 * Writes the documents of a batch of events. Throws AppError 'unavailable' (write the batch again
 * later: the writes are idempotent) when OpenSearch or one of its items says to try again. Documents
 * OpenSearch refuses for good are returned, not thrown: one bad document must not hold back the batch,
 * nor the partition behind it. Their events stay in the stream, so a replay writes them once the cause
 * is fixed.
 */
export async function projectEvents(client: SearchClient, targets: ProjectionTargets, events: ProjectableEvent[]): Promise<ProjectionResult> {
  if (events.length === 0) return { written: 0, stale: 0, refused: [] };
  let response;
  try {
    response = await client.bulk({ body: bulkOperationsFor(targets, events) });
  } catch (error) {
    throw new AppError('unavailable', 'SEARCH_UNAVAILABLE', 'OpenSearch did not take the bulk write', { cause: error });
  }
  const { written, stale, refused, retryable } = readBulkItems(response.body.items as Array<Record<string, BulkItem>>);
  if (retryable) throw new AppError('unavailable', 'SEARCH_OVERLOADED', `${events.length - written - stale - refused.length} of ${events.length} documents were not written yet: ${retryable.error?.type ?? `status ${retryable.status}`}: ${retryable.error?.reason ?? ''}`);
  return { written, stale, refused };
}

/** One line for a log: how many documents were refused, the first few with their reasons, and what to do. */
export function describeRefusedDocuments(refused: RefusedDocument[], shown = 3): string {
  const examples = refused.slice(0, shown).map(({ index, id, reason }) => `${index}/${id}: ${reason}`).join('; ');
  const more = refused.length > shown ? `; and ${refused.length - shown} more` : '';
  return `OpenSearch refused ${refused.length} document(s) for good: ${examples}${more}. Their events stay in the stream: \`sessionscope replay --projections\` writes them once the cause is fixed`;
}
