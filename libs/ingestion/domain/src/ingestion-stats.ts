import type { LineRejection } from './line-rejection';
import type { TrafficBatch } from './ingestion-report';

/**
 * The health of what comes in, per tenant: what was stored by source (the door it came through:
 * `traffic`, `traces`) and format, what was refused and why, duplicates, records without a response
 * (a capture that saw only the request), and how far record times are from the time of receipt.
 *
 * Counters are kept as flat `field -> number` increments so that a store adds them up atomically
 * (several ingestion instances count into the same place); maxima are kept apart, as a store has to
 * compare before it writes them.
 */
export type CounterIncrements = {
  /** Integer counters. */
  add: Record<string, number>;
  /** Sums that may outgrow a 64-bit integer (milliseconds over millions of records): kept as floats. */
  sum: Record<string, number>;
  max: Record<string, number>;
};

const fields = {
  records: 'records',
  rejections: 'rejections',
  skipped: 'skipped',
  duplicates: 'duplicates',
  withoutResponse: 'withoutResponse',
  skewSamples: 'skew.samples',
  skewSumMs: 'skew.sumMs',
  skewMaxAheadMs: 'skew.maxAheadMs',
  skewMaxBehindMs: 'skew.maxBehindMs',
  lastReceivedMs: 'lastReceivedMs',
} as const;

/** Separates the parts of a counter name; names of sources, formats and reasons never hold it. */
const separator = '|';

/**
 * The reason a rejected (or skipped) item is counted under: the top-level field that was wrong
 * (`timestamp`, `requestHeaders`), or, for an item that is not a record at all, what was wrong with it.
 */
export function rejectionReason(rejection: LineRejection): string {
  if (rejection.field !== null) return rejection.field.split(/[.[]/)[0].replace(/\|/g, '_');
  const message = rejection.message;
  if (/over the limit/.test(message)) return 'too-long';
  if (/UTF-8/.test(message)) return 'not-utf8';
  if (/JSON/.test(message)) return 'not-json';
  return 'malformed';
}

/** What a stored batch adds to the counters. `receivedAt` is the time the upload arrived. */
export function tallyBatch(batch: TrafficBatch, context: { source: string; receivedAt: string }): CounterIncrements {
  const add: Record<string, number> = {};
  const sum: Record<string, number> = {};
  const max: Record<string, number> = {};
  const increment = (field: string, by: number) => {
    if (by !== 0) add[field] = (add[field] ?? 0) + by;
  };
  const raise = (field: string, value: number) => {
    if (value > (max[field] ?? -Infinity)) max[field] = value;
  };
  const receivedMs = Date.parse(context.receivedAt);
  raise(fields.lastReceivedMs, receivedMs);
  for (const event of batch.events) {
    const request = event.data.request;
    increment([fields.records, context.source, request.source.format].join(separator), 1);
    if (request.status === null) increment(fields.withoutResponse, 1);
    // Positive: the record is older than its receipt (delivery delay, an import of old logs);
    // negative: the sender's clock is ahead.
    const behindMs = receivedMs - Date.parse(request.timestamp);
    increment(fields.skewSamples, 1);
    sum[fields.skewSumMs] = (sum[fields.skewSumMs] ?? 0) + behindMs;
    if (behindMs >= 0) raise(fields.skewMaxBehindMs, behindMs);
    else raise(fields.skewMaxAheadMs, -behindMs);
  }
  for (const rejection of batch.rejections) increment([rejection.skipped ? fields.skipped : fields.rejections, rejectionReason(rejection)].join(separator), 1);
  increment(fields.duplicates, batch.duplicates ?? 0);
  return { add, sum, max };
}

/** The counters of a tenant as GET /v1/stats shows them. */
export type IngestionStats = {
  tenant: string;
  /** When the first counter of this tenant was written; null when nothing came in yet. */
  since: string | null;
  /** When the latest upload of this tenant arrived. */
  lastReceivedAt: string | null;
  records: { total: number; bySource: Record<string, Record<string, number>> };
  rejections: { total: number; byReason: Record<string, number> };
  /** Well-formed items that are not HTTP requests (OTLP spans of other kinds): not the sender's errors. */
  skipped: { total: number; byReason: Record<string, number> };
  duplicates: number;
  /** Stored records without a response (no status): the capture saw only the request. */
  withoutResponse: number;
  /** Time of receipt minus record time, over stored records; null values before any record. */
  clockSkew: { samples: number; meanMs: number | null; maxAheadMs: number | null; maxBehindMs: number | null };
};

export const sinceField = 'since';

/** Reads the stored counters (field -> decimal text) back into the stats of a tenant. */
export function statsFromCounters(tenant: string, counters: Record<string, string>): IngestionStats {
  const stats: IngestionStats = {
    tenant,
    since: counters[sinceField] ?? null,
    lastReceivedAt: null,
    records: { total: 0, bySource: {} },
    rejections: { total: 0, byReason: {} },
    skipped: { total: 0, byReason: {} },
    duplicates: 0,
    withoutResponse: 0,
    clockSkew: { samples: 0, meanMs: null, maxAheadMs: null, maxBehindMs: null },
  };
  const number = (field: string) => (counters[field] === undefined ? null : Number(counters[field]));
  for (const [field, text] of Object.entries(counters)) {
    const [kind, ...rest] = field.split(separator);
    const value = Number(text);
    if (kind === fields.records && rest.length === 2) {
      const [source, format] = rest;
      stats.records.total += value;
      stats.records.bySource[source] = { ...stats.records.bySource[source], [format]: value };
    } else if ((kind === fields.rejections || kind === fields.skipped) && rest.length === 1) {
      const counts = kind === fields.rejections ? stats.rejections : stats.skipped;
      counts.total += value;
      counts.byReason[rest[0]] = value;
    }
  }
  const lastReceivedMs = number(fields.lastReceivedMs);
  stats.lastReceivedAt = lastReceivedMs === null ? null : new Date(lastReceivedMs).toISOString();
  stats.duplicates = number(fields.duplicates) ?? 0;
  stats.withoutResponse = number(fields.withoutResponse) ?? 0;
  const samples = number(fields.skewSamples) ?? 0;
  const sumMs = number(fields.skewSumMs) ?? 0;
  stats.clockSkew = {
    samples,
    meanMs: samples > 0 ? Math.round(sumMs / samples) : null,
    maxAheadMs: number(fields.skewMaxAheadMs),
    maxBehindMs: number(fields.skewMaxBehindMs),
  };
  return stats;
}
