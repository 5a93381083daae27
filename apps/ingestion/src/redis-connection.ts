import { Redis } from 'ioredis';
import { AppError } from '@sessionscope/shared/errors';

/** Nest injection token of the ingestion's Redis client (record ids seen, ingestion stats). */
export const INGESTION_REDIS = Symbol('INGESTION_REDIS');

/**
 * A Redis client that fails a command at once while disconnected instead of queueing it: ingestion
 * then answers 503 and the sender retries, rather than holding requests open.
 */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name });
  // ioredis reconnects by itself; without a listener an 'error' event would crash the process.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new AppError('unavailable', 'REDIS_UNAVAILABLE', `cannot connect to Redis at ${url.replace(/\/\/[^/@]*@/, '//***@')}`, { cause: error });
  }
}

export function redisUnavailable(error: unknown): AppError {
  return new AppError('unavailable', 'REDIS_UNAVAILABLE', 'Redis did not answer; nothing of this request was stored, send it again', { cause: error });
}
