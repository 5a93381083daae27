import { Inject, Injectable } from '@nestjs/common';
import { errors } from '@opensearch-project/opensearch';
import {
  identityScopeResponseSchema,
  identityScopeSearch,
  maxPartsListed,
  needsIdentityScope,
  nextPartSearch,
  Page,
  readStatistics,
  SessionPart,
  sessionSearchResponseSchema,
  Statistics,
  statisticsResponseSchema,
  statisticsSearch,
  toSessionParts,
  withIdentityScope,
  readSessionDocuments,
  readSessionPage,
  readSessionRequests,
  readSessionStats,
  RequestDetails,
  requestDocumentsResponseSchema,
  RequestFilters,
  RequestSummary,
  SearchBody,
  exactSessionCountResponseSchema,
  exactSessionCountSearch,
  readSessionCount,
  SessionCount,
  sessionCountResponseSchema,
  sessionCountSearch,
  SessionListPage,
  wantsExactSessionCount,
  SessionDetails,
  sessionDocumentsResponseSchema,
  SessionListPlan,
  sessionNotFound,
  sessionPageResponseSchema,
  sessionPageSearch,
  SessionRequestsPlan,
  sessionRequestsResponseSchema,
  sessionRequestsSearch,
  sessionStatsResponseSchema,
  sessionStatsSearch,
  toRequestDetails,
  toSessionDetails,
  toSessionListPage,
} from '@sessionscope/explorer/domain';
import { ProjectionTargets, requestDocumentId, SearchClient, sessionDocumentId } from '@sessionscope/search';
import { AppError } from '@sessionscope/shared/errors';
import { z } from 'zod';

export const SEARCH_CLIENT = Symbol('SEARCH_CLIENT');
export const PROJECTION_TARGETS = Symbol('PROJECTION_TARGETS');

/**
 * OpenSearch adapter of the explorer: sends the domain's queries to the aliases and parses every answer
 * with the domain's schemas before anything reads it. Failures of OpenSearch itself become 503
 * SEARCH_UNAVAILABLE (retry later); an answer of an unexpected shape is our bug, a 500.
 */
@Injectable()
export class SessionsRepository {
  constructor(
    @Inject(SEARCH_CLIENT) private readonly client: SearchClient,
    @Inject(PROJECTION_TARGETS) private readonly targets: ProjectionTargets,
  ) {}

  /** The filters with the sessions their user and role filters stand for (see identity-scope.query.ts). */
  async resolveFilters(tenant: string, filters: RequestFilters): Promise<RequestFilters> {
    if (!needsIdentityScope(filters)) return filters;
    const response = await this.call('find the sessions of a user or role', () =>
      this.client.search({ index: this.targets.sessions, ignore_unavailable: true, allow_no_indices: true, body: identityScopeSearch(tenant, filters) as never }),
    );
    return withIdentityScope(filters, parseAnswer(identityScopeResponseSchema, response.body, 'session search'));
  }

  async statistics(tenant: string, filters: RequestFilters, sessionId: string | null): Promise<Statistics> {
    const [response, sessions] = await Promise.all([
      this.searchRequests(statisticsSearch(tenant, filters, sessionId), statisticsResponseSchema),
      sessionId === null ? Promise.resolve(null) : this.sessionDocuments(tenant, [sessionId]),
    ]);
    if (sessionId !== null && !sessions?.has(sessionId)) throw sessionNotFound(sessionId);
    return readStatistics(response);
  }

  async parts(tenant: string, sessionId: string): Promise<Page<SessionPart>> {
    const session = (await this.sessionDocuments(tenant, [sessionId])).get(sessionId);
    if (!session) throw sessionNotFound(sessionId);
    const earlier = [];
    for (let id = session.previousPartId; id !== null && earlier.length < maxPartsListed; ) {
      const part = (await this.sessionDocuments(tenant, [id])).get(id);
      if (!part) break;
      earlier.push(part);
      id = part.previousPartId;
    }
    const later = [];
    for (let id = sessionId; earlier.length + later.length < maxPartsListed; ) {
      const response = await this.call('find the next part', () => this.client.search({ index: this.targets.sessions, ignore_unavailable: true, allow_no_indices: true, body: nextPartSearch(tenant, id) as never }));
      const next = parseAnswer(sessionSearchResponseSchema, response.body, 'session search').hits.hits[0]?._source;
      if (!next) break;
      later.push(next);
      id = next.sessionId;
    }
    const items = toSessionParts(earlier, session, later);
    return { items, total: items.length, nextCursor: null };
  }

