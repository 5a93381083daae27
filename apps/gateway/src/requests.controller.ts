import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { parseNoParameters, QueryParameters, RequestDetails } from '@sessionscope/explorer/domain';
import { ApiErrors, ApiOk } from './openapi';
import { SessionsRepository } from './sessions.repository';
import { Tenant } from './tenant.decorator';

@ApiTags('requests')
@Controller('api/v1/requests')
export class RequestsController {
  constructor(private readonly sessions: SessionsRepository) {}

  @Get(':id')
  @ApiOperation({ summary: 'One request with everything stored: headers (credentials masked), bodies, timings, sizes' })
  @ApiParam({ name: 'id', description: 'Request id' })
  @ApiOk('RequestDetails')
  @ApiErrors(400, 404, 503)
  get(@Tenant() tenant: string, @Param('id') id: string, @Query() query: QueryParameters): Promise<RequestDetails> {
    parseNoParameters(query);
    return this.sessions.getRequest(tenant, id);
  }
}
