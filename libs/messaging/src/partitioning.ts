import { createHash } from 'node:crypto';

/**
 * The partition of the request stream that a session key belongs to. Every request of one session key
 * goes to one partition, and one partition is read by one sessionization instance at a time, so each
 * session's requests are handled in order while partitions are handled in parallel.
 */
export function partitionOf(sessionKeyHash: string, partitions: number): number {
  const digest = createHash('sha1').update(sessionKeyHash).digest();
  return digest.readUInt32BE(0) % partitions;
}
