import { Kvm, KV } from '@nats-io/kv';
import { PartitionState, initialPartitionState, SavedPartitionState, toSavedState, upcastPartitionState } from '@sessionscope/sessionization/domain';
import { JetStreamConnection } from '@sessionscope/messaging';
import { keyValueBucketName } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * A checkpoint as stored: the partition's state, and which save wrote it (the writer's id and the
 * revision it saved over). Two writers never store the same bytes, so a save whose answer was lost can
 * tell its own write from another's, even from a new owner that wrote the very same state back; a save
 * retried over the same revision (the same batch again) stores the same bytes, and finds them.
 */
export function encodeCheckpoint(state: PartitionState, writtenBy: string): Uint8Array {
  return gzipSync(JSON.stringify({ ...toSavedState(state), writtenBy }));
}

/**
 * Durable state of each partition (its open sessions and the last stream sequence applied), kept in a
 * JetStream key-value bucket. A batch's acks are sent only after its checkpoint is stored, so after a
 * crash the next owner resumes from the checkpoint and skips what it already applied.
 */
export class PartitionCheckpoints {
  /** The revision of each partition's checkpoint as this instance last read or wrote it. */
  private readonly revisions = new Map<number, number>();

  private constructor(
    private readonly bucket: KV,
    private readonly writerId: string,
  ) {}

  /** `writerId` names this writer in what it stores; unique by default. */
  static async open(connection: JetStreamConnection, writerId: string = randomUUID()): Promise<PartitionCheckpoints> {
    const bucket = await new Kvm(connection.nats).create(keyValueBucketName(connection.namespace, 'sessionizationState'), { history: 1 });
    return new PartitionCheckpoints(bucket, writerId);
  }

  async load(partition: number): Promise<PartitionState> {
    const entry = await this.bucket.get(`partition-${partition}`);
    this.revisions.set(partition, entry?.revision ?? 0);
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return initialPartitionState;
    return upcastPartitionState(JSON.parse(gunzipSync(entry.value).toString('utf8')) as SavedPartitionState);
  }

  async save(partition: number, state: PartitionState): Promise<void> {
    // Held requests are named by position, not stored: the stream delivers them again after a restart.
    // Open sessions compress well (repeated field names, IPs, user agents).
    const revision = this.revisions.get(partition) ?? 0;
    const value = encodeCheckpoint(state, `${this.writerId}:${revision}`);
    let written: number;
    try {
      // Compare-and-set: an owner that lost its partition cannot overwrite the checkpoint of the next one.
      written = revision === 0 ? await this.bucket.create(`partition-${partition}`, value) : await this.bucket.update(`partition-${partition}`, value, revision);
    } catch (error) {
      const current = await this.bucket.get(`partition-${partition}`).catch(() => null);
      // The write landed but its answer was lost (a timeout on a busy server): it is done. Only this
      // save's bytes match (see encodeCheckpoint), never a new owner's write-back of the same state.
      if (current && current.revision !== revision && current.operation === 'PUT' && Buffer.from(current.value).equals(value)) {
        this.revisions.set(partition, current.revision);
        return;
      }
      if (current && current.revision !== revision) {
        throw new AppError('conflict', 'PARTITION_LOST', `the checkpoint of partition ${partition} was written by another instance (revision ${current.revision}, this one knew ${revision}): the partition has a new owner`, { cause: error });
      }
      throw new AppError('unavailable', 'CHECKPOINT_NOT_SAVED', `the checkpoint of partition ${partition} (${value.length} bytes, ${state.sessions.size} open sessions) was not stored; if it is too large, raise SESSIONSCOPE_PARTITIONS`, { cause: error });
    }
    this.revisions.set(partition, written);
  }
}
