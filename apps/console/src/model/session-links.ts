import { carriedIntoSession, Filters, filtersQuery, filtersToParams } from './filters';

/**
 * Console URLs. A session opened from the list carries the list's filters as its in-session filters
 * and remembers the list's own query under `list`, so "Apply filters" and "Back to sessions" work
 * from a shared link too. `open` names the request whose details are expanded.
 */
export const listParam = 'list';
export const openParam = 'open';

export function sessionListUrl(listFilters: Filters): string {
  const query = filtersQuery(listFilters);
  return query === '' ? '/sessions' : `/sessions?${query}`;
}

export function sessionUrl(sessionId: string, sessionFilters: Filters, listQuery: string, openRequestId: string | null = null): string {
  const params = filtersToParams(sessionFilters);
  if (listQuery !== '') params.set(listParam, listQuery);
  if (openRequestId !== null) params.set(openParam, openRequestId);
  const query = params.toString();
  return `/sessions/${encodeURIComponent(sessionId)}${query === '' ? '' : `?${query}`}`;
}

export function sessionUrlFromList(sessionId: string, listFilters: Filters): string {
  return sessionUrl(sessionId, carriedIntoSession(listFilters), filtersQuery(listFilters));
}

export function requestUrl(requestId: string): string {
  return `/requests/${encodeURIComponent(requestId)}`;
}