  async listSessions(plan: SessionListPlan): Promise<SessionListPage> {
    const [pageResponse, count] = await Promise.all([this.searchRequests(sessionPageSearch(plan), sessionPageResponseSchema), this.countSessions(plan)]);
    const page = readSessionPage(plan, pageResponse, count);
    if (page.sessionIds.length === 0) return { items: [], total: page.total, totalIsEstimate: page.totalIsEstimate, nextCursor: page.nextCursor };
    const [stats, sessions] = await Promise.all([this.statsOf(plan.tenant, plan.filters, page.sessionIds), this.sessionDocuments(plan.tenant, page.sessionIds)]);
    return toSessionListPage(page, stats, sessions);
  }

  async getSession(tenant: string, id: string, filters: RequestFilters): Promise<SessionDetails> {
    const [stats, sessions] = await Promise.all([this.statsOf(tenant, filters, [id]), this.sessionDocuments(tenant, [id])]);
    return toSessionDetails(id, sessions.get(id), stats.get(id));
  }

  async listSessionRequests(plan: SessionRequestsPlan): Promise<Page<RequestSummary>> {
    const [response, sessions] = await Promise.all([this.searchRequests(sessionRequestsSearch(plan), sessionRequestsResponseSchema), this.sessionDocuments(plan.tenant, [plan.sessionId])]);
    if (!sessions.has(plan.sessionId)) throw sessionNotFound(plan.sessionId);
    return readSessionRequests(plan, response);
  }

  async getRequest(tenant: string, id: string): Promise<RequestDetails> {
    // mget rather than get: a missing index is then an absent document, not an error.
    const response = await this.call('read a request', () => this.client.mget({ index: this.targets.requests, body: { ids: [requestDocumentId(tenant, id)] } }));
    return toRequestDetails(tenant, id, parseAnswer(requestDocumentsResponseSchema, response.body, 'request document'));
  }

  private async statsOf(tenant: string, filters: RequestFilters, sessionIds: string[]) {
    return readSessionStats(await this.searchRequests(sessionStatsSearch(tenant, filters, sessionIds), sessionStatsResponseSchema));
  }

  private async sessionDocuments(tenant: string, sessionIds: string[]) {
    const ids = sessionIds.map((id) => sessionDocumentId(tenant, id));
    const response = await this.call('read sessions', () => this.client.mget({ index: this.targets.sessions, body: { ids } }));
    return readSessionDocuments(tenant, parseAnswer(sessionDocumentsResponseSchema, response.body, 'session documents'));
  }

  /** An estimate first; an exact count when the estimate says the sessions are few enough to count. */
  private async countSessions(plan: SessionListPlan): Promise<SessionCount> {
    const estimate = await this.searchRequests(sessionCountSearch(plan), sessionCountResponseSchema);
    const exact = wantsExactSessionCount(estimate) ? await this.searchRequests(exactSessionCountSearch(plan), exactSessionCountResponseSchema) : null;
    return readSessionCount(estimate, exact);
  }

  private async searchRequests<T extends z.ZodType>(body: SearchBody, schema: T): Promise<z.infer<T>> {
    // Before the pipeline has written anything the aliases do not exist: that is an empty result.
    const response = await this.call('search requests', () => this.client.search({ index: this.targets.requests, ignore_unavailable: true, allow_no_indices: true, body: body as never }));
    return parseAnswer(schema, response.body, 'search response');
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw searchFailure(what, error);
    }
  }
}

function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new AppError('internal', 'SEARCH_ANSWER_UNEXPECTED', `OpenSearch sent a ${what} of an unexpected shape`, { cause: parsed.error });
}

/** OpenSearch down, overloaded or failing is worth a retry (503); a request it refuses is our bug (500). */
export function searchFailure(what: string, error: unknown): AppError {
  const status = error instanceof errors.ResponseError ? (error.meta.statusCode ?? undefined) : undefined;
  const unreachable = error instanceof errors.ConnectionError || error instanceof errors.TimeoutError || error instanceof errors.NoLivingConnectionsError;
  if (unreachable || status === 429 || (status !== undefined && status >= 500)) {
    return new AppError('unavailable', 'SEARCH_UNAVAILABLE', 'OpenSearch is unavailable; try again later', { cause: error });
  }
  return new AppError('internal', 'SEARCH_FAILED', `OpenSearch refused to ${what}`, { cause: error });
}
