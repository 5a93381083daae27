import { AppError } from '@sessionscope/shared/errors';
import { z } from 'zod';
import { RequestFilters } from './filter-parameters';
import { maxResultWindow, SearchBody } from './request-filter.query';

/**
 * User and Roles are values of a session, learned as its requests arrive, so the `user` and `role`
 * filters are answered in two steps: the sessions index names the sessions of those users and roles
 * (within the time window and applications), then the request queries keep to those sessions.
 */
export function needsIdentityScope(filters: RequestFilters): boolean {
  return filters.user.length > 0 || filters.role.length > 0;
}

export function identityScopeSearch(tenant: string, filters: RequestFilters): SearchBody {
  const clauses: Array<Record<string, unknown>> = [{ term: { tenant } }];
  if (filters.user.length > 0) clauses.push({ terms: { user: filters.user } });
  if (filters.role.length > 0) clauses.push({ terms: { roles: filters.role } });
  if (filters.application.length > 0) clauses.push({ terms: { application: filters.application } });
  // A session's details (`sessionId`) with a user or role filter asks about that session only.
  if (filters.sessionId.length > 0) clauses.push({ terms: { sessionId: filters.sessionId } });
  // Sessions that overlap the window: began before its end and ended at or after its start.
  if (filters.to !== null) clauses.push({ range: { firstSeen: { lt: filters.to, format: 'strict_date_optional_time' } } });
  if (filters.from !== null) clauses.push({ range: { lastSeen: { gte: filters.from, format: 'strict_date_optional_time' } } });
  return { size: maxResultWindow, track_total_hits: true, _source: false, docvalue_fields: ['sessionId'], query: { bool: { filter: clauses } } };
}

export const identityScopeResponseSchema = z.object({
  hits: z.object({
    total: z.object({ value: z.number().int() }),
    hits: z.array(z.object({ fields: z.object({ sessionId: z.array(z.string()) }) })),
  }),
});

export type IdentityScopeResponse = z.infer<typeof identityScopeResponseSchema>;

/** The filters with their session scope; refuses (400) a user or role with more sessions than one search returns. */
export function withIdentityScope(filters: RequestFilters, response: IdentityScopeResponse): RequestFilters {
  if (response.hits.total.value > maxResultWindow) {
    const named = [...filters.user.map((user) => `user=${user}`), ...filters.role.map((role) => `role=${role}`)].join(', ');
    throw new AppError('invalid', 'IDENTITY_FILTER_TOO_BROAD', `${response.hits.total.value} sessions match ${named}, more than ${maxResultWindow}; narrow the time window (from, to) or add an application`, {
      details: [{ field: filters.user.length > 0 ? 'user' : 'role', message: `matches ${response.hits.total.value} sessions` }],
    });
  }
  return { ...filters, sessionScope: response.hits.hits.map((hit) => hit.fields.sessionId[0]) };
}
