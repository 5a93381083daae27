import { Logger } from '@nestjs/common';
import { DurableConsumer, JetStreamConnection, defaultConsumerOptions } from '@sessionscope/messaging';
import { ProjectableEvent, ProjectionTargets, projectEvents, SearchClient } from '@sessionscope/search';

/**
 * Projects session events into the OpenSearch indices. Order does not matter (deterministic ids and
 * revision-versioned session documents), so any number of instances may share the durable consumer.
 */
export class SessionProjector {
  private readonly logger = new Logger('Projector');
  private consumer!: DurableConsumer;

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly search: SearchClient,
    private readonly targets: ProjectionTargets,
    private readonly batchSize: number,
  ) {}

  static readonly durableName = 'projector';

  async start(): Promise<void> {
    this.consumer = new DurableConsumer(
      this.connection,
      {
        ...defaultConsumerOptions(),
        stream: 'sessions',
        durable: SessionProjector.durableName,
        filterSubject: this.connection.subject('sessionization.>'),
        batchSize: this.batchSize,
      },
      async (batch) => {
        await projectEvents(this.search, this.targets, batch.map(({ event }) => event as ProjectableEvent));
      },
      this.logger,
    );
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
