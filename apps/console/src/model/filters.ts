/**
 * The filters of the gateway API conventions as console URL state. The console URLs mirror the API
 * (`/sessions?from=...&clientIp=...`), so the same parameter names and repetition rules apply: several
 * values of one name are alternatives, different names all apply.
 */
export const filterNames = ['from', 'to', 'application', 'host', 'user', 'role', 'clientIp', 'method', 'status', 'attackType', 'malicious', 'endpoint', 'sessionId', 'requestId'] as const;
export type FilterName = (typeof filterNames)[number];
export type Filters = Readonly<Record<FilterName, readonly string[]>>;

/** Names that take one value at most (a new value replaces the old one). */
const singleValued: ReadonlySet<FilterName> = new Set(['from', 'to', 'malicious']);

export const filterLabels: Record<FilterName, string> = {
  from: 'From',
  to: 'To',
  application: 'Application',
  host: 'Host',
  user: 'User',
  role: 'Role',
  clientIp: 'Client IP',
  method: 'Method',
  status: 'Status',
  attackType: 'Attack type',
  malicious: 'Malicious',
  endpoint: 'Endpoint',
  sessionId: 'Session id',
  requestId: 'Request id',
};

export const noFilters: Filters = Object.fromEntries(filterNames.map((name) => [name, []])) as unknown as Filters;

export function isFilterName(name: string): name is FilterName {
  return (filterNames as readonly string[]).includes(name);
}

/** The filters of a URL's query; other parameters (paging, console state) are ignored, empty values dropped. */
export function readFilters(params: URLSearchParams): Filters {
  const filters: Record<FilterName, string[]> = Object.fromEntries(filterNames.map((name) => [name, []])) as unknown as Record<FilterName, string[]>;
  for (const [name, raw] of params) {
    const value = raw.trim();
    if (!isFilterName(name) || value === '') continue;
    if (singleValued.has(name)) filters[name] = [value];
    else if (!filters[name].includes(value)) filters[name].push(value);
  }
  return filters;
}

/** Query parameters in a stable order (that of filterNames), so equal filters give equal URLs and cache keys. */
export function filterEntries(filters: Filters): Array<[FilterName, string]> {
  return filterNames.flatMap((name) => filters[name].map((value): [FilterName, string] => [name, value]));
}

export function filtersToParams(filters: Filters): URLSearchParams {
  return new URLSearchParams(filterEntries(filters));
}

export function filtersQuery(filters: Filters): string {
  return filtersToParams(filters).toString();
}

export function isEmptyFilters(filters: Filters): boolean {
  return filterNames.every((name) => filters[name].length === 0);
}

export function equalFilters(a: Filters, b: Filters): boolean {
  return filtersQuery(a) === filtersQuery(b);
}

export function withValue(filters: Filters, name: FilterName, value: string): Filters {
  const trimmed = value.trim();
  if (trimmed === '') return filters;
  if (singleValued.has(name)) return { ...filters, [name]: [trimmed] };
  return filters[name].includes(trimmed) ? filters : { ...filters, [name]: [...filters[name], trimmed] };
}

export function withoutValue(filters: Filters, name: FilterName, value: string): Filters {
  return { ...filters, [name]: filters[name].filter((existing) => existing !== value) };
}

/** "Show only": the one value for that name, the other filters kept. */
export function withOnly(filters: Filters, name: FilterName, value: string): Filters {
  return { ...filters, [name]: [value] };
}

export function withValues(filters: Filters, name: FilterName, values: readonly string[]): Filters {
  return { ...filters, [name]: [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))] };
}

/**
 * What a session opened from the list inherits: every list filter except `sessionId`, which only
 * selected the session itself (the `requestId` stays, so the request-id pivot shows that one request).
 */
export function carriedIntoSession(listFilters: Filters): Filters {
  return { ...listFilters, sessionId: [] };
}
