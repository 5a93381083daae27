import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { JetStreamConnection } from '@sessionscope/messaging';
import { ErrorReplyFilter } from './error-reply.filter';
import { HealthController } from './health.controller';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';
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

@Module({})
export class IngestionModule implements OnApplicationShutdown {
  static forRoot(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionModule,
      controllers: [TrafficController, HealthController],
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        { provide: JetStreamConnection, useFactory: () => connectJetStream(config) },
        { provide: APP_FILTER, useClass: ErrorReplyFilter },
        TrafficIngestionService,
      ],
    };
  }

  constructor(@Inject(JetStreamConnection) private readonly connection: JetStreamConnection) {}

  /** Drains the connection: publishes in flight complete before it closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
