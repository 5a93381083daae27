import { Kvm, KV } from '@nats-io/kv';
import { keyValueBucketName } from '@sessionscope/contracts';
import { JetStreamConnection } from '@sessionscope/messaging';
import { Lease } from '@sessionscope/sessionization/domain';

type StoredLease = Lease & { revision: number };

const memberKey = (id: string) => `member.${id}`;
const leaseKey = (partition: number) => `partition.${partition}`;

/**
 * The shared facts of partition ownership in a JetStream key-value bucket: a heartbeat per instance
 * and a lease per partition. Every write of a lease is a compare-and-set on the revision this instance
 * last read, so two instances can never both believe they won the same partition.
 */
export class PartitionLeases {
  private readonly revisions = new Map<number, number>();

  private constructor(private readonly bucket: KV) {}

  static async open(connection: JetStreamConnection): Promise<PartitionLeases> {
    return new PartitionLeases(await new Kvm(connection.nats).create(keyValueBucketName(connection.namespace, 'sessionizationOwners'), { history: 1 }));
  }

  async heartbeat(me: string, nowMs: number): Promise<void> {
    await this.bucket.put(memberKey(me), JSON.stringify({ heartbeatAtMs: nowMs }));
  }

  async leaveMembers(me: string): Promise<void> {
    await this.bucket.delete(memberKey(me));
  }

  /** Members whose last heartbeat is younger than `maxAgeMs`. */
  async liveMembers(nowMs: number, maxAgeMs: number): Promise<string[]> {
    const live: string[] = [];
    for await (const key of await this.bucket.keys('member.*')) {
      const entry = await this.bucket.get(key);
      if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) continue;
      const { heartbeatAtMs } = entry.json<{ heartbeatAtMs: number }>();
      if (nowMs - heartbeatAtMs < maxAgeMs) live.push(key.slice('member.'.length));
    }
    return live;
  }

  async leases(partitions: number): Promise<Record<number, StoredLease | undefined>> {
    const leases: Record<number, StoredLease | undefined> = {};
    for (let partition = 0; partition < partitions; partition++) {
      const entry = await this.bucket.get(leaseKey(partition));
      if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) {
        this.revisions.set(partition, entry?.revision ?? 0);
        continue;
      }
      leases[partition] = { ...entry.json<Lease>(), revision: entry.revision };
      this.revisions.set(partition, entry.revision);
    }
    return leases;
  }

  /**
   * Frees a lease this owner holds, so the partition can be claimed at once; one that another
   * instance holds by now is left alone.
   */
  async free(partition: number, owner: string): Promise<void> {
    const entry = await this.bucket.get(leaseKey(partition));
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0 || entry.json<Lease>().owner !== owner) return;
    this.revisions.set(partition, entry.revision);
    await this.write(partition, { owner, expiresAtMs: 0 });
  }

  /**
   * Writes the lease if nobody wrote it since this instance read it; false when someone did. A write
   * whose answer was lost (a timeout on a busy server) but which landed counts as written; when the
   * bucket cannot even be read, the error is thrown and the caller's round is retried.
   */
  async write(partition: number, lease: Lease): Promise<boolean> {
    const revision = this.revisions.get(partition) ?? 0;
    const value = JSON.stringify(lease);
    try {
      const written = revision === 0 ? await this.bucket.create(leaseKey(partition), value) : await this.bucket.update(leaseKey(partition), value, revision);
      this.revisions.set(partition, written);
      return true;
    } catch (error) {
      const current = await this.bucket.get(leaseKey(partition)).catch(() => {
        throw new Error(`the lease of partition ${partition} was not written, and cannot be read back`, { cause: error });
      });
      if (current && current.revision !== revision && current.operation === 'PUT' && current.string() === value) {
        this.revisions.set(partition, current.revision);
        return true;
      }
      // Wrong last revision: another instance wrote the lease first.
      this.revisions.delete(partition);
      return false;
    }
  }
}
