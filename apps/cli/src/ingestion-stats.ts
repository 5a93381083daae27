import { z } from 'zod';
import { ingestionAuthHeaders } from './ingestion-client';

/** GET /v1/stats of ingestion, parsed at the boundary. */
const statsSchema = z.object({
  tenant: z.string(),
  since: z.string().nullable(),
  lastReceivedAt: z.string().nullable().default(null),
  records: z.object({ total: z.number(), bySource: z.record(z.string(), z.record(z.string(), z.number())) }),
  rejections: z.object({ total: z.number(), byReason: z.record(z.string(), z.number()) }),
  skipped: z.object({ total: z.number(), byReason: z.record(z.string(), z.number()) }).default({ total: 0, byReason: {} }),
  duplicates: z.number(),
  withoutResponse: z.number(),
  clockSkew: z.object({ samples: z.number(), meanMs: z.number().nullable(), maxAheadMs: z.number().nullable(), maxBehindMs: z.number().nullable() }),
});

export type IngestionStats = z.infer<typeof statsSchema>;

/** The stats of the token's tenant, or why they could not be read. */
export async function fetchIngestionStats(ingestionUrl: string, ingestToken: string): Promise<{ stats: IngestionStats } | { problem: string }> {
  try {
    const response = await fetch(new URL('/v1/stats', ingestionUrl), { headers: ingestionAuthHeaders(ingestToken), signal: AbortSignal.timeout(3000) });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) return { problem: `HTTP ${response.status}${response.status === 401 ? ' (set SESSIONSCOPE_INGEST_TOKEN to a token of your tenant)' : ''}` };
    const parsed = statsSchema.safeParse(body);
    return parsed.success ? { stats: parsed.data } : { problem: 'an unreadable answer' };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** A duration for people: 850 ms, 12.3 s, 4.2 min, 3.1 h, 12.0 d. */
export function humanDuration(ms: number): string {
  const size = Math.abs(ms);
  if (size < 1000) return `${Math.round(ms)} ms`;
  if (size < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (size < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (size < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

const joinCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `${name} ${count.toLocaleString('en-US')}`)
    .join(', ');

/** The lines `sessionscope status` prints under "ingestion". */
export function describeIngestionStats(stats: IngestionStats): string[] {
  const sources = Object.entries(stats.records.bySource).map(([source, formats]) => `${source}: ${joinCounts(formats)}`);
  const skew = stats.clockSkew;
  return [
    `tenant ${stats.tenant}, counting since ${stats.since ?? 'nothing received yet'}${stats.lastReceivedAt ? `, last upload at ${stats.lastReceivedAt}` : ''}`,
    `records     ${stats.records.total.toLocaleString('en-US')}${sources.length > 0 ? ` (${sources.join('; ')})` : ''}`,
    `rejected    ${stats.rejections.total.toLocaleString('en-US')}${stats.rejections.total > 0 ? ` (by field or problem: ${joinCounts(stats.rejections.byReason)})` : ''}`,
    ...(stats.skipped.total > 0 ? [`skipped     ${stats.skipped.total.toLocaleString('en-US')} (not HTTP requests: ${joinCounts(stats.skipped.byReason)})`] : []),
    `duplicates  ${stats.duplicates.toLocaleString('en-US')}`,
    `no response ${stats.withoutResponse.toLocaleString('en-US')} (incomplete captures)`,
    skew.samples === 0 || skew.meanMs === null
      ? 'clock skew  no records yet'
      : `clock skew  records are ${humanDuration(skew.meanMs)} older than their receipt on average; at most ${humanDuration(skew.maxBehindMs ?? 0)} older, ${humanDuration(skew.maxAheadMs ?? 0)} ahead`,
  ];
}
