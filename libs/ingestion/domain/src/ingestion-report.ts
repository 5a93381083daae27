import type { RequestObserved } from '@sessionscope/contracts';
import type { LineRejection } from './line-rejection';
import type { ObservedLine } from './observe-traffic';

/** The reply to a traffic upload, once its accepted records are stored. */
export type IngestionReport = {
  accepted: number;
  rejected: number;
  /** The first rejections, in line order; `errorsTruncated` says when there were more. */
  errors: LineRejection[];
  errorsTruncated: boolean;
};

/** Enough for a sender to fix a systematic problem, small enough for a reply. */
export const maxReportedErrors = 1000;

export function emptyIngestionReport(): IngestionReport {
  return { accepted: 0, rejected: 0, errors: [], errorsTruncated: false };
}

export type TrafficBatch = { events: RequestObserved[]; rejections: LineRejection[] };

/** Counts a batch whose events have been stored. */
export function countStoredBatch(report: IngestionReport, batch: TrafficBatch, maxErrors = maxReportedErrors): IngestionReport {
  const room = Math.max(0, maxErrors - report.errors.length);
  return {
    accepted: report.accepted + batch.events.length,
    rejected: report.rejected + batch.rejections.length,
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
    if (batch.events.length >= maxEvents) {
      yield batch;
      batch = { events: [], rejections: [] };
    }
  }
  if (batch.events.length > 0 || batch.rejections.length > 0) yield batch;
}
