import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { aliasTargets, createSearchClient, SearchClient } from '@sessionscope/search';
import { ErrorBodyFilter } from './error-body.filter';
import { GatewayConfig } from './gateway.config';
import { HealthController } from './health.controller';
import { RequestsController } from './requests.controller';
import { SearchHealthProbe } from './search-health.probe';
import { SessionConfigController } from './session-config.controller';
import { SessionConfigSource } from './session-config.source';
import { SessionsController } from './sessions.controller';
import { StatisticsController } from './statistics.controller';
import { PROJECTION_TARGETS, SEARCH_CLIENT, SessionsRepository } from './sessions.repository';

@Module({})
export class GatewayModule implements OnApplicationShutdown {
  constructor(
    @Inject(SEARCH_CLIENT) private readonly client: SearchClient,
    private readonly sessionConfigs: SessionConfigSource,
  ) {}

  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [SessionsController, RequestsController, StatisticsController, SessionConfigController, HealthController],
      providers: [
        { provide: SEARCH_CLIENT, useFactory: () => createSearchClient(config.OPENSEARCH_URL) },
        { provide: PROJECTION_TARGETS, useValue: aliasTargets(config.SESSIONSCOPE_INDEX_PREFIX) },
        { provide: APP_FILTER, useClass: ErrorBodyFilter },
        { provide: SessionConfigSource, useValue: new SessionConfigSource({ url: config.NATS_URL, namespace: config.SESSIONSCOPE_NAMESPACE }) },
        SessionsRepository,
        SearchHealthProbe,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
    await this.sessionConfigs.close();
  }
}
