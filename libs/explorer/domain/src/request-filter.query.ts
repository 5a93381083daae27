import { endpointLiteralPath, endpointPathPattern } from './endpoint-path';
import { EndpointFilter, RequestFilters, StatusFilter } from './filter-parameters';

/**
 * OpenSearch query DSL, as plain JSON, for "the requests of this tenant that match the filters". Every
 * explorer query starts from it: a session is in a list when one of its requests matches, and only the
 * matching requests are counted and shown inside it. Field names are those of `requestFields` in
 * @sessionscope/search.
 */
export type QueryClause = Record<string, unknown>;
export type SearchBody = Record<string, unknown>;

/**
 * index.max_result_window of OpenSearch (its default, which the indices keep): `from + size` of a
 * search may not pass it.
 */
export const maxResultWindow = 10_000;

function statusClause(statuses: StatusFilter[]): QueryClause {
  const codes = statuses.flatMap((status) => (status.kind === 'code' ? [status.code] : []));
  const ranges = statuses.flatMap((status) => (status.kind === 'class' ? [{ range: { status: { gte: status.hundreds * 100, lte: status.hundreds * 100 + 99 } } }] : []));
  const alternatives: QueryClause[] = [...(codes.length > 0 ? [{ terms: { status: codes } }] : []), ...ranges];
  return alternatives.length === 1 ? alternatives[0] : { bool: { should: alternatives, minimum_should_match: 1 } };
}

function endpointClause(endpoint: EndpointFilter): QueryClause {
  const pattern = endpointPathPattern(endpoint.path);
  const path = pattern !== null ? { regexp: { path: { value: pattern, flags: 'NONE' } } } : { term: { path: endpointLiteralPath(endpoint.path) } };
  return endpoint.method === null ? path : { bool: { filter: [path, { term: { method: endpoint.method } }] } };
}

export function requestFilterClauses(tenant: string, filters: RequestFilters): QueryClause[] {
  const clauses: QueryClause[] = [{ term: { tenant } }];
  if (filters.from !== null || filters.to !== null) {
    const range: Record<string, string> = { format: 'strict_date_optional_time' };
    if (filters.from !== null) range.gte = filters.from;
    if (filters.to !== null) range.lt = filters.to;
    clauses.push({ range: { timestamp: range } });
  }
  // `terms` on an `ip` field takes addresses and CIDR blocks alike.
  for (const field of ['application', 'host', 'clientIp', 'method', 'sessionId', 'requestId'] as const) {
    if (filters[field].length > 0) clauses.push({ terms: { [field]: filters[field] } });
  }
  if (filters.status.length > 0) clauses.push(statusClause(filters.status));
  if (filters.attackType.length > 0) clauses.push({ terms: { attackTypes: filters.attackType } });
  if (filters.malicious) clauses.push({ term: { malicious: true } });
  if (filters.endpoint.length > 0) clauses.push(filters.endpoint.length === 1 ? endpointClause(filters.endpoint[0]) : { bool: { should: filters.endpoint.map(endpointClause), minimum_should_match: 1 } });
  // An empty scope matches nothing, as it must: no session has that user or role.
  if (filters.sessionScope !== null) clauses.push({ terms: { sessionId: filters.sessionScope } });
  return clauses;
}

/** Filter context only: nothing is scored, and OpenSearch can cache the clauses. */
export function requestQuery(tenant: string, filters: RequestFilters, ...more: QueryClause[]): QueryClause {
  return { bool: { filter: [...requestFilterClauses(tenant, filters), ...more] } };
}
