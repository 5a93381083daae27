import { Logger } from '@nestjs/common';
import { DomainEvent, subjects } from '@sessionscope/contracts';
import { DurableConsumer, JetStreamConnection, ReceivedEvent, defaultConsumerOptions, sequenceOfPosition } from '@sessionscope/messaging';
import { decide, IncomingRequest, PartitionState, SessionizationEvent, SessionizationSettings } from '@sessionscope/sessionization/domain';
import { ProjectionTargets, projectEvents, SearchClient } from '@sessionscope/search';
import { PartitionCheckpoints } from './partition-checkpoints';

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
  private consumer!: DurableConsumer;

  constructor(
    private readonly partition: number,
    private readonly connection: JetStreamConnection,
    private readonly checkpoints: PartitionCheckpoints,
    private readonly settings: SessionizationSettings,
    private readonly batchSize: number,
    private readonly projection: { search: SearchClient; targets: ProjectionTargets } | null,
  ) {
    this.logger = new Logger(`Sessionizer p${partition}`);
  }

  async start(): Promise<void> {
    this.state = await this.checkpoints.load(this.partition);
    this.consumer = new DurableConsumer(
      this.connection,
      {
        ...defaultConsumerOptions(),
        stream: 'traffic',
        durable: `sessionizer-p${this.partition}`,
        filterSubject: this.connection.subject(subjects.requestObserved, this.partition),
        batchSize: this.batchSize,
        // Resume in stream order from the checkpoint; events at or below it are skipped by decide.
        startSequence: sequenceOfPosition(this.state.lastPosition),
      },
      (batch) => this.handle(batch),
      this.logger,
    );
    await this.consumer.start();
    this.logger.log(`resumed after stream position ${this.state.lastPosition} with ${Object.keys(this.state.sessions).length} open sessions`);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(batch: ReceivedEvent[]): Promise<void> {
    const requests: IncomingRequest[] = batch.map(({ event, position }) => {
      const observed = event as DomainEvent<'RequestObserved'>;
      return { position, correlationId: observed.correlationId, request: observed.data.request, sessionKey: observed.data.sessionKey };
    });
    const { state, events } = decide(this.state, requests, this.settings, { now: new Date().toISOString() });
    await this.connection.publish(events.map((event) => ({ subject: this.connection.subject(subjectOfEvent[event.type], this.partition), event })));
    if (this.projection) await projectEvents(this.projection.search, this.projection.targets, events);
    await this.checkpoints.save(this.partition, state);
    this.state = state;
  }
}
