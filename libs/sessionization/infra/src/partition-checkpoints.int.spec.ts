import { Kvm } from '@nats-io/kv';
import { keyValueBucketName } from '@sessionscope/contracts';
import { JetStreamConnection } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { initialPartitionState, OpenSession, PartitionState } from '@sessionscope/sessionization/domain';
import { AppError } from '@sessionscope/shared/errors';
import { PartitionCheckpoints } from './partition-checkpoints';

/**
 * Checkpoints larger than one key-value entry may be (NATS refuses values over its max_payload, 1 MiB
 * by default), against the real JetStream key-value store.
 */
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const userAgents = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'ShopApp/4.2.1 (Android 14; Pixel 8)', 'okhttp/4.12.0'];

/** A partition with `count` open sessions, about 60 bytes each once compressed. */
function stateWith(count: number, lastPosition: number): PartitionState {
  const sessions = new Map<string, OpenSession>();
  for (let index = 0; index < count; index++) {
    const startMs = 1_764_000_000_000 + index * 37;
    sessions.set(`default|shop|key-${index.toString(36)}-${((index * 2_654_435_761) % 4_294_967_296).toString(16)}`, {
      sessionId: `s-${index.toString(16).padStart(8, '0')}${((index * 40_503) % 65_536).toString(16)}`,
      tenant: 'default',
      application: 'shop',
      keyPoint: 'cookie:sid',
      firstSeenMs: startMs,
      lastSeenMs: startMs + 60_000,
      partStartMs: startMs,
      requestCount: 1 + (index % 9),
      clientIps: [`203.0.${(index >> 8) & 255}.${index & 255}`],
      userAgents: [userAgents[index % userAgents.length]],
      hosts: ['shop.example.com'],
      user: index % 3 === 0 ? null : `user-${index}`,
      roles: index % 3 === 0 ? [] : ['customer'],
      previousPartId: null,
      attackCount: 0,
      attackTypes: [],
      touchedAtWatermarkMs: startMs + 60_000,
    });
  }
  return { ...initialPartitionState, lastPosition, sessions };
}

describe('partition checkpoints larger than one key-value entry', () => {
  const namespace = uniqueNamespace('ckpt');
  let connection: JetStreamConnection;

  beforeAll(async () => {
    connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'partition-checkpoints-test' });
  });

  afterAll(async () => {
    await connection.deleteNamespace();
    await connection.close();
  });

  async function stored(partition: number): Promise<{ entry: Uint8Array | undefined; chunkKeys: string[] }> {
    const bucket = await new Kvm(connection.nats).open(keyValueBucketName(namespace, 'sessionizationState'));
    const chunkKeys: string[] = [];
    for await (const key of await bucket.keys(`partition-${partition}.chunk.>`)) chunkKeys.push(key);
    return { entry: (await bucket.get(`partition-${partition}`))?.value, chunkKeys: chunkKeys.sort() };
  }

  /** The subjects under a partition's chunks that hold any message in the bucket's stream, markers included. */
  async function chunkSubjects(partition: number): Promise<string[]> {
    const bucketName = keyValueBucketName(namespace, 'sessionizationState');
    const stream = await connection.manager.streams.info(`KV_${bucketName}`, { subjects_filter: `$KV.${bucketName}.partition-${partition}.chunk.>` });
    return Object.keys(stream.state.subjects ?? {});
  }

  it('stores 40,000 open sessions in chunks, loads them whole, and removes the chunks each save replaces', async () => {
    const writer = await PartitionCheckpoints.open(connection);
    await writer.load(0);
    const big = stateWith(40_000, 10);
    await writer.save(0, big);
    const first = await stored(0);
    // Over 1 MB compressed, in chunks of half the server's max_payload; the entry points at them.
    expect(first.chunkKeys.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(Buffer.from(first.entry ?? []).toString('utf8'))).toMatchObject({ chunks: { count: first.chunkKeys.length } });
    expect(await chunkSubjects(0)).toHaveLength(first.chunkKeys.length);
    const loaded = await (await PartitionCheckpoints.open(connection)).load(0);
    expect(loaded.lastPosition).toBe(10);
    expect(loaded.sessions.size).toBe(40_000);
    expect([...loaded.sessions.entries()].slice(-2)).toEqual([...big.sessions.entries()].slice(-2));

    await writer.save(0, { ...big, lastPosition: 11 });
    const second = await stored(0);
    expect(second.chunkKeys).toHaveLength(first.chunkKeys.length);
    expect(second.chunkKeys.some((key) => first.chunkKeys.includes(key))).toBe(false);

    // A small checkpoint goes back into the entry, and the last chunks go, leaving no marker behind.
    await writer.save(0, stateWith(10, 12));
    const third = await stored(0);
    expect(third.chunkKeys).toEqual([]);
    expect(await chunkSubjects(0)).toEqual([]);
    expect((await (await PartitionCheckpoints.open(connection)).load(0)).lastPosition).toBe(12);
  });

  it('fences an old owner of a chunked checkpoint, and removes the chunks it wrote in vain', async () => {
    const oldOwner = await PartitionCheckpoints.open(connection);
    await oldOwner.load(1);
    await oldOwner.save(1, stateWith(30_000, 20));
    const newOwner = await PartitionCheckpoints.open(connection);
    const resumed = await newOwner.load(1);
    await newOwner.save(1, resumed);
    const afterWriteBack = await stored(1);

    const lost = await oldOwner.save(1, stateWith(30_001, 21)).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(AppError);
    expect((lost as AppError).code).toBe('PARTITION_LOST');
    // Only the new owner's chunks are left, and they still load.
    expect((await stored(1)).chunkKeys).toEqual(afterWriteBack.chunkKeys);
    expect((await (await PartitionCheckpoints.open(connection)).load(1)).sessions.size).toBe(30_000);
  });
  it('keeps a landed checkpoint loadable when a retry of the same save, deciding otherwise, finds it', async () => {
    // The first attempt landed, but its answer was lost: the same writer, at the revision both knew.
    const landed = await PartitionCheckpoints.open(connection, 'writer-x');
    const retrying = await PartitionCheckpoints.open(connection, 'writer-x');
    await retrying.load(2);
    await landed.load(2);
    await landed.save(2, stateWith(30_000, 40));
    const outcome = await retrying.save(2, stateWith(30_000, 41)).catch((error: unknown) => error);
    expect((outcome as AppError).code).toBe('PARTITION_LOST');
    const loaded = await (await PartitionCheckpoints.open(connection)).load(2);
    expect(loaded.lastPosition).toBe(40);
    expect(loaded.sessions.size).toBe(30_000);
  });
});
