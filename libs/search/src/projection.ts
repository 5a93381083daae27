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

type BulkItem = { status: number; error?: { type: string; reason?: string } };

/**
 * Writes the documents of a batch of events. A version conflict means a newer snapshot of that session
 * is already stored: it is expected and ignored. Throws AppError 'unavailable' (retry later) for
 * overload or server errors, 'invalid' (dead-letter) for documents OpenSearch refuses.
 */
export async function projectEvents(client: SearchClient, targets: ProjectionTargets, events: ProjectableEvent[]): Promise<{ written: number; stale: number }> {
  if (events.length === 0) return { written: 0, stale: 0 };
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
  if (failures.length > 0) {
    // A missing index is an alias moved by a rebuild while this write was in flight: write again.
    const retryable = failures.some((failure) => failure.status === 429 || failure.status >= 500 || failure.error?.type === 'index_not_found_exception');
    const first = failures[0].error;
    throw new AppError(retryable ? 'unavailable' : 'invalid', retryable ? 'SEARCH_OVERLOADED' : 'SEARCH_REJECTED_DOCUMENT', `${failures.length} of ${events.length} documents were not written: ${first?.type}: ${first?.reason ?? ''}`);
  }
  return { written, stale };
}
