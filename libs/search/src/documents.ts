import { ObservedRequest, SessionSnapshot } from '@sessionscope/contracts';

/**
 * Pure mappings from events to documents. Ids are deterministic (tenant + id), so a replayed or
 * redelivered event overwrites its document instead of adding one; session documents are versioned by
 * the session's revision, so an older snapshot arriving late never overwrites a newer one.
 */
export type RequestDocument = Omit<ObservedRequest, 'id'> & { requestId: string; sessionId: string; attackTypes: string[]; malicious: boolean };
export type SessionDocument = SessionSnapshot;

export function requestDocumentId(tenant: string, requestId: string): string {
  return `${tenant}:${requestId}`;
}

export function sessionDocumentId(tenant: string, sessionId: string): string {
  return `${tenant}:${sessionId}`;
}

export function toRequestDocument(sessionId: string, request: ObservedRequest): { id: string; document: RequestDocument } {
  const { id, ...rest } = request;
  const hits = request.hits ?? [];
  const attackTypes = [...new Set(hits.map((hit) => hit.type))].sort();
  return { id: requestDocumentId(request.tenant, id), document: { ...rest, hits, requestId: id, sessionId, attackTypes, malicious: hits.length > 0 } };
}

export function toSessionDocument(session: SessionSnapshot): { id: string; version: number; document: SessionDocument } {
  return { id: sessionDocumentId(session.tenant, session.sessionId), version: session.revision, document: session };
}
