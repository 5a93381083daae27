import { observedRequestSchema } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { z } from 'zod';
import { Page, RequestDetails, RequestSummary } from './explorer.views';
import { canonicalFilters, ListParameters, RequestFilters } from './filter-parameters';
import { AfterPosition, decodeCursor, encodeCursor, fingerprintOf } from './list-cursor';
import { requestQuery, SearchBody } from './request-filter.query';

/**
 * The requests of one session in time order, and one request with everything stored. The list pages
 * with `search_after` on (timestamp, requestId), so it has no depth limit and a request that arrives
 * meanwhile never shifts a page.
 */
export type SessionRequestsPlan = { tenant: string; sessionId: string; filters: RequestFilters; limit: number; after: AfterPosition['after'] | null; fingerprint: string };

export function planSessionRequests(tenant: string, sessionId: string, params: ListParameters): SessionRequestsPlan {
  const fingerprint = fingerprintOf(`session-requests\n${tenant}\n${sessionId}\n${canonicalFilters(params.filters)}`);
  const after = params.cursor === null ? null : decodeCursor<AfterPosition>(params.cursor, fingerprint, 'after').after;
  return { tenant, sessionId, filters: params.filters, limit: params.limit, after, fingerprint };
}

const heavyFields = ['requestHeaders', 'responseHeaders', 'requestBody', 'responseBody', 'source'];

export function sessionRequestsSearch(plan: SessionRequestsPlan): SearchBody {
  return {
    query: requestQuery(plan.tenant, plan.filters, { term: { sessionId: plan.sessionId } }),
    sort: [{ timestamp: { order: 'asc' } }, { requestId: { order: 'asc' } }],
    ...(plan.after ? { search_after: plan.after } : {}),
    size: plan.limit + 1,
    _source: { excludes: heavyFields },
    track_total_hits: true,
  };
}

/** A stored request document: the observed request, with its id as `requestId` and its session. */
export const requestDocumentSchema = observedRequestSchema.omit({ id: true }).extend({ requestId: z.string(), sessionId: z.string() });
const requestSummaryDocumentSchema = requestDocumentSchema.omit({ requestHeaders: true, responseHeaders: true, requestBody: true, responseBody: true, source: true });

export const sessionRequestsResponseSchema = z.object({
  hits: z.object({
    total: z.object({ value: z.number().int() }),
    // Dates sort as epoch milliseconds.
    hits: z.array(z.object({ _source: requestSummaryDocumentSchema, sort: z.tuple([z.number().int(), z.string()]) })),
  }),
});

export type SessionRequestsResponse = z.infer<typeof sessionRequestsResponseSchema>;

function toSummary(doc: z.infer<typeof requestSummaryDocumentSchema>): RequestSummary {
  return {
    id: doc.requestId,
    sessionId: doc.sessionId,
    application: doc.application,
    timestamp: doc.timestamp,
    method: doc.method,
    scheme: doc.scheme,
    host: doc.host,
    path: doc.path,
    query: doc.query,
    status: doc.status,
    durationMs: doc.durationMs,
    requestBytes: doc.requestBytes,
    responseBytes: doc.responseBytes,
    clientIp: doc.clientIp,
    userAgent: doc.userAgent,
    attackTypes: [...new Set((doc.hits ?? []).map((hit) => hit.type))].sort(),
  };
}

export function readSessionRequests(plan: SessionRequestsPlan, response: SessionRequestsResponse): Page<RequestSummary> {
  const hits = response.hits.hits.slice(0, plan.limit);
  const last = hits[hits.length - 1];
  const more = response.hits.hits.length > plan.limit;
  return {
    items: hits.map((hit) => toSummary(hit._source)),
    total: response.hits.total.value,
    nextCursor: more ? encodeCursor(plan.fingerprint, { after: last.sort }) : null,
  };
}

/** The answer to an `mget` of one request document: absent ones have `found: false` or an error. */
export const requestDocumentsResponseSchema = z.object({
  docs: z.array(z.object({ found: z.boolean().optional(), _source: requestDocumentSchema.optional() })),
});

export type RequestDocumentsResponse = z.infer<typeof requestDocumentsResponseSchema>;

export function requestNotFound(id: string): AppError {
  return new AppError('not-found', 'REQUEST_NOT_FOUND', `no request ${JSON.stringify(id)}`, { details: [{ field: 'id', message: `${JSON.stringify(id)} does not exist` }] });
}

export function toRequestDetails(tenant: string, id: string, response: RequestDocumentsResponse): RequestDetails {
  const doc = response.docs.find((candidate) => candidate.found && candidate._source?.requestId === id)?._source;
  if (!doc || doc.tenant !== tenant) throw requestNotFound(id);
  return {
    ...toSummary(doc),
    requestHeaders: doc.requestHeaders,
    responseHeaders: doc.responseHeaders,
    requestBody: doc.requestBody,
    responseBody: doc.responseBody,
    source: doc.source,
    ...(doc.requestBodyBytes === undefined ? {} : { requestBodyBytes: doc.requestBodyBytes }),
    ...(doc.responseBodyBytes === undefined ? {} : { responseBodyBytes: doc.responseBodyBytes }),
    ...(doc.requestBodyTruncated === undefined ? {} : { requestBodyTruncated: doc.requestBodyTruncated }),
    ...(doc.responseBodyTruncated === undefined ? {} : { responseBodyTruncated: doc.responseBodyTruncated }),
    hits: doc.hits ?? [],
  };
}
