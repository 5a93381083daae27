import { RequestObserved } from '@sessionscope/contracts';
import { anObservedRequest } from '@sessionscope/contracts/testing';
import { tallyBatch, toRequestObserved } from '@sessionscope/ingestion/domain';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { deleteRedisNamespace } from '@sessionscope/stack';
import { Redis } from 'ioredis';
import { IngestionStatsStore } from './ingestion-stats.store';
import { RecordLedger } from './record-ledger';
import { connectRedis } from './redis-connection';

/**
 * The ledger of stored record ids and the stats counters against the real Redis of the local stack
 * (127.0.0.1:6379, or REDIS_URL), each run under its own namespace, whose keys are removed at the end.
 */
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const namespace = uniqueNamespace('redis');

function anEvent(id: string, overrides: Parameters<typeof anObservedRequest>[0] = {}): RequestObserved {
  return toRequestObserved(anObservedRequest({ id, ...overrides }), { point: 'ip', hash: 'h' }, { tenant: 'acme', correlationId: 'c', now: '2026-11-24T10:00:00.000Z' });
}

describe('Redis stores of ingestion', () => {
  let redis: Redis;
  let other: Redis;

  beforeAll(async () => {
    redis = await connectRedis(redisUrl, 'ingestion-int-test');
    other = await connectRedis(redisUrl, 'ingestion-int-test-2');
  });

  afterAll(async () => {
    await Promise.all([redis.quit(), other.quit()]);
    await deleteRedisNamespace(redisUrl, namespace);
  });

  describe('RecordLedger', () => {
    it('given records stored by one instance, when another sees them again, then they are duplicates, per tenant', async () => {
      const first = new RecordLedger(redis, namespace, 3600);
      const second = new RecordLedger(other, namespace, 3600);
      const stored = [anEvent('a'), anEvent('b')];
      expect(await first.unseen('acme', stored)).toEqual({ fresh: stored, duplicates: 0 });
      await first.markStored('acme', stored);

      const again = [anEvent('b'), anEvent('c'), anEvent('c')];
      const { fresh, duplicates } = await second.unseen('acme', again);
      expect(fresh.map((event) => event.data.request.id)).toEqual(['c']);
      expect(duplicates).toBe(2);
      expect((await second.unseen('globex', [anEvent('a')])).duplicates).toBe(0);
    });

    it('given records checked but not yet marked (their publish failed), when sent again, then they are still fresh: nothing is lost', async () => {
      const ledger = new RecordLedger(redis, namespace, 3600);
      const events = [anEvent('unacked-1')];
      await ledger.unseen('acme', events);
      expect((await ledger.unseen('acme', events)).fresh).toEqual(events);
    });

    it('remembers an id for the dedup window only', async () => {
      await new RecordLedger(redis, namespace, 120).markStored('acme', [anEvent('ttl-1')]);
      const ttlSeconds = await redis.ttl(`${namespace}:ingestion:seen:acme:ttl-1`);
      expect(ttlSeconds).toBeGreaterThan(100);
      expect(ttlSeconds).toBeLessThanOrEqual(120);
    });

    it('given Redis unreachable, when checking, then it fails as unavailable (503), not as a bug', async () => {
      const gone = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false });
      await expect(new RecordLedger(gone, namespace, 60).unseen('acme', [anEvent('x')])).rejects.toMatchObject({ kind: 'unavailable', code: 'REDIS_UNAVAILABLE' });
      gone.disconnect();
    });
  });

  describe('IngestionStatsStore', () => {
    it('given two instances counting for one tenant, when read, then counts add up, maxima are the largest and the start is the first', async () => {
      const receivedAt = '2026-11-24T10:00:00.000Z';
      const one = new IngestionStatsStore(redis, namespace);
      const two = new IngestionStatsStore(other, namespace);
      await one.add(
        'acme',
        tallyBatch({ events: [anEvent('s1', { timestamp: '2026-11-24T09:59:00.000Z' })], rejections: [{ line: 2, field: 'status', message: 'bad' }] }, { source: 'traffic', receivedAt }),
        receivedAt,
      );
      await two.add(
        'acme',
        tallyBatch(
          { events: [anEvent('s2', { timestamp: '2026-11-24T09:58:00.000Z', status: null }), anEvent('s3', { timestamp: '2026-11-24T10:00:02.000Z' })], rejections: [], duplicates: 4 },
          { source: 'traffic', receivedAt },
        ),
        '2026-11-24T10:05:00.000Z',
      );
      await one.add('acme', tallyBatch({ events: [], rejections: [] }, { source: 'traffic', receivedAt: '2026-11-24T09:00:00.000Z' }), '2026-11-24T09:00:00.000Z');
      expect(await one.read('acme')).toEqual({
        tenant: 'acme',
        since: receivedAt,
        lastReceivedAt: receivedAt,
        records: { total: 3, bySource: { traffic: { ndjson: 3 } } },
        rejections: { total: 1, byReason: { status: 1 } },
        skipped: { total: 0, byReason: {} },
        duplicates: 4,
        withoutResponse: 1,
        clockSkew: { samples: 3, meanMs: Math.round((60_000 + 120_000 - 2000) / 3), maxAheadMs: 2000, maxBehindMs: 120_000 },
      });
      expect((await two.read('globex')).records.total).toBe(0);
    });
  });
});
