import { Kvm } from '@nats-io/kv';
import { keyValueBucketName } from '@sessionscope/contracts';
import { JetStreamConnection } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { initialPartitionState } from '@sessionscope/sessionization/domain';
import { AppError } from '@sessionscope/shared/errors';
import { gzipSync } from 'node:zlib';
import { encodeCheckpoint, PartitionCheckpoints } from './partition-checkpoints';
import { PartitionLeases } from './partition-leases';

/**
 * Leases and checkpoints against the real JetStream key-value store, in the case a busy server makes
 * common: a compare-and-set write that landed while its answer was lost. The instance retries with the
 * revision it knew, the store refuses; the write must count as done, not as another owner's.
 */
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

describe('partition leases and checkpoints, when a write landed but its answer was lost', () => {
  const namespace = uniqueNamespace('own');
  let connection: JetStreamConnection;

  beforeAll(async () => {
    connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'ownership-stores-test' });
  });

  afterAll(async () => {
    await connection.deleteNamespace();
    await connection.close();
  });

  const bucket = (name: 'sessionizationOwners' | 'sessionizationState') => new Kvm(connection.nats).open(keyValueBucketName(namespace, name));

  it('counts a lease write that landed as written, and one written by another instance as lost', async () => {
    const leases = await PartitionLeases.open(connection);
    await leases.leases(1);
    const mine = { owner: 'instance-a', expiresAtMs: 1_800_000_000_000 };
    // The write "landed" before the answer came back: the stored lease is exactly the one being written.
    await (await bucket('sessionizationOwners')).create('partition.0', JSON.stringify(mine));
    expect(await leases.write(0, mine)).toBe(true);
    // The revision it learned is the stored one: the next renewal goes through.
    expect(await leases.write(0, { ...mine, expiresAtMs: mine.expiresAtMs + 10_000 })).toBe(true);

    const stored = await (await bucket('sessionizationOwners')).get('partition.0');
    await (await bucket('sessionizationOwners')).update('partition.0', JSON.stringify({ owner: 'instance-b', expiresAtMs: 1_900_000_000_000 }), stored?.revision ?? 0);
    expect(await leases.write(0, { ...mine, expiresAtMs: mine.expiresAtMs + 20_000 })).toBe(false);
    expect((await leases.leases(1))[0]?.owner).toBe('instance-b');
  });

  it('counts a checkpoint save that landed as saved, and one written by another instance as the partition lost', async () => {
    const checkpoints = await PartitionCheckpoints.open(connection, 'instance-a');
    const state = await checkpoints.load(3);
    expect(state).toEqual(initialPartitionState);
    // The first save of instance-a "landed" before its answer came back: exactly its bytes are stored.
    await (await bucket('sessionizationState')).create('partition-3', encodeCheckpoint(state, 'instance-a:0'));
    await expect(checkpoints.save(3, state)).resolves.toBeUndefined();
    await expect(checkpoints.save(3, { ...state, lastPosition: 7 })).resolves.toBeUndefined();

    const stored = await (await bucket('sessionizationState')).get('partition-3');
    await (await bucket('sessionizationState')).update('partition-3', gzipSync(JSON.stringify({ written: 'by another instance' })), stored?.revision ?? 0);
    const lost = await checkpoints.save(3, state).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(AppError);
    expect((lost as AppError).code).toBe('PARTITION_LOST');
  });

  it('fences an old owner even when the new owner wrote back the very state the old one saves again', async () => {
    const oldOwner = await PartitionCheckpoints.open(connection);
    const state = { ...(await oldOwner.load(5)), lastPosition: 42 };
    await oldOwner.save(5, state);
    // The new owner takes the partition: it loads the checkpoint and writes it back unchanged.
    const newOwner = await PartitionCheckpoints.open(connection);
    const taken = await newOwner.load(5);
    await newOwner.save(5, taken);
    // The old owner, not knowing, saves the same state again (a batch of requests it had applied already).
    const stale = await oldOwner.save(5, state).catch((error: unknown) => error);
    expect((stale as AppError).code).toBe('PARTITION_LOST');
    await expect(newOwner.save(5, { ...taken, lastPosition: 43 })).resolves.toBeUndefined();
  });
});
