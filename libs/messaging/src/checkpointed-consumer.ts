import { Consumer, JsMsg } from '@nats-io/jetstream';
import { createEvent, DomainEvent, parseEvent, subjects } from '@sessionscope/contracts';
import { AppError, describeError } from '@sessionscope/shared/errors';
import { createHash, randomBytes } from 'node:crypto';
import { JetStreamConnection, StreamKey } from './jetstream-connection';
import { positionOf, unpackEvents } from './wire-format';

/** An event as delivered; `position` orders events across and inside messages (see positionOf). */
export type ReceivedEvent = {
  event: DomainEvent;
  subject: string;
  streamSequence: number;
  position: number;
  /** When JetStream stored the message (ms since epoch): the same at every delivery. */
  storedAtMs: number;
  deliveryCount: number;
};

/**
 * Handles a batch all-or-nothing: it either succeeds for every event (they are then acknowledged) or
 * throws and leaves no effect behind. An AppError of kind 'unavailable' means "try again later"; any other
 * error means one of the events can never succeed, and the consumer isolates it and dead-letters it.
 */
export type BatchHandler = (batch: ReceivedEvent[]) => Promise<void>;

export type Logger = { log(message: string): void; warn(message: string): void; error(message: string): void };

export type CheckpointedConsumerOptions = {
  stream: StreamKey;
  /** Names the reader in logs and dead letters, and begins the names of its cursors. */
  name: string;
  filterSubject: string;
  /** Messages per batch (each message packs up to packLimits.maxEventsPerMessage events). */
  batchSize: number;
  /** How long a fetch waits for messages when none are waiting (the client takes at least 1000). */
  maxWaitMs: number;
  /** Redelivery within a cursor after this long without an ack. */
  ackWaitMs: number;
  /** Pauses between attempts while the handler reports 'unavailable'; the last one repeats. */
  retryDelaysMs: number[];
  /** The stream sequence to read from next: the one after the handler's checkpoint. */
  resumeSequence: () => number;
};

export function defaultConsumerOptions(): Pick<CheckpointedConsumerOptions, 'batchSize' | 'maxWaitMs' | 'ackWaitMs' | 'retryDelaysMs'> {
  return { batchSize: 10, maxWaitMs: 1000, ackWaitMs: 30_000, retryDelaysMs: [200, 1000, 5000, 15_000, 30_000] };
}

const encoder = new TextEncoder();
const storedAtMsOf = (message: JsMsg) => Math.floor(message.info.timestampNanos / 1e6);
const isRetryable = (error: unknown) => error instanceof AppError && error.kind === 'unavailable';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long a cursor outlives its reader's last pull (a reader waiting out retries pulls nothing). */
const cursorInactiveMs = 10 * 60_000;

/**
 * Reads messages for a handler that keeps its own checkpoint and must see every message once, in
 * stream order: fetch a batch, parse every message with the contracts, hand the batch over, acknowledge.
 * Poison messages (not an event, or refused by the handler for good) go to the dead-letter subject with
 * the reason, and are acknowledged there.
 *
 * The JetStream consumer is only this reader's cursor, not a durable shared with others: it has a name
 * of its own (`<name>-<reader>-<generation>`), so another reader of the same messages (the next owner of
 * a partition) never takes deliveries from it, and the server removes it once unused (a reader that died
 * leaves nothing behind). A new cursor is made at `resumeSequence()` at start and whenever a delivery may
 * have gone missing: a failed fetch (one that missed its heartbeats on a busy machine, a cursor the server
 * removed), or a gap in the cursor's delivery sequence (a message the server sent that never reached this
 * loop). Waiting for the redelivery instead would let newer messages through first. The client's ordered
 * consumer recreates itself the same way, but it has no acks: a batch the handler must retry would not
 * stay this reader's meanwhile.
 */
