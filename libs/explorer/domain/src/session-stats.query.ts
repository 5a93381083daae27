import { SessionSnapshot, sessionSnapshotSchema } from '@sessionscope/contracts';
import { z } from 'zod';
import { EndpointCount } from './explorer.views';
import { RequestFilters } from './filter-parameters';
import { requestQuery, SearchBody } from './request-filter.query';

/**
 * The in-filter statistics of a few sessions (a page of a list, or one session), in one search over the
 * requests: a `terms` bucket per session with the matching requests' first and last time, count,
 * addresses, agents, hosts and endpoints. A session whose requests all miss the filters has no bucket.
 */
export const valuesPerSessionLimit = 100;
export const topEndpointsLimit = 5;

/**
 * Buckets one stats search may make: search.max_buckets of OpenSearch is 65,535, and a search past it
 * fails whole. A page of many sessions gets fewer addresses, agents and hosts per session instead.
 */
const maxBucketsPerSearch = 60_000;

/** Addresses, agents and hosts listed per session when `sessions` sessions share one search. */
export function valuesPerSession(sessions: number): number {
  // Per session: its own bucket, the attacks filter, the top endpoints, and three lists of values.
  const bucketsLeft = Math.floor(maxBucketsPerSearch / Math.max(sessions, 1)) - 2 - topEndpointsLimit;
  return Math.max(1, Math.min(valuesPerSessionLimit, Math.floor(bucketsLeft / 3)));
}

export type SessionStats = {
  firstSeen: string;
  lastSeen: string;
  requestCount: number;
  clientIps: string[];
  userAgents: string[];
  hosts: string[];
  endpointCount: number;
  topEndpoints: EndpointCount[];
  /** Matching requests with at least one hit. */
  attackCount: number;
};

// A request whose path passed `ignore_above` has no doc value; it still counts, under an empty path.
const endpointKeyScript = ['host', 'method', 'path'].map((field) => `(doc['${field}'].size() == 0 ? '' : doc['${field}'].value)`).join(" + ' ' + ");

export function sessionStatsSearch(tenant: string, filters: RequestFilters, sessionIds: string[]): SearchBody {
  const valuesOf = (field: string) => ({ terms: { field, size: valuesPerSession(sessionIds.length) } });
  return {
    size: 0,
    track_total_hits: false,
    query: requestQuery(tenant, filters, { terms: { sessionId: sessionIds } }),
    aggs: {
      sessions: {
        terms: { field: 'sessionId', size: Math.max(sessionIds.length, 1) },
        aggs: {
          firstSeen: { min: { field: 'timestamp' } },
          lastSeen: { max: { field: 'timestamp' } },
          clientIps: valuesOf('clientIp'),
          userAgents: valuesOf('userAgent'),
          hosts: valuesOf('host'),
          endpointCount: { cardinality: { script: { lang: 'painless', source: endpointKeyScript } } },
          topEndpoints: { multi_terms: { terms: [{ field: 'host' }, { field: 'method' }, { field: 'path', missing: '' }], size: topEndpointsLimit } },
          attacks: { filter: { term: { malicious: true } } },
        },
      },
    },
  };
}

const keyCounts = <K extends z.ZodType>(key: K) => z.object({ buckets: z.array(z.object({ key, doc_count: z.number().int() })) });

export const sessionStatsResponseSchema = z.object({
  aggregations: z
    .object({
      sessions: z.object({
        buckets: z.array(
          z.object({
            key: z.string(),
            doc_count: z.number().int(),
            // Epoch milliseconds; never null here, because a bucket holds at least one request.
            firstSeen: z.object({ value: z.number() }),
            lastSeen: z.object({ value: z.number() }),
            clientIps: keyCounts(z.string()),
            userAgents: keyCounts(z.string()),
            hosts: keyCounts(z.string()),
            endpointCount: z.object({ value: z.number().int() }),
            topEndpoints: keyCounts(z.tuple([z.string(), z.string(), z.string()])),
            attacks: z.object({ doc_count: z.number().int() }),
          }),
        ),
      }),
    })
    // Absent when no index is behind the alias yet (searches ignore missing indices).
    .optional(),
});

export type SessionStatsResponse = z.infer<typeof sessionStatsResponseSchema>;

export function readSessionStats(response: SessionStatsResponse): Map<string, SessionStats> {
  const stats = new Map<string, SessionStats>();
  for (const bucket of response.aggregations?.sessions.buckets ?? []) {
    stats.set(bucket.key, {
      firstSeen: new Date(bucket.firstSeen.value).toISOString(),
      lastSeen: new Date(bucket.lastSeen.value).toISOString(),
      requestCount: bucket.doc_count,
      clientIps: bucket.clientIps.buckets.map((b) => b.key),
      userAgents: bucket.userAgents.buckets.map((b) => b.key),
      hosts: bucket.hosts.buckets.map((b) => b.key),
      endpointCount: bucket.endpointCount.value,
      topEndpoints: bucket.topEndpoints.buckets.map(({ key: [host, method, path], doc_count }) => ({ host, method, path, requestCount: doc_count })),
      attackCount: bucket.attacks.doc_count,
    });
  }
  return stats;
}

/** The answer to an `mget` (or a `get`) of session documents: absent ones have `found: false` or an error. */
export const sessionDocumentsResponseSchema = z.object({
  docs: z.array(z.object({ found: z.boolean().optional(), _source: sessionSnapshotSchema.optional() })),
});

export type SessionDocumentsResponse = z.infer<typeof sessionDocumentsResponseSchema>;

/** Session documents by session id; a document of another tenant is never returned. */
export function readSessionDocuments(tenant: string, response: SessionDocumentsResponse): Map<string, SessionSnapshot> {
  const sessions = new Map<string, SessionSnapshot>();
  for (const doc of response.docs) {
    if (doc.found && doc._source && doc._source.tenant === tenant) sessions.set(doc._source.sessionId, doc._source);
  }
  return sessions;
}
