import type { RequestObserved } from '@sessionscope/contracts';
import type { LineRejection } from './line-rejection';
import type { ObservedLine } from './observe-traffic';

/** The reply to a traffic upload, once its accepted records are stored. */
export type IngestionReport = {
  /** Records stored by this upload. */
  accepted: number;
  /** Records whose id was stored before (an earlier upload, or earlier in this one): not stored again. */
  duplicates: number;
  rejected: number;
  /** Items that are well formed but not HTTP requests (OTLP spans of other kinds); listed in errors too. */
  skipped: number;
  /** The first rejections, in line order; `errorsTruncated` says when there were more. */
  errors: LineRejection[];
  errorsTruncated: boolean;
};

/** Enough for a sender to fix a systematic problem, small enough for a reply. */
export const maxReportedErrors = 1000;

export function emptyIngestionReport(): IngestionReport {
  return { accepted: 0, duplicates: 0, rejected: 0, skipped: 0, errors: [], errorsTruncated: false };
}

/** `duplicates`: events of the batch left out because their records were stored before. */
export type TrafficBatch = { events: RequestObserved[]; rejections: LineRejection[]; duplicates?: number };

/** Counts a batch whose events have been stored. */
export function countStoredBatch(report: IngestionReport, batch: TrafficBatch, maxErrors = maxReportedErrors): IngestionReport {
  const room = Math.max(0, maxErrors - report.errors.length);
  const skipped = batch.rejections.filter((rejection) => rejection.skipped).length;
  return {
    accepted: report.accepted + batch.events.length,
    duplicates: report.duplicates + (batch.duplicates ?? 0),
    rejected: report.rejected + batch.rejections.length - skipped,
    skipped: report.skipped + skipped,
    errors: room === 0 ? report.errors : [...report.errors, ...batch.rejections.slice(0, room)],
    errorsTruncated: report.errorsTruncated || batch.rejections.length > room,
  };
}

/**
 * Groups observed lines into batches of at most `maxEvents` events (with the rejections met along
 * the way), so that a caller stores a large body chunk by chunk without holding all of it as events.
 */
export function* inBatches(lines: Iterable<ObservedLine>, maxEvents: number): Generator<TrafficBatch> {
  let batch: TrafficBatch = { events: [], rejections: [] };
  for (const line of lines) {
    if (line.ok) batch.events.push(line.event);
    else batch.rejections.push(line.rejection);
    // Rejections count too: a body of nothing but bad lines must not be held whole in memory.
    if (batch.events.length + batch.rejections.length >= maxEvents) {
      yield batch;
      batch = { events: [], rejections: [] };
    }
  }
  if (batch.events.length > 0 || batch.rejections.length > 0) yield batch;
}
