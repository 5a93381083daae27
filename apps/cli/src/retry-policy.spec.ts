import { isRetryableStatus, retryDelayMs } from './retry-policy';

const nowMs = Date.parse('2026-01-15T10:00:00Z');

describe('retryDelayMs', () => {
  it('backs off exponentially up to a ceiling when the server gives no Retry-After', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => retryDelayMs(attempt, null, nowMs))).toEqual([500, 1000, 2000, 4000, 15_000]);
  });

  it('honours Retry-After in seconds and as an HTTP date, capped at a minute', () => {
    expect(retryDelayMs(0, '3', nowMs)).toBe(3000);
    expect(retryDelayMs(5, '0', nowMs)).toBe(0);
    expect(retryDelayMs(0, 'Thu, 15 Jan 2026 10:00:07 GMT', nowMs)).toBe(7000);
    expect(retryDelayMs(0, 'Thu, 15 Jan 2026 09:00:00 GMT', nowMs)).toBe(0);
    expect(retryDelayMs(0, '3600', nowMs)).toBe(60_000);
  });

  it('falls back to backoff when Retry-After cannot be read', () => {
    expect(retryDelayMs(1, 'soon', nowMs)).toBe(1000);
  });
});

describe('isRetryableStatus', () => {
  it('retries "not now" answers only', () => {
    expect([503, 429, 502, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 413, 500].some(isRetryableStatus)).toBe(false);
  });
});