export class CheckpointedConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly readerId = randomBytes(4).toString('hex');
  private generation = 0;
  private cursorName: string | null = null;
  /** The delivery sequence the next message must carry; a new cursor starts at 1. */
  private nextDeliverySequence = 1;

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly options: CheckpointedConsumerOptions,
    private readonly handle: BatchHandler,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const cursor = await this.newCursor();
    this.running = true;
    this.loop = this.run(cursor);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    if (this.cursorName) await this.connection.deleteConsumer(this.options.stream, this.cursorName).catch((error: unknown) => this.logger.warn(`${this.cursorName}: not removed (the server removes it when unused): ${describeError(error)}`));
  }

  /** Removes the current cursor and makes one at the handler's resume point, under a new name. */
  private async newCursor(): Promise<Consumer> {
    const { stream, name, filterSubject, batchSize, ackWaitMs, resumeSequence } = this.options;
    // A new name: a pull still open on the old cursor cannot deliver into the new one.
    if (this.cursorName) await this.connection.deleteConsumer(stream, this.cursorName);
    this.cursorName = `${name}-${this.readerId}-${++this.generation}`;
    await this.connection.createCursorConsumer({ stream, name: this.cursorName, filterSubject, startSequence: resumeSequence(), maxAckPending: batchSize, ackWaitMs, inactiveMs: cursorInactiveMs });
    this.nextDeliverySequence = 1;
    return this.connection.client.consumers.get(this.connection.streamName(stream), this.cursorName);
  }

  private async run(initial: Consumer): Promise<void> {
    let cursor: Consumer | null = initial;
    while (this.running && cursor) {
      let reason: string | null = null;
      try {
        const messages = await this.fetch(cursor);
        if (!this.running) return;
        const inOrder = this.takeWithoutGap(messages);
        if (inOrder.length > 0) await this.handleBatch(inOrder);
        if (inOrder.length < messages.length) reason = `delivery ${this.nextDeliverySequence} went missing`;
      } catch (error) {
        if (!this.running) return;
        // What was received and not handled goes with the old cursor; the new one delivers it again.
        reason = describeError(error);
        await sleep(1000);
      }
      if (reason !== null) cursor = await this.replaceCursor(reason);
    }
  }

  private async fetch(cursor: Consumer): Promise<JsMsg[]> {
    // A fetch returns when its batch is full or when it expires; ask for what is already waiting, so a
    // backlog smaller than a batch is handled at once, and wait only when nothing is.
    const waiting = (await cursor.info(false)).num_pending;
    const batch = waiting > 0 ? Math.min(waiting, this.options.batchSize) : this.options.batchSize;
    const messages: JsMsg[] = [];
    for await (const message of await cursor.fetch({ max_messages: batch, expires: Math.max(this.options.maxWaitMs, 1000) })) messages.push(message);
    return messages;
  }

  /** The messages up to the first gap in the delivery sequence: nothing after a missing one is handled. */
  private takeWithoutGap(messages: JsMsg[]): JsMsg[] {
    let taken = 0;
    while (taken < messages.length && messages[taken].info.deliverySequence === this.nextDeliverySequence) {
      this.nextDeliverySequence++;
      taken++;
    }
    return messages.slice(0, taken);
  }

  /** A new cursor at the resume point, retried until it is made; null once stopped. */
  private async replaceCursor(reason: string): Promise<Consumer | null> {
    while (this.running) {
      try {
        const cursor = await this.newCursor();
        this.logger.warn(`${this.options.name}: ${reason}; reading again in stream order from the checkpoint (cursor ${this.cursorName})`);
        return cursor;
      } catch (error) {
        this.logger.warn(`${this.options.name}: cannot make a new cursor, retrying: ${describeError(error)}`);
        await sleep(1000);
      }
    }
    return null;
  }

  private async handleBatch(messages: JsMsg[]): Promise<void> {
    const accepted: Array<{ message: JsMsg; received: ReceivedEvent[] }> = [];
    for (const message of messages) {
      let items: unknown[];
      try {
        items = unpackEvents(message.data);
      } catch (error) {
        await this.deadLetter(message, new AppError('invalid', 'NOT_JSON', 'the message is not JSON', { cause: error }));
        message.ack();
        continue;
      }
      const received: ReceivedEvent[] = [];
      for (const [index, item] of items.entries()) {
        try {
          received.push({ event: parseEvent(item), subject: message.subject, streamSequence: message.seq, position: positionOf(message.seq, index), storedAtMs: storedAtMsOf(message), deliveryCount: message.info.deliveryCount });
        } catch (error) {
          await this.deadLetter(message, error, encoder.encode(JSON.stringify(item)));
        }
      }
      accepted.push({ message, received });
    }
    if (accepted.length === 0) return;
    const outcome = await this.attempt(accepted);
    // Stopped while waiting to retry: not acknowledged; the next reader starts from the checkpoint.
    if (outcome === 'stopped') return;
    if (outcome === 'done') {
      for (const { message } of accepted) message.ack();
      return;
    }
    // Something in the batch can never succeed: find it by handling one message at a time, in order.
    for (const item of accepted) {
      const single = await this.attempt([item]);
      if (single === 'stopped') return;
      if (single !== 'done') await this.deadLetter(item.message, single.error);
      item.message.ack();
    }
  }

  /** Runs the handler until it succeeds or fails for good; waits out 'unavailable' errors. */
  private async attempt(items: Array<{ message: JsMsg; received: ReceivedEvent[] }>): Promise<'done' | 'stopped' | { error: unknown }> {
    const events = items.flatMap((item) => item.received);
    if (events.length === 0) return 'done';
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handle(events);
        return 'done';
      } catch (error) {
        if (!isRetryable(error)) return { error };
        const delayMs = this.options.retryDelaysMs[Math.min(attempt, this.options.retryDelaysMs.length - 1)];
        this.logger.warn(`${this.options.name}: ${describeError(error)}; retrying in ${delayMs} ms`);
        // Keep the messages ours while we wait, so they are not redelivered out of order meanwhile.
        for (const { message } of items) message.working();
        await sleep(delayMs);
        if (!this.running) return 'stopped';
      }
    }
  }

  /** Stores the message (or one event of it) with the reason on the dead-letter subject; the caller acks. */
  private async deadLetter(message: JsMsg, error: unknown, oneEvent?: Uint8Array): Promise<void> {
    const code = error instanceof AppError || (error as { code?: string })?.code ? String((error as { code: string }).code) : 'HANDLER_FAILED';
    const streamSequence = message.seq;
    // `message.data` is a new view at every read, so "one event or the whole message" is said, not compared.
    const payload = oneEvent ?? message.data;
    const part = oneEvent ? `:${createHash('sha256').update(oneEvent).digest('hex').slice(0, 16)}` : '';
    const event = createEvent(
      'MessageDeadLettered',
      {
        stream: message.info.stream,
        consumer: this.options.name,
        subject: message.subject,
        streamSequence,
        deliveryCount: message.info.deliveryCount,
        error: { code, message: describeError(error) },
        payloadBase64: Buffer.from(payload).toString('base64'),
      },
      { id: `dead:${message.info.stream}:${this.options.name}:${streamSequence}${part}`, tenant: 'system', correlationId: `${message.info.stream}:${streamSequence}`, occurredAt: new Date().toISOString() },
    );
    await this.connection.publish([{ subject: this.connection.subject(subjects.deadLettered), event }]);
    this.logger.error(`${this.options.name}: dead-lettered ${part ? 'an event of ' : ''}${message.subject} #${streamSequence}: ${describeError(error)}`);
  }
}
