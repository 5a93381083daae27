import type { Redis } from 'ioredis';
import { CounterIncrements, IngestionStats, sinceField, statsFromCounters } from '@sessionscope/ingestion/domain';
import { redisUnavailable } from './redis-connection';

/** Raises hash fields to the given values where they are lower or absent (ARGV: field, value, ...). */
const raiseScript = `
for i = 1, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]))
  if current == nil or tonumber(ARGV[i + 1]) > current then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 1`;

/**
 * The ingestion counters of each tenant, one Redis hash per tenant under the namespace, so that every
 * ingestion instance adds to the same counters.
 */
export class IngestionStatsStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async add(tenant: string, increments: CounterIncrements, now: string): Promise<void> {
    const key = this.keyOf(tenant);
    const pipeline = this.redis.pipeline().hsetnx(key, sinceField, now);
    for (const [field, by] of Object.entries(increments.add)) pipeline.hincrby(key, field, by);
    for (const [field, by] of Object.entries(increments.sum)) pipeline.hincrbyfloat(key, field, by);
    const maxima = Object.entries(increments.max).flatMap(([field, value]) => [field, String(value)]);
    if (maxima.length > 0) pipeline.eval(raiseScript, 1, key, ...maxima);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }

  async read(tenant: string): Promise<IngestionStats> {
    try {
      return statsFromCounters(tenant, await this.redis.hgetall(this.keyOf(tenant)));
    } catch (error) {
      throw redisUnavailable(error);
    }
  }

  private keyOf(tenant: string): string {
    return `${this.namespace}:ingestion:stats:${tenant}`;
  }
}
