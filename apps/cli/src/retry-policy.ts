/** How the import client waits before retrying a chunk that ingestion could not take yet. */
export const retryDefaults = {
  /** First wait after a failure without Retry-After; doubles each attempt. */
  initialDelayMs: 500,
  maxDelayMs: 15_000,
  /** A Retry-After longer than this is capped: the import keeps showing signs of life. */
  maxRetryAfterMs: 60_000,
  /** Per chunk: after this long of failures the import stops with the last error. */
  giveUpAfterMs: 5 * 60_000,
};

/**
 * Milliseconds to wait before attempt `attempt + 1` (attempt counts from 0). Retry-After, in seconds
 * or as an HTTP date (RFC 9110 §10.2.3), wins over the exponential backoff.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, nowMs: number, policy = retryDefaults): number {
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const value = retryAfter.trim();
    const fromSeconds = /^\d+$/.test(value) ? Number(value) * 1000 : Number.NaN;
    const fromDate = Number.isNaN(fromSeconds) ? Date.parse(value) - nowMs : Number.NaN;
    const delay = Number.isNaN(fromSeconds) ? fromDate : fromSeconds;
    if (!Number.isNaN(delay)) return Math.min(Math.max(delay, 0), policy.maxRetryAfterMs);
  }
  return Math.min(policy.initialDelayMs * 2 ** attempt, policy.maxDelayMs);
}

/** Statuses that mean "not now" rather than "never": the chunk is sent again after a wait. */
export function isRetryableStatus(status: number): boolean {
  return status === 503 || status === 429 || status === 502 || status === 504;
}
