import { Controller, Get, UseGuards } from '@nestjs/common';
import { IngestionStats } from '@sessionscope/ingestion/domain';
import { IngestTenant, IngestTokenGuard } from './ingest-token.guard';
import { IngestionStatsStore } from './ingestion-stats.store';

@Controller('v1/stats')
@UseGuards(IngestTokenGuard)
export class StatsController {
  constructor(private readonly stats: IngestionStatsStore) {}

  /** The ingestion health of the token's tenant, added up over every ingestion instance. */
  @Get()
  read(@IngestTenant() tenant: string): Promise<IngestionStats> {
    return this.stats.read(tenant);
  }
}
