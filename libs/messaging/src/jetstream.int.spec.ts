import { createEvent, DomainEvent, subjects } from '@sessionscope/contracts';
import { goldenRequestObserved } from '@sessionscope/contracts/testing';
import { AppError } from '@sessionscope/shared/errors';
import { CheckpointedConsumer, ReceivedEvent } from './checkpointed-consumer';
import { JetStreamConnection } from './jetstream-connection';
import { partitionOf } from './partitioning';
import { uniqueNamespace } from './testing';
import { unpackEvents } from './wire-format';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

function observedEvent(requestId: string): DomainEvent<'RequestObserved'> {
  const { data } = goldenRequestObserved();
  data.request.id = requestId;
  return createEvent('RequestObserved', data, { id: `req:default:${requestId}`, tenant: 'default', correlationId: 'test', occurredAt: '2026-11-24T10:00:00.000Z' });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('JetStream messaging against the real NATS server', () => {
  let connection: JetStreamConnection;
  const namespace = uniqueNamespace('msg');

  beforeAll(async () => {
    connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'test' });
    await connection.ensureStreams();
  });

  afterAll(async () => {
    await connection.deleteNamespace();
    await connection.close();
  });

  /** The name of the cursor a reader made for itself (`<name>-<reader>-<generation>`). */
  async function cursorOf(reader: string): Promise<string> {
    const names: string[] = [];
    for await (const info of connection.manager.consumers.list(connection.streamName('traffic'))) if (info.name.startsWith(`${reader}-`)) names.push(info.name);
    if (names.length !== 1) throw new Error(`expected one cursor of ${reader}, found ${names.join(', ') || 'none'}`);
    return names[0];
  }

  it('creates streams idempotently', async () => {
    await connection.ensureStreams();
    const info = await connection.manager.streams.info(connection.streamName('traffic'));
    expect(info.config.subjects).toEqual([`${namespace}.ingestion.>`]);
  });

  it('stores a retried publish of the same event once', async () => {
    const subject = connection.subject(subjects.requestObserved, 0);
    const event = observedEvent('dup-1');
    await connection.publish([{ subject, event }]);
    await connection.publish([{ subject, event }]);
    const info = await connection.manager.streams.info(connection.streamName('traffic'), { subjects_filter: subject } as never);
    expect(info.state.messages).toBe(1);
  });

  it('keeps a session key on one partition and spreads keys over all partitions', () => {
    expect(partitionOf('abc', 8)).toBe(partitionOf('abc', 8));
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionOf(`key-${i}`, 8)));
    expect([...used].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('delivers in order, retries "unavailable" failures and dead-letters poison messages with the reason', async () => {
    const subject = connection.subject(subjects.requestObserved, 1);
    await connection.publish(['a', 'b', 'c'].map((id) => ({ subject, event: observedEvent(id) })));
    await connection.nats.publish(subject, new TextEncoder().encode('{"not":"an event"}'));
    // Separate publishes, separate messages: a message is the unit that is dead-lettered.
    await connection.publish([{ subject, event: observedEvent('poison') }]);
    await connection.publish([{ subject, event: observedEvent('d') }]);
    await connection.nats.flush();

    const handled: string[] = [];
    let checkpoint = 0;
    let outages = 1;
    const handler = async (batch: ReceivedEvent[]) => {
      const ids = batch.map(({ event }) => (event as DomainEvent<'RequestObserved'>).data.request.id);
      if (outages > 0) {
        outages--;
        throw new AppError('unavailable', 'DOWNSTREAM_DOWN', 'simulated outage');
      }
      if (ids.includes('poison')) throw new AppError('invalid', 'CANNOT_HANDLE', `cannot handle ${ids.join(',')}`);
      handled.push(...ids);
      checkpoint = Math.max(checkpoint, ...batch.map(({ streamSequence }) => streamSequence));
    };
    const consumer = new CheckpointedConsumer(
      connection,
      { stream: 'traffic', name: 'test-p1', filterSubject: subject, batchSize: 10, maxWaitMs: 200, ackWaitMs: 5000, retryDelaysMs: [50], resumeSequence: () => checkpoint + 1 },
      handler,
      quietLogger,
    );
    await consumer.start();
    try {
      await waitFor(() => handled.length >= 4);
      const cursor = await connection.manager.consumers.info(connection.streamName('traffic'), await cursorOf('test-p1'));
      expect(cursor.num_ack_pending + cursor.num_pending).toBe(0);
    } finally {
      await consumer.stop();
    }

    expect(handled).toEqual(['a', 'b', 'c', 'd']);
    const deadSubject = connection.subject(subjects.deadLettered);
    const deadStream = connection.streamName('deadLetters');
    const stored = await Promise.all([1, 2].map((seq) => connection.manager.streams.getMessage(deadStream, { seq })));
    const dead = stored.flatMap((message) => unpackEvents(message?.data ?? new Uint8Array()) as Array<{ id: string; data: { subject: string; error: { code: string; message: string } } }>);
    // One event of a message is named by its hash; a whole message by its stream sequence alone.
    expect(dead[0].id).toMatch(/^dead:[^:]+:test-p1:\d+:[0-9a-f]{16}$/);
    expect(dead[1].id).toMatch(/^dead:[^:]+:test-p1:\d+$/);
    expect(dead.map((event) => event.data.subject)).toEqual([subject, subject]);
    expect(dead[0].data.error.code).toBe('EVENT_CONTRACT_VIOLATION');
    expect(dead[1].data.error).toEqual({ code: 'CANNOT_HANDLE', message: 'cannot handle poison' });
    expect(stored.map((message) => message?.subject)).toEqual([deadSubject, deadSubject]);
    await expect(cursorOf('test-p1')).rejects.toThrow('found none');
  });

  it('stops quietly while a batch waits to be retried; the next reader gets the batch from the checkpoint', async () => {
    const subject = connection.subject(subjects.requestObserved, 2);
    await connection.publish([{ subject, event: observedEvent('waits') }]);
    const options = { stream: 'traffic' as const, name: 'test-p2', filterSubject: subject, batchSize: 10, maxWaitMs: 200, ackWaitMs: 5000, retryDelaysMs: [100], resumeSequence: () => 1 };
    let attempts = 0;
    const stopping = new CheckpointedConsumer(
      connection,
      options,
      async () => {
        attempts++;
        throw new AppError('unavailable', 'PARTITION_LOST', 'another owner took the partition');
      },
      quietLogger,
    );
    await stopping.start();
    await waitFor(() => attempts >= 2);
    // Before the fix, stop() rejected with the handler's error, and nothing caught it.
    await expect(stopping.stop()).resolves.toBeUndefined();
    await expect(cursorOf('test-p2')).rejects.toThrow('found none');

    const handled: string[] = [];
    const next = new CheckpointedConsumer(connection, options, async (batch) => void handled.push(...batch.map(({ event }) => (event as DomainEvent<'RequestObserved'>).data.request.id)), quietLogger);
    await next.start();
    try {
      await waitFor(() => handled.length >= 1);
    } finally {
      await next.stop();
    }
    expect(handled).toEqual(['waits']);
  });

  it('makes a new cursor at the checkpoint when its cursor is removed under it, as the server does after 10 minutes without a pull', async () => {
    const subject = connection.subject(subjects.requestObserved, 5);
    const handled: string[] = [];
    let checkpoint = 0;
    const consumer = new CheckpointedConsumer(
      connection,
      { stream: 'traffic', name: 'test-p5', filterSubject: subject, batchSize: 10, maxWaitMs: 200, ackWaitMs: 5000, retryDelaysMs: [50], resumeSequence: () => checkpoint + 1 },
      async (batch) => {
        handled.push(...batch.map(({ event }) => (event as DomainEvent<'RequestObserved'>).data.request.id));
        checkpoint = Math.max(checkpoint, ...batch.map(({ streamSequence }) => streamSequence));
      },
      quietLogger,
    );
    await consumer.start();
    try {
      await connection.publish([{ subject, event: observedEvent('before') }]);
      await waitFor(() => handled.length >= 1);
      const removed = await cursorOf('test-p5');
      await connection.manager.consumers.delete(connection.streamName('traffic'), removed);
      await connection.publish([{ subject, event: observedEvent('after') }]);
      await waitFor(() => handled.length >= 2);
      expect(await cursorOf('test-p5')).not.toBe(removed);
    } finally {
      await consumer.stop();
    }
    expect(handled).toEqual(['before', 'after']);
  });

  it('reads in stream order from its checkpoint again when a delivery never reaches it, so nothing after a missing message is handled first', async () => {
    const subject = connection.subject(subjects.requestObserved, 3);
    const ids = ['s1', 's2', 's3', 's4', 's5', 's6'];
    for (const id of ids) await connection.publish([{ subject, event: observedEvent(id) }]);
    const handled: string[] = [];
    let checkpoint = 0;
    let releaseFirstBatch!: () => void;
    const firstBatchHeld = new Promise<void>((resolve) => (releaseFirstBatch = resolve));
    let firstBatchStarted = false;
    const handler = async (batch: ReceivedEvent[]) => {
      if (!firstBatchStarted) {
        firstBatchStarted = true;
        await firstBatchHeld;
      }
      handled.push(...batch.map(({ event }) => (event as DomainEvent<'RequestObserved'>).data.request.id));
      checkpoint = Math.max(checkpoint, ...batch.map(({ streamSequence }) => streamSequence));
    };
    const reader = 'test-p3';
    const consumer = new CheckpointedConsumer(
      connection,
      // A long ack wait: the missing message must not come back by redelivery within the test.
      { stream: 'traffic', name: reader, filterSubject: subject, batchSize: 2, maxWaitMs: 200, ackWaitMs: 120_000, retryDelaysMs: [50], resumeSequence: () => checkpoint + 1 },
      handler,
      quietLogger,
    );
    await consumer.start();
    try {
      await waitFor(() => firstBatchStarted);
      // While the first batch is being handled, the server hands the next message to someone else: what a
      // fetch that failed part-way, or a pull answered after it expired, looks like from this loop.
      const streamName = connection.streamName('traffic');
      const cursor = await cursorOf(reader);
      await connection.manager.consumers.update(streamName, cursor, { max_ack_pending: 10 });
      const lost = await (await connection.client.consumers.get(streamName, cursor)).fetch({ max_messages: 1, expires: 2000 });
      const lostIds: string[] = [];
      for await (const message of lost) lostIds.push(...(unpackEvents(message.data) as Array<DomainEvent<'RequestObserved'>>).map((event) => event.data.request.id));
      expect(lostIds).toEqual(['s3']);
      releaseFirstBatch();
      await waitFor(() => handled.length >= ids.length);
    } finally {
      releaseFirstBatch();
      await consumer.stop();
    }
    expect(handled).toEqual(ids);
  }, 30_000);
  it('gives each in-order reader a cursor of its own: an old owner that wakes up after the next one started skips nothing', async () => {
    const subject = connection.subject(subjects.requestObserved, 4);
    const count = 30;
    for (let index = 1; index <= count; index++) await connection.publish([{ subject, event: observedEvent(`o${index}`) }]);
    const options = { stream: 'traffic' as const, name: 'test-p4', filterSubject: subject, batchSize: 5, maxWaitMs: 200, ackWaitMs: 30_000, retryDelaysMs: [50] };
    const idsOf = (batch: ReceivedEvent[]) => batch.map(({ event }) => (event as DomainEvent<'RequestObserved'>).data.request.id);
    const seenByOld: string[] = [];
    const seenByNew: string[] = [];
    let oldCheckpoint = 0;
    let newCheckpoint = 0;
    let wakeOld!: () => void;
    const oldAsleep = new Promise<void>((resolve) => (wakeOld = resolve));
    const oldOwner = new CheckpointedConsumer(
      connection,
      { ...options, resumeSequence: () => oldCheckpoint + 1 },
      async (batch) => {
        seenByOld.push(...idsOf(batch));
        oldCheckpoint = Math.max(oldCheckpoint, ...batch.map(({ streamSequence }) => streamSequence));
        // Stalls after its first batch (a long pause, a network blip) while the next owner takes over.
        if (seenByOld.length === 5) await oldAsleep;
      },
      quietLogger,
    );
    let newOwner: CheckpointedConsumer | undefined;
    await oldOwner.start();
    try {
      await waitFor(() => seenByOld.length >= 5);
      newCheckpoint = oldCheckpoint;
      newOwner = new CheckpointedConsumer(
        connection,
        { ...options, resumeSequence: () => newCheckpoint + 1 },
        async (batch) => {
          seenByNew.push(...idsOf(batch));
          newCheckpoint = Math.max(newCheckpoint, ...batch.map(({ streamSequence }) => streamSequence));
          if (seenByNew.length === 5) {
            // The old owner wakes and pulls while this batch is still unacknowledged: with one shared
            // consumer its pull would be served next, with the deliveries after this batch.
            wakeOld();
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        },
        quietLogger,
      );
      await newOwner.start();
      await waitFor(() => seenByOld.length >= count && seenByNew.length >= count - 5);
    } finally {
      wakeOld();
      await oldOwner.stop();
      await newOwner?.stop();
    }
    const all = Array.from({ length: count }, (_, index) => `o${index + 1}`);
    // Both read every message after their checkpoint, in order: neither took deliveries from the other.
    expect(seenByOld).toEqual(all);
    expect(seenByNew).toEqual(all.slice(5));
    // Stopped readers remove their cursors.
    await expect(cursorOf('test-p4')).rejects.toThrow('found none');
  }, 30_000);
});
