import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Page, parseFilterParameters, parseListParameters, planSessionList, planSessionRequests, QueryParameters, RequestSummary, SessionDetails, SessionListItem } from '@sessionscope/explorer/domain';
import { ApiErrors, ApiOk, ApiPaging, ApiRequestFilters } from './openapi';
import { SessionsRepository } from './sessions.repository';
import { Tenant } from './tenant.decorator';

@ApiTags('sessions')
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsRepository) {}

  @Get()
  @ApiOperation({ summary: 'Sessions with at least one request matching the filters, newest matching activity first' })
  @ApiRequestFilters()
  @ApiPaging()
  @ApiOk('SessionPage')
  @ApiErrors(400, 503)
  list(@Tenant() tenant: string, @Query() query: QueryParameters): Promise<Page<SessionListItem>> {
    return this.sessions.listSessions(planSessionList(tenant, parseListParameters(query)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One session: the values within the filters, and the whole session' })
  @ApiParam({ name: 'id', description: 'Session id' })
  @ApiRequestFilters()
  @ApiOk('SessionDetails')
  @ApiErrors(400, 404, 503)
  get(@Tenant() tenant: string, @Param('id') id: string, @Query() query: QueryParameters): Promise<SessionDetails> {
    return this.sessions.getSession(tenant, id, parseFilterParameters(query));
  }

  @Get(':id/requests')
  @ApiOperation({ summary: 'The requests of a session that match the filters, in time order' })
  @ApiParam({ name: 'id', description: 'Session id' })
  @ApiRequestFilters()
  @ApiPaging()
  @ApiOk('RequestPage')
  @ApiErrors(400, 404, 503)
  requests(@Tenant() tenant: string, @Param('id') id: string, @Query() query: QueryParameters): Promise<Page<RequestSummary>> {
    return this.sessions.listSessionRequests(planSessionRequests(tenant, id, parseListParameters(query)));
  }
}
