export {
  canonicalFilters,
  defaultLimit,
  filterParameterNames,
  endpointFilterKey,
  parseEndpoint,
  listParameterNames,
  maxLimit,
  noFilters,
  parseFilterParameters,
  parseListParameters,
  parseNoParameters,
} from './filter-parameters';
export type { EndpointFilter, ListParameters, QueryParameters, RequestFilters, StatusFilter } from './filter-parameters';
export { isIpv4, isIpv6, parseIpOrCidr } from './ip-address';
export { decodeCursor, encodeCursor } from './list-cursor';
export * from './explorer.views';
export { endpointLiteralPath, endpointPathPattern } from './endpoint-path';
export { maxResultWindow, requestFilterClauses, requestQuery } from './request-filter.query';
export type { QueryClause, SearchBody } from './request-filter.query';
export * from './session-stats.query';
export * from './session-list.query';
export * from './session-details';
export * from './request.query';
export * from './statistics.query';
export * from './identity-scope.query';
export * from './session-parts';
