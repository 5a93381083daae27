import { Kvm, KV } from '@nats-io/kv';
import { PartitionState, initialPartitionState, SavedPartitionState, toSavedState, upcastPartitionState } from '@sessionscope/sessionization/domain';
import { JetStreamConnection } from '@sessionscope/messaging';
import { keyValueBucketName } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { createHash, randomUUID } from 'node:crypto';
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

function decodeCheckpoint(checkpoint: Uint8Array): PartitionState {
  return upcastPartitionState(JSON.parse(gunzipSync(checkpoint).toString('utf8')) as SavedPartitionState);
}

/**
 * Where a checkpoint too large for one key-value entry is: the chunks `partition-<n>.chunk.<sha256>.<i>`,
 * written before the partition's own entry (which holds this, as JSON) is set to point at them. Named
 * by their content: a save retried with the same bytes writes the same keys, and a save of other bytes
 * (another writer, another revision, a retry that decided otherwise) can never touch chunks an entry
 * points at.
 */
type ChunkedCheckpoint = { chunks: { sha256: string; count: number } };

const isGzip = (value: Uint8Array) => value[0] === 0x1f && value[1] === 0x8b;
const chunkPrefix = (partition: number, chunks: ChunkedCheckpoint['chunks']) => `partition-${partition}.chunk.${chunks.sha256}`;
const chunkKey = (partition: number, chunks: ChunkedCheckpoint['chunks'], index: number) => `${chunkPrefix(partition, chunks)}.${index}`;
const sha256Of = (value: Uint8Array) => createHash('sha256').update(value).digest('hex');

/**
 * Durable state of each partition (its open sessions and the last stream sequence applied), kept in a
 * JetStream key-value bucket. A batch's acks are sent only after its checkpoint is stored, so after a
 * crash the next owner resumes from the checkpoint and skips what it already applied.
 *
 * A checkpoint takes about 60 bytes an open session (gzip), and NATS refuses a value over its
 * max_payload (1 MiB by default): one over half of that is written in chunks under keys of their own,
 * and the partition's entry, still written with compare-and-set, points at them. The chunks of the
 * checkpoint it replaced are removed after; a writer that dies between the two leaves one set behind,
 * which nothing reads.
 */
export class PartitionCheckpoints {
  /** The revision of each partition's checkpoint as this instance last read or wrote it. */
  private readonly revisions = new Map<number, number>();
  /** The chunks of each partition's checkpoint as this instance last read or wrote it, if chunked. */
  private readonly chunksOf = new Map<number, ChunkedCheckpoint['chunks']>();

  private constructor(
    private readonly bucket: KV,
    private readonly writerId: string,
    /** Checkpoints up to this size are stored in the partition's entry; larger ones in chunks of it. */
    private readonly chunkBytes: number,
    /**
     * Removes every key under a prefix from the bucket's stream, markers included: each checkpoint's
     * chunks have keys of their own, and a key-value purge would leave a marker for each, for ever.
     */
    private readonly removeKeys: (keyPrefix: string) => Promise<void>,
  ) {}

  /** `writerId` names this writer in what it stores; unique by default. */
  static async open(connection: JetStreamConnection, writerId: string = randomUUID()): Promise<PartitionCheckpoints> {
    const bucketName = keyValueBucketName(connection.namespace, 'sessionizationState');
    const bucket = await new Kvm(connection.nats).create(bucketName, { history: 1 });
    const maxPayloadBytes = connection.nats.info?.max_payload ?? 1024 * 1024;
    // The stream and subjects of a bucket, as the key-value store names them.
    const removeKeys = async (keyPrefix: string) => void (await connection.manager.streams.purge(`KV_${bucketName}`, { filter: `$KV.${bucketName}.${keyPrefix}.>` }));
    return new PartitionCheckpoints(bucket, writerId, Math.floor(maxPayloadBytes / 2), removeKeys);
  }

