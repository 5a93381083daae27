/**
 * Field mappings of the projections. Field names here are the query vocabulary of the gateway; a change
 * that is not additive raises `mappingVersion` in index-names.ts.
 */
const keyword = { type: 'keyword' } as const;
const date = { type: 'date', format: 'strict_date_optional_time' } as const;
const notIndexed = { type: 'object', enabled: false } as const;

export const requestFields = {
  requestId: keyword,
  tenant: keyword,
  application: keyword,
  sessionId: keyword,
  timestamp: date,
  method: keyword,
  scheme: keyword,
  host: keyword,
  path: { type: 'keyword', ignore_above: 2048 },
  query: { type: 'keyword', ignore_above: 2048 },
  status: { type: 'short' },
  durationMs: { type: 'float' },
  requestBytes: { type: 'long' },
  responseBytes: { type: 'long' },
  clientIp: { type: 'ip' },
  userAgent: { type: 'keyword', ignore_above: 1024 },
  requestHeaders: notIndexed,
  responseHeaders: notIndexed,
  requestBody: { type: 'text', index: false },
  responseBody: { type: 'text', index: false },
  requestBodyBytes: { type: 'long' },
  responseBodyBytes: { type: 'long' },
  requestBodyTruncated: { type: 'boolean' },
  responseBodyTruncated: { type: 'boolean' },
  source: notIndexed,
  hits: {
    type: 'object',
    properties: {
      type: keyword,
      point: { type: 'keyword', ignore_above: 512 },
      payload: { type: 'text', index: false },
      score: { type: 'float' },
      detector: keyword,
    },
  },
  /** The distinct attack types of `hits`, for filtering and statistics. */
  attackTypes: keyword,
  malicious: { type: 'boolean' },
} as const;

export const sessionFields = {
  sessionId: keyword,
  revision: { type: 'long' },
  tenant: keyword,
  application: keyword,
  keyPoint: keyword,
  status: keyword,
  closeReason: keyword,
  firstSeen: date,
  lastSeen: date,
  requestCount: { type: 'long' },
  clientIps: { type: 'ip' },
  userAgents: { type: 'keyword', ignore_above: 1024 },
  hosts: keyword,
  user: keyword,
  roles: keyword,
  previousPartId: keyword,
  attackCount: { type: 'long' },
  attackTypes: keyword,
} as const;

export const indexSettings = {
  number_of_shards: 1,
  number_of_replicas: 0,
  refresh_interval: '1s',
} as const;
