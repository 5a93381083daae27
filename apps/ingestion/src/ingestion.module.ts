import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { JetStreamConnection, SessionConfigStore } from '@sessionscope/messaging';
import { ApplicationSettingsService } from './application-settings';
import { ErrorReplyFilter } from './error-reply.filter';
import { HealthController } from './health.controller';
import { IngestTokenGuard } from './ingest-token.guard';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';
import { IngestionStatsStore } from './ingestion-stats.store';
import { RecordLedger } from './record-ledger';
import { connectRedis, INGESTION_REDIS } from './redis-connection';
import { StatsController } from './stats.controller';
import { TracesController } from './traces.controller';
import { TrafficController } from './traffic.controller';
import { TrafficIngestionService } from './traffic-ingestion.service';

async function connectJetStream(config: IngestionConfig): Promise<JetStreamConnection> {
  const connection = await JetStreamConnection.connect({ url: config.NATS_URL, namespace: config.SESSIONSCOPE_NAMESPACE, name: 'ingestion' });
  try {
    await connection.ensureStreams();
    return connection;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** The session configurations, followed from the bucket the gateway writes (see SessionConfigStore). */
async function followSessionConfigs(connection: JetStreamConnection): Promise<SessionConfigStore> {
  const store = await SessionConfigStore.open(connection);
  const logger = new Logger('SessionConfig');
  await store.follow((message) => logger.warn(message));
  return store;
}

@Module({})
export class IngestionModule implements OnApplicationShutdown {
  static forRoot(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionModule,
      controllers: [TrafficController, TracesController, StatsController, HealthController],
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        { provide: JetStreamConnection, useFactory: () => connectJetStream(config) },
        { provide: SessionConfigStore, inject: [JetStreamConnection], useFactory: followSessionConfigs },
        { provide: INGESTION_REDIS, useFactory: () => connectRedis(config.REDIS_URL, `${config.SESSIONSCOPE_NAMESPACE}-ingestion`) },
        { provide: RecordLedger, inject: [INGESTION_REDIS], useFactory: (redis: Redis) => new RecordLedger(redis, config.SESSIONSCOPE_NAMESPACE, config.DEDUP_WINDOW_SECONDS) },
        { provide: IngestionStatsStore, inject: [INGESTION_REDIS], useFactory: (redis: Redis) => new IngestionStatsStore(redis, config.SESSIONSCOPE_NAMESPACE) },
        { provide: APP_FILTER, useClass: ErrorReplyFilter },
        ApplicationSettingsService,
        IngestTokenGuard,
        TrafficIngestionService,
      ],
    };
  }

  constructor(
    @Inject(JetStreamConnection) private readonly connection: JetStreamConnection,
    @Inject(INGESTION_REDIS) private readonly redis: Redis,
    private readonly sessionConfigs: SessionConfigStore,
  ) {}

  /** Drains the connection: publishes in flight complete before it closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.sessionConfigs.close();
    await this.connection.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
