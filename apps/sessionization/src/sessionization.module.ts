import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JetStreamConnection } from '@sessionscope/messaging';
import { createSearchClient, ensureIndices, SearchClient } from '@sessionscope/search';
import { SessionizationConfig } from './config';
import { HealthController } from './health.controller';
import { PartitionCheckpoints } from './partition-checkpoints';
import { PartitionSessionizer } from './sessionization.consumer';

const CONFIG = Symbol('SessionizationConfig');
const SEARCH = Symbol('SearchClient');

@Injectable()
class SessionizationRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessionization');
  private readonly workers: PartitionSessionizer[] = [];

  constructor(
    @Inject(CONFIG) private readonly config: SessionizationConfig,
    private readonly connection: JetStreamConnection,
    @Inject(SEARCH) private readonly search: SearchClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config } = this;
    await this.connection.ensureStreams();
    const checkpoints = await PartitionCheckpoints.open(this.connection);
    const settings = { idleTimeoutMs: config.IDLE_TIMEOUT_MS, maxSessionMs: config.MAX_SESSION_MS, allowedLatenessMs: config.ALLOWED_LATENESS_MS };
    const projection = config.SESSIONIZATION_PROJECTION === 'on' ? { search: this.search, targets: await ensureIndices(this.search, config.SESSIONSCOPE_INDEX_PREFIX) } : null;
    for (const partition of config.ownedPartitions) {
      this.workers.push(new PartitionSessionizer(partition, this.connection, checkpoints, settings, config.SESSIONIZATION_BATCH_SIZE, projection));
    }
    for (const worker of this.workers) await worker.start();
    this.logger.log(`sessionizing partitions ${config.ownedPartitions.join(',')} of ${config.SESSIONSCOPE_PARTITIONS}; projection into OpenSearch ${config.SESSIONIZATION_PROJECTION}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.connection.close();
    await this.search.close();
  }
}

@Module({})
export class SessionizationModule {
  static register(config: SessionizationConfig): DynamicModule {
    return {
      module: SessionizationModule,
      controllers: [HealthController],
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: JetStreamConnection,
          useFactory: () => JetStreamConnection.connect({ url: config.NATS_URL, namespace: config.SESSIONSCOPE_NAMESPACE, name: 'sessionization' }),
        },
        { provide: SEARCH, useFactory: () => createSearchClient(config.OPENSEARCH_URL) },
        SessionizationRunner,
      ],
    };
  }
}
