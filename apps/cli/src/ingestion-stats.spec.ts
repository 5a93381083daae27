import { describeIngestionStats, humanDuration } from './ingestion-stats';

describe('ingestion stats in the status', () => {
  it('given stats, when described, then counts read by source, reason and skew', () => {
    const lines = describeIngestionStats({
      tenant: 'default',
      since: '2026-11-24T10:00:00.000Z',
      lastReceivedAt: '2026-11-24T11:00:00.000Z',
      records: { total: 12500, bySource: { traffic: { ndjson: 500, combined: 12000 } } },
      rejections: { total: 3, byReason: { status: 1, 'not-json': 2 } },
      skipped: { total: 4, byReason: { kind: 4 } },
      duplicates: 7,
      withoutResponse: 2,
      clockSkew: { samples: 12500, meanMs: 90_000, maxAheadMs: 1500, maxBehindMs: 7_200_000 },
    });
    expect(lines).toEqual([
      'tenant default, counting since 2026-11-24T10:00:00.000Z, last upload at 2026-11-24T11:00:00.000Z',
      'records     12,500 (traffic: combined 12,000, ndjson 500)',
      'rejected    3 (by field or problem: not-json 2, status 1)',
      'skipped     4 (not HTTP requests: kind 4)',
      'duplicates  7',
      'no response 2 (incomplete captures)',
      'clock skew  records are 1.5 min older than their receipt on average; at most 2.0 h older, 1.5 s ahead',
    ]);
  });

  it('given durations, when shown, then each has a readable unit', () => {
    expect([850, 12_300, 252_000, 11_160_000, 1_036_800_000].map(humanDuration)).toEqual(['850 ms', '12.3 s', '4.2 min', '3.1 h', '12.0 d']);
  });
});
