import { Kvm, KV } from '@nats-io/kv';
import { PartitionState, initialPartitionState, upcastPartitionState } from '@sessionscope/sessionization/domain';
import { JetStreamConnection } from '@sessionscope/messaging';
import { keyValueBucketName } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * Durable state of each partition (its open sessions and the last stream sequence applied), kept in a
 * JetStream key-value bucket. A batch's acks are sent only after its checkpoint is stored, so after a
 * crash the next owner resumes from the checkpoint and skips what it already applied.
 */
export class PartitionCheckpoints {
  private constructor(private readonly bucket: KV) {}

  static async open(connection: JetStreamConnection): Promise<PartitionCheckpoints> {
    const bucket = await new Kvm(connection.nats).create(keyValueBucketName(connection.namespace, 'sessionizationState'), { history: 1 });
    return new PartitionCheckpoints(bucket);
  }

  async load(partition: number): Promise<PartitionState> {
    const entry = await this.bucket.get(`partition-${partition}`);
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return initialPartitionState;
    return upcastPartitionState(JSON.parse(gunzipSync(entry.value).toString('utf8')) as PartitionState);
  }

  async save(partition: number, state: PartitionState): Promise<void> {
    // Open sessions compress well (repeated field names, IPs, user agents).
    const value = gzipSync(JSON.stringify(state));
    try {
      await this.bucket.put(`partition-${partition}`, value);
    } catch (error) {
      throw new AppError('unavailable', 'CHECKPOINT_NOT_SAVED', `the checkpoint of partition ${partition} (${value.length} bytes, ${Object.keys(state.sessions).length} open sessions) was not stored; if it is too large, raise SESSIONSCOPE_PARTITIONS`, { cause: error });
    }
  }
}
