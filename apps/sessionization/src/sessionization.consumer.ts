import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createEvent, subjects } from '@sessionscope/contracts';
import { CheckpointedConsumer, JetStreamConnection, ReceivedEvent, defaultConsumerOptions, sequenceOfPosition } from '@sessionscope/messaging';
import { decide, holdExpiresAtMs, PartitionState, resumePositionOf, SessionizationEvent, SessionizationSettings, SessionizerInput } from '@sessionscope/sessionization/domain';
import { describeRefusedDocuments, ProjectionTargets, projectEvents, SearchClient } from '@sessionscope/search';
import { AppError } from '@sessionscope/shared/errors';
import { PartitionCheckpoints } from '@sessionscope/sessionization/infra';

const subjectOfEvent: Record<SessionizationEvent['type'], string> = {
  RequestAssignedToSession: subjects.requestAssigned,
  SessionOpened: subjects.sessionOpened,
  SessionUpdated: subjects.sessionUpdated,
  SessionClosed: subjects.sessionClosed,
};

/**
 * Sessionizes one partition: decide, publish the events, project them, save the checkpoint; the consumer
 * then acknowledges. The projection is written here, by the writer of the events, rather than by a
 * second consumer of the stream: it saves reading and parsing every event again, which was half of
 * this service's CPU. A crash between any two steps repeats the batch from the checkpoint with the same
 * decisions, the same event ids (deduplicated by JetStream) and the same document ids (overwritten).
 * `sessionscope replay` rebuilds the projection from the stream.
 */
export class PartitionSessionizer {
  private readonly logger: Logger;
  private state!: PartitionState;
  private consumer!: CheckpointedConsumer;
  /** Batches run one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private ticker: NodeJS.Timeout | null = null;
  /**
   * The stream's clock as this worker can tell it: the stored time of the newest message handled, and
   * when (monotonic clock) it was handled. Stored times are the NATS server's clock; reading time passed
   * on this host's monotonic clock keeps a skew between the two clocks out of the ticks.
   */
  private newestStoredAtMs = 0;
  private newestHandledAtMs = 0;
  /** When this worker last wrote a tick (monotonic clock), and whether one is being written. */
  private tickWrittenAtMs = -Infinity;
  private tickInFlight = false;

  constructor(
    private readonly partition: number,
    private readonly connection: JetStreamConnection,
    private readonly checkpoints: PartitionCheckpoints,
    private readonly settings: SessionizationSettings,
    private readonly batchSize: number,
    private readonly projection: { search: SearchClient; targets: ProjectionTargets } | null,
    /** Called when another instance took the partition over (its checkpoint moved on): stop this worker. */
    private readonly onLost: (partition: number) => void = () => undefined,
  ) {
    this.logger = new Logger(`Sessionizer p${partition}`);
  }

  async start(): Promise<void> {
    this.state = await this.checkpoints.load(this.partition);
    // Written back at once (compare-and-set): from now on a previous owner still at work cannot store
    // its checkpoint over this one; it learns that it lost the partition and stops.
    await this.checkpoints.save(this.partition, this.state);
    // Versions before per-reader cursors read through one durable consumer per partition: gone now.
    await this.connection.deleteConsumer('traffic', `sessionizer-p${this.partition}`);
    this.consumer = new CheckpointedConsumer(
      this.connection,
      {
        ...defaultConsumerOptions(),
        stream: 'traffic',
        name: `sessionizer-p${this.partition}`,
        filterSubject: this.connection.subject(subjects.requestObserved, this.partition),
        batchSize: this.batchSize,
        // Read in stream order from the checkpoint's first held request; decide skips what it applied.
        resumeSequence: () => sequenceOfPosition(resumePositionOf(this.state)),
      },
      (batch) => this.enqueue(batch),
      this.logger,
    );
    await this.consumer.start();
    // Requests in the reorder buffer go through once a message stored the hold time after them comes.
    // Live traffic brings such messages; a partition without new traffic gets a tick written into its
    // stream (ReorderHoldExpired) once the clock says the oldest held request waited.
    this.ticker = setInterval(() => void this.writeTickWhenDue(), Math.min(Math.max(this.settings.maxHoldMs / 5, 100), 1000));
    this.logger.log(`resumed at stream position ${resumePositionOf(this.state)} with ${this.state.sessions.size} open sessions`);
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    await this.consumer?.stop().catch((error: unknown) => this.logger.warn(`stopping the consumer: ${(error as Error).message}`));
    await this.queue.catch(() => undefined);
  }

  private async writeTickWhenDue(): Promise<void> {
    const dueAtMs = holdExpiresAtMs(this.state, this.settings.maxHoldMs);
    const nowMs = performance.now();
    // The stream's time now, as far as this worker knows: behind a backlog it is the backlog's time, so a
    // lagging worker writes no tick; the messages it has yet to read move the clock themselves.
    const streamNowMs = this.newestStoredAtMs + (nowMs - this.newestHandledAtMs);
    // At most one tick per hold time, one at a time.
    if (dueAtMs === null || dueAtMs > streamNowMs || this.tickInFlight || nowMs - this.tickWrittenAtMs < this.settings.maxHoldMs) return;
    this.tickInFlight = true;
    const event = createEvent('ReorderHoldExpired', { partition: this.partition }, { id: `tick:${this.partition}:${randomUUID()}`, tenant: 'system', correlationId: `reorder-hold:${this.partition}`, occurredAt: new Date().toISOString() });
    try {
      await this.connection.publish([{ subject: this.connection.subject(subjects.requestObserved, this.partition), event }]);
      this.tickWrittenAtMs = nowMs;
    } catch (error) {
      this.logger.warn(`writing a tick into partition ${this.partition} failed, retried: ${(error as Error).message}`);
    } finally {
      this.tickInFlight = false;
    }
  }

  private enqueue(batch: ReceivedEvent[]): Promise<void> {
    const run = this.queue.then(() => this.handle(batch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handle(batch: ReceivedEvent[]): Promise<void> {
    const inputs: SessionizerInput[] = batch.flatMap(({ event, position, storedAtMs }): SessionizerInput[] => {
      if (event.type === 'ReorderHoldExpired') return [{ tick: true, position, storedAtMs }];
      if (event.type !== 'RequestObserved') return [];
      return [{ position, storedAtMs, correlationId: event.correlationId, request: event.data.request, sessionKey: event.data.sessionKey, identity: event.data.identity }];
    });
    const { state, events } = decide(this.state, inputs, this.settings, { now: new Date().toISOString() });
    await this.connection.publish(events.map((event) => ({ subject: this.connection.subject(subjectOfEvent[event.type], this.partition), event })));
    if (this.projection) {
      const { refused } = await projectEvents(this.projection.search, this.projection.targets, events);
      if (refused.length > 0) this.logger.error(describeRefusedDocuments(refused));
    }
    try {
      await this.checkpoints.save(this.partition, state);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'PARTITION_LOST')) throw error;
      this.logger.warn(error.message);
      this.onLost(this.partition);
      // Not acknowledged: the batch stays with the stream for the new owner, which resumes from its checkpoint.
      throw new AppError('unavailable', 'PARTITION_LOST', error.message, { cause: error });
    }
    this.state = state;
    for (const { storedAtMs } of batch) this.newestStoredAtMs = Math.max(this.newestStoredAtMs, storedAtMs);
    this.newestHandledAtMs = performance.now();
  }
}