  async load(partition: number): Promise<PartitionState> {
    // A writer may replace a chunked checkpoint (and remove its chunks) between the two reads: read again.
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      const entry = await this.bucket.get(`partition-${partition}`);
      this.revisions.set(partition, entry?.revision ?? 0);
      this.chunksOf.delete(partition);
      if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return initialPartitionState;
      if (isGzip(entry.value)) return decodeCheckpoint(entry.value);
      const { chunks } = JSON.parse(Buffer.from(entry.value).toString('utf8')) as ChunkedCheckpoint;
      const checkpoint = await this.readChunks(partition, chunks);
      if (checkpoint !== null) {
        this.chunksOf.set(partition, chunks);
        return decodeCheckpoint(checkpoint);
      }
      if (attempt === 5) throw new AppError('unavailable', 'CHECKPOINT_INCOMPLETE', `the checkpoint of partition ${partition} pointed at chunks that were gone, five times in a row`);
    }
  }

  async save(partition: number, state: PartitionState): Promise<void> {
    // Held requests are named by position, not stored: the stream delivers them again after a restart.
    // Open sessions compress well (repeated field names, IPs, user agents).
    const revision = this.revisions.get(partition) ?? 0;
    const writtenBy = `${this.writerId}:${revision}`;
    const checkpoint = encodeCheckpoint(state, writtenBy);
    const chunks = checkpoint.length <= this.chunkBytes ? null : await this.writeChunks(partition, checkpoint);
    const value = chunks === null ? checkpoint : Buffer.from(JSON.stringify({ chunks } satisfies ChunkedCheckpoint));
    try {
      this.revisions.set(partition, await this.writeEntry(partition, value, revision, state));
    } catch (error) {
      // Only a partition lost for certain leaves the chunks unread; after an unknown outcome the entry
      // may point at them, and a retry of this save writes the same chunks and finds its entry.
      if (chunks && error instanceof AppError && error.code === 'PARTITION_LOST') await this.removeChunks(partition, chunks);
      throw error;
    }
    // The chunks of the checkpoint this one replaced are read by nobody now.
    const replaced = this.chunksOf.get(partition);
    if (replaced) await this.removeChunks(partition, replaced);
    if (chunks) this.chunksOf.set(partition, chunks);
    else this.chunksOf.delete(partition);
  }

  /** Compare-and-set of the partition's entry; resolves with the revision written. */
  private async writeEntry(partition: number, value: Uint8Array, revision: number, state: PartitionState): Promise<number> {
    try {
      // Compare-and-set: an owner that lost its partition cannot overwrite the checkpoint of the next one.
      return revision === 0 ? await this.bucket.create(`partition-${partition}`, value) : await this.bucket.update(`partition-${partition}`, value, revision);
    } catch (error) {
      const current = await this.bucket.get(`partition-${partition}`).catch(() => null);
      // The write landed but its answer was lost (a timeout on a busy server): it is done. Only this
      // save's bytes match (see encodeCheckpoint), never a new owner's write-back of the same state.
      if (current && current.revision !== revision && current.operation === 'PUT' && Buffer.from(current.value).equals(value)) return current.revision;
      if (current && current.revision !== revision) {
        throw new AppError('conflict', 'PARTITION_LOST', `the checkpoint of partition ${partition} was written by another instance (revision ${current.revision}, this one knew ${revision}): the partition has a new owner`, { cause: error });
      }
      throw new AppError('unavailable', 'CHECKPOINT_NOT_SAVED', `the checkpoint of partition ${partition} (${value.length} bytes, ${state.sessions.size} open sessions) was not stored`, { cause: error });
    }
  }

  private async writeChunks(partition: number, checkpoint: Uint8Array): Promise<ChunkedCheckpoint['chunks']> {
    const chunks = { sha256: sha256Of(checkpoint), count: Math.ceil(checkpoint.length / this.chunkBytes) };
    try {
      for (let index = 0; index < chunks.count; index++) await this.bucket.put(chunkKey(partition, chunks, index), checkpoint.subarray(index * this.chunkBytes, (index + 1) * this.chunkBytes));
    } catch (error) {
      throw new AppError('unavailable', 'CHECKPOINT_NOT_SAVED', `the checkpoint of partition ${partition} (${checkpoint.length} bytes in ${chunks.count} chunks) was not stored`, { cause: error });
    }
    return chunks;
  }

  /** The checkpoint in these chunks, or null when one is gone (replaced meanwhile) or they do not match. */
  private async readChunks(partition: number, chunks: ChunkedCheckpoint['chunks']): Promise<Uint8Array | null> {
    const parts: Uint8Array[] = [];
    for (let index = 0; index < chunks.count; index++) {
      const entry = await this.bucket.get(chunkKey(partition, chunks, index));
      if (!entry || entry.operation !== 'PUT') return null;
      parts.push(entry.value);
    }
    const checkpoint = Buffer.concat(parts);
    return sha256Of(checkpoint) === chunks.sha256 ? checkpoint : null;
  }

  /** Best effort: chunks left behind take space, nothing reads them. */
  private async removeChunks(partition: number, chunks: ChunkedCheckpoint['chunks']): Promise<void> {
    await this.removeKeys(chunkPrefix(partition, chunks)).catch(() => undefined);
  }
}
