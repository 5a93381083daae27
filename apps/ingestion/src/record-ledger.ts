import type { Redis } from 'ioredis';
import type { RequestObserved } from '@sessionscope/contracts';
import { redisUnavailable } from './redis-connection';

/**
 * Which records a tenant has stored, by record id, for DEDUP_WINDOW_SECONDS: a record sent again in
 * another body (packed into other messages, so JetStream's duplicate window of packs cannot see it)
 * is left out instead of being stored twice.
 *
 * An id is written only after JetStream acknowledged its event, so a failure between the two can
 * only make a record stored twice, never lose one. Two uploads of the same record at the same moment
 * may both find it unseen and both store it: JetStream deduplicates them when they pack alike (the same
 * body retried), and the projections overwrite by request id; only that race gets past the ledger.
 */
export class RecordLedger {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly windowSeconds: number,
  ) {}

  /** The events whose records are not stored yet (the first of repeats within the list), and how many are left out. */
  async unseen(tenant: string, events: RequestObserved[]): Promise<{ fresh: RequestObserved[]; duplicates: number }> {
    if (events.length === 0) return { fresh: [], duplicates: 0 };
    let seen: Array<string | null>;
    try {
      seen = await this.redis.mget(events.map((event) => this.keyOf(tenant, event)));
    } catch (error) {
      throw redisUnavailable(error);
    }
    const fresh: RequestObserved[] = [];
    const ids = new Set<string>();
    events.forEach((event, index) => {
      const id = event.data.request.id;
      if (seen[index] === null && !ids.has(id)) fresh.push(event);
      ids.add(id);
    });
    return { fresh, duplicates: events.length - fresh.length };
  }

  /** Remembers events that JetStream has stored. */
  async markStored(tenant: string, events: RequestObserved[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const event of events) pipeline.set(this.keyOf(tenant, event), '1', 'EX', this.windowSeconds);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }

  /** Tenants are names of a safe alphabet without `:`, so tenant and id cannot run into each other. */
  private keyOf(tenant: string, event: RequestObserved): string {
    return `${this.namespace}:ingestion:seen:${tenant}:${event.data.request.id}`;
  }
}
