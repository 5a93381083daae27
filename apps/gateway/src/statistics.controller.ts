import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseFilterParameters, QueryParameters, Statistics } from '@sessionscope/explorer/domain';
import { ApiErrors, ApiOk, ApiRequestFilters } from './openapi';
import { SessionsRepository } from './sessions.repository';
import { Tenant } from './tenant.decorator';

@ApiTags('statistics')
@Controller('api/v1/stats')
export class StatisticsController {
  constructor(private readonly sessions: SessionsRepository) {}

  @Get()
  @ApiOperation({ summary: 'Statistics of every request that matches the filters (a time window, an application, a client...), across sessions' })
  @ApiRequestFilters()
  @ApiOk('Statistics')
  @ApiErrors(400, 503)
  async get(@Tenant() tenant: string, @Query() query: QueryParameters): Promise<Statistics> {
    return this.sessions.statistics(tenant, await this.sessions.resolveFilters(tenant, parseFilterParameters(query)), null);
  }
}
