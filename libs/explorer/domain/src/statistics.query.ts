import { z } from 'zod';
import { explorerViews } from './explorer.views';
import { RequestFilters } from './filter-parameters';
import { requestQuery, SearchBody } from './request-filter.query';

/**
 * The statistics of a session, or of any time window and filter set (`GetStatistics`): the matching
 * requests by method, response code, client IP, endpoint, attack type and legitimate vs malicious, each
 * with its count and share of the matching requests, and total and mean duration and sizes. Computed
 * from the requests index in one search.
 */
export const statisticsRowsLimit = 20;
/** Bars of the timeline: OpenSearch picks a round interval (1s, 1m, 1h, 1d...) that gives at most this many. */
export const timelineBucketsLimit = 60;

const countShare = z.object({
  value: z.string(),
  count: z.number().int().nonnegative(),
  share: z.number().min(0).max(1).describe('count / requestCount'),
});

const totalMean = (unit: string) =>
  z.object({ total: z.number().nonnegative().describe(`Sum over the requests that have it, ${unit}`), mean: z.number().nonnegative().nullable().describe(`Mean over the requests that have it, ${unit}; null when none has it`) });

const breakdown = (what: string) =>
  z.array(countShare).describe(`${what}: the ${statisticsRowsLimit} most frequent, most frequent first; the rest are counted in "otherCounts"`);

export const statisticsView = z
  .object({
    requestCount: z.number().int().nonnegative(),
    durationMs: totalMean('ms'),
    requestBytes: totalMean('bytes'),
    responseBytes: totalMean('bytes'),
    byMethod: breakdown('Requests by method'),
    byStatus: breakdown('Requests by response code ("none" when the capture has no response)'),
    byClientIp: breakdown('Requests by client IP'),
    byEndpoint: breakdown('Requests by endpoint, as "METHOD host path"'),
    byAttackType: breakdown('Requests by attack type (a request with two types counts under both)'),
    legitimacy: z.array(countShare).describe('"legitimate" and "malicious" (with at least one hit)'),
    timeline: z
      .object({
        interval: z.string().nullable().describe('Width of each bar, as OpenSearch names it (`30s`, `1m`, `3h`, `1d`); null when there is no request'),
        buckets: z.array(z.object({ from: z.iso.datetime(), requestCount: z.number().int().nonnegative(), maliciousCount: z.number().int().nonnegative() })),
      })
      .describe(`The matching requests over time, in at most ${timelineBucketsLimit} bars of one width`),
    otherCounts: z
      .object({ byStatus: z.number().int(), byClientIp: z.number().int(), byEndpoint: z.number().int(), byAttackType: z.number().int() })
      .describe('Requests counted in none of the rows shown'),
  })
  .register(explorerViews, { id: 'Statistics' });

export type Statistics = z.infer<typeof statisticsView>;

/** A request with no status sorts as this in `byStatus`. */
const noStatus = -1;

export function statisticsSearch(tenant: string, filters: RequestFilters, sessionId: string | null): SearchBody {
  const termsOf = (field: string, extra: Record<string, unknown> = {}) => ({ terms: { field, size: statisticsRowsLimit, ...extra } });
  return {
    size: 0,
    track_total_hits: true,
    query: sessionId === null ? requestQuery(tenant, filters) : requestQuery(tenant, filters, { term: { sessionId } }),
    aggs: {
      durationMs: { stats: { field: 'durationMs' } },
      requestBytes: { stats: { field: 'requestBytes' } },
      responseBytes: { stats: { field: 'responseBytes' } },
      byMethod: termsOf('method'),
      byStatus: termsOf('status', { missing: noStatus }),
      byClientIp: termsOf('clientIp'),
      // A path past `ignore_above` has no doc value: counted under an empty path rather than left out.
      byEndpoint: { multi_terms: { terms: [{ field: 'method' }, { field: 'host' }, { field: 'path', missing: '' }], size: statisticsRowsLimit } },
      byAttackType: termsOf('attackTypes'),
      malicious: { filter: { term: { malicious: true } } },
      timeline: { auto_date_histogram: { field: 'timestamp', buckets: timelineBucketsLimit }, aggs: { malicious: { filter: { term: { malicious: true } } } } },
    },
  };
}

