import { Redis } from 'ioredis';

/**
 * Deletes every Redis key of a namespace (`<namespace>:*`: what ingestion keeps, record ids seen and
 * stats); for tests and benchmarks that ran services on a namespace of their own. Scans in steps, so
 * a large namespace never blocks Redis.
 */
export async function deleteRedisNamespace(url: string, namespace: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${namespace}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}
