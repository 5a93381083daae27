import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JetStreamConnection, SessionConfigStore } from '@sessionscope/messaging';
import { SessionizationSettings } from '@sessionscope/sessionization/domain';
import { createSearchClient, ensureIndices, SearchClient } from '@sessionscope/search';
import { SessionizationConfig } from './config';
import { HealthController } from './health.controller';
import { PartitionCheckpoints } from '@sessionscope/sessionization/infra';
import { PartitionCoordinator } from './partition-coordinator';
import { PartitionLeases } from '@sessionscope/sessionization/infra';
import { PartitionSessionizer } from './sessionization.consumer';

const CONFIG = Symbol('SessionizationConfig');
const SEARCH = Symbol('SearchClient');

@Injectable()
class SessionizationRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessionization');
  private readonly workers: PartitionSessionizer[] = [];
  private coordinator: PartitionCoordinator | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private leaveMembers: (() => Promise<void>) | null = null;
  private configs: SessionConfigStore | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: SessionizationConfig,
    private readonly connection: JetStreamConnection,
    @Inject(SEARCH) private readonly search: SearchClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config } = this;
    await this.connection.ensureStreams();
    const checkpoints = await PartitionCheckpoints.open(this.connection);
    const configs = await SessionConfigStore.open(this.connection);
    await configs.follow((message) => this.logger.warn(message));
    this.configs = configs;
    const settings: SessionizationSettings = {
      idleTimeoutMs: config.IDLE_TIMEOUT_MS,
      maxSessionMs: config.MAX_SESSION_MS,
      allowedLatenessMs: config.ALLOWED_LATENESS_MS,
      maxHoldMs: config.MAX_HOLD_MS,
      rulesOf: (tenant, application) => configs.current(tenant, application),
    };
    const projection = config.SESSIONIZATION_PROJECTION === 'on' ? { search: this.search, targets: await ensureIndices(this.search, config.SESSIONSCOPE_INDEX_PREFIX) } : null;
    const workerOf = (partition: number, onLost?: (partition: number) => void) =>
      new PartitionSessionizer(partition, this.connection, checkpoints, settings, config.SESSIONIZATION_BATCH_SIZE, projection, onLost);
    if (config.ownedPartitions === null) {
      const leases = await PartitionLeases.open(this.connection);
      this.coordinator = new PartitionCoordinator(leases, { instanceId: config.SESSIONIZATION_INSTANCE_ID, partitions: config.SESSIONSCOPE_PARTITIONS, leaseMs: config.PARTITION_LEASE_MS }, workerOf);
      await this.coordinator.start();
      this.logger.log(`instance ${config.SESSIONIZATION_INSTANCE_ID} shares ${config.SESSIONSCOPE_PARTITIONS} partitions by lease; owns ${this.coordinator.ownedPartitions().join(',') || 'none yet'}; projection into OpenSearch ${config.SESSIONIZATION_PROJECTION}`);
      return;
    }
    for (const partition of config.ownedPartitions) this.workers.push(workerOf(partition));
    for (const worker of this.workers) await worker.start();
    // Fixed partitions take no lease, but still say they run: `sessionscope replay` refuses while they do.
    const leases = await PartitionLeases.open(this.connection);
    const heartbeat = () => leases.heartbeat(config.SESSIONIZATION_INSTANCE_ID, Date.now()).catch((error: unknown) => this.logger.warn(`heartbeat not written: ${(error as Error).message}`));
    await heartbeat();
    this.heartbeat = setInterval(() => void heartbeat(), Math.floor(config.PARTITION_LEASE_MS / 3));
    this.leaveMembers = () => leases.leaveMembers(config.SESSIONIZATION_INSTANCE_ID);
    this.logger.log(`sessionizing partitions ${config.ownedPartitions.join(',')} of ${config.SESSIONSCOPE_PARTITIONS}; projection into OpenSearch ${config.SESSIONIZATION_PROJECTION}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.coordinator?.stop();
    if (this.heartbeat) clearInterval(this.heartbeat);
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.leaveMembers?.().catch(() => undefined);
    await this.configs?.close();
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
