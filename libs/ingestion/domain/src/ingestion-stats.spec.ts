import { RequestObserved } from '@sessionscope/contracts';
import { anObservedRequest } from '@sessionscope/contracts/testing';
import { rejectionReason, statsFromCounters, tallyBatch } from './ingestion-stats';
import { toRequestObserved } from './observe-traffic';

function anEvent(overrides: Parameters<typeof anObservedRequest>[0]): RequestObserved {
  return toRequestObserved(anObservedRequest(overrides), { point: 'ip', hash: 'h' }, { tenant: 'acme', correlationId: 'c', now: '2026-11-24T10:00:00.000Z' });
}

describe('rejection reasons', () => {
  it.each([
    [{ line: 1, field: 'timestamp', message: 'Invalid ISO datetime' }, 'timestamp'],
    [{ line: 1, field: 'requestHeaders.x-n', message: 'a header value must be a string' }, 'requestHeaders'],
    [{ entry: 2, field: 'log.entries[3].request', message: 'missing' }, 'log'],
    [{ line: 1, field: null, message: 'line is 900 bytes long, over the limit of 200 bytes' }, 'too-long'],
    [{ line: 1, field: null, message: 'line is not valid UTF-8' }, 'not-utf8'],
    [{ line: 1, field: null, message: 'not valid JSON: Unexpected token' }, 'not-json'],
    [{ line: 1, field: null, message: 'no request line' }, 'malformed'],
  ])('given %o, then the reason is %s', (rejection, reason) => {
    expect(rejectionReason(rejection)).toBe(reason);
  });
});

describe('ingestion stats', () => {
  const receivedAt = '2026-11-24T10:00:00.000Z';

  it('given a stored batch, when tallied, then records count by source and format, with skew, responses missing, rejections and duplicates', () => {
    const tally = tallyBatch(
      {
        events: [
          anEvent({ timestamp: '2026-11-24T09:59:58.000Z', source: { format: 'ndjson', line: 1 } }),
          anEvent({ timestamp: '2026-11-24T10:00:03.000Z', status: null, source: { format: 'ndjson', line: 2 } }),
          anEvent({ timestamp: '2026-11-24T09:59:00.000Z', source: { format: 'har', line: null } }),
        ],
        rejections: [
          { line: 4, field: 'status', message: 'bad' },
          { line: 5, field: 'status', message: 'bad' },
          { entry: 6, field: 'kind', message: 'not an HTTP server span', skipped: true },
        ],
        duplicates: 2,
      },
      { source: 'traffic', receivedAt },
    );
    expect(tally).toEqual({
      add: {
        'records|traffic|ndjson': 2,
        'records|traffic|har': 1,
        withoutResponse: 1,
        'skew.samples': 3,
        'rejections|status': 2,
        'skipped|kind': 1,
        duplicates: 2,
      },
      sum: { 'skew.sumMs': 2000 - 3000 + 60000 },
      max: { lastReceivedMs: Date.parse(receivedAt), 'skew.maxBehindMs': 60000, 'skew.maxAheadMs': 3000 },
    });
  });

  it('given stored counters, when read back, then they form the stats of the tenant', () => {
    const stats = statsFromCounters('acme', {
      since: receivedAt,
      'records|traffic|ndjson': '5',
      'records|traffic|combined': '2',
      'records|traces|otlp-json': '1',
      'rejections|status': '3',
      'skipped|kind': '2',
      duplicates: '4',
      withoutResponse: '1',
      'skew.samples': '8',
      'skew.sumMs': '8000',
      'skew.maxBehindMs': '5000',
      lastReceivedMs: String(Date.parse('2026-11-24T10:30:00.000Z')),
    });
    expect(stats).toEqual({
      tenant: 'acme',
      since: receivedAt,
      lastReceivedAt: '2026-11-24T10:30:00.000Z',
      records: { total: 8, bySource: { traffic: { ndjson: 5, combined: 2 }, traces: { 'otlp-json': 1 } } },
      rejections: { total: 3, byReason: { status: 3 } },
      skipped: { total: 2, byReason: { kind: 2 } },
      duplicates: 4,
      withoutResponse: 1,
      clockSkew: { samples: 8, meanMs: 1000, maxAheadMs: null, maxBehindMs: 5000 },
    });
  });

  it('given no counters, when read, then everything is zero and the skew unknown', () => {
    expect(statsFromCounters('acme', {})).toMatchObject({ since: null, lastReceivedAt: null, records: { total: 0 }, clockSkew: { samples: 0, meanMs: null } });
  });
});