const buckets = <K extends z.ZodType>(key: K) =>
  z.object({ buckets: z.array(z.object({ key, doc_count: z.number().int() })), sum_other_doc_count: z.number().int().optional() });
const stats = z.object({ count: z.number().int(), sum: z.number().nullable() });

export const statisticsResponseSchema = z.object({
  hits: z.object({ total: z.object({ value: z.number().int() }) }),
  aggregations: z
    .object({
      durationMs: stats,
      requestBytes: stats,
      responseBytes: stats,
      byMethod: buckets(z.string()),
      byStatus: buckets(z.number()),
      byClientIp: buckets(z.string()),
      byEndpoint: buckets(z.tuple([z.string(), z.string(), z.string()])),
      byAttackType: buckets(z.string()),
      malicious: z.object({ doc_count: z.number().int() }),
      timeline: z.object({
        interval: z.string().optional(),
        buckets: z.array(z.object({ key: z.number(), doc_count: z.number().int(), malicious: z.object({ doc_count: z.number().int() }) })),
      }),
    })
    // Absent when no index is behind the alias yet.
    .optional(),
});

export type StatisticsResponse = z.infer<typeof statisticsResponseSchema>;

export function readStatistics(response: StatisticsResponse): Statistics {
  const requestCount = response.hits.total.value;
  const share = (count: number) => (requestCount === 0 ? 0 : count / requestCount);
  const rows = <K>(of: { buckets: Array<{ key: K; doc_count: number }> } | undefined, label: (key: K) => string) =>
    (of?.buckets ?? []).map((bucket) => ({ value: label(bucket.key), count: bucket.doc_count, share: share(bucket.doc_count) }));
  const totalMeanOf = (of: z.infer<typeof stats> | undefined) => ({ total: of?.sum ?? 0, mean: of && of.count > 0 && of.sum !== null ? of.sum / of.count : null });
  const aggregations = response.aggregations;
  const malicious = aggregations?.malicious.doc_count ?? 0;
  return {
    requestCount,
    durationMs: totalMeanOf(aggregations?.durationMs),
    requestBytes: totalMeanOf(aggregations?.requestBytes),
    responseBytes: totalMeanOf(aggregations?.responseBytes),
    byMethod: rows(aggregations?.byMethod, String),
    byStatus: rows(aggregations?.byStatus, (status) => (status === noStatus ? 'none' : String(status))),
    byClientIp: rows(aggregations?.byClientIp, String),
    byEndpoint: rows(aggregations?.byEndpoint, ([method, host, path]) => `${method} ${host} ${path}`),
    byAttackType: rows(aggregations?.byAttackType, String),
    legitimacy: requestCount === 0 ? [] : [
      { value: 'legitimate', count: requestCount - malicious, share: share(requestCount - malicious) },
      { value: 'malicious', count: malicious, share: share(malicious) },
    ],
    timeline: {
      interval: requestCount === 0 ? null : (aggregations?.timeline.interval ?? null),
      buckets: (aggregations?.timeline.buckets ?? []).map((bucket) => ({ from: new Date(bucket.key).toISOString(), requestCount: bucket.doc_count, maliciousCount: bucket.malicious.doc_count })),
    },
    otherCounts: {
      byStatus: aggregations?.byStatus.sum_other_doc_count ?? 0,
      byClientIp: aggregations?.byClientIp.sum_other_doc_count ?? 0,
      byEndpoint: aggregations?.byEndpoint.sum_other_doc_count ?? 0,
      byAttackType: aggregations?.byAttackType.sum_other_doc_count ?? 0,
    },
  };
}
