import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  Page,
  parseFilterParameters,
  parseListParameters,
  parseNoParameters,
  planSessionList,
  planSessionRequests,
  QueryParameters,
  RequestSummary,
  SessionDetails,
  SessionListItem,
  SessionPart,
  Statistics,
} from '@sessionscope/explorer/domain';
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
  async list(@Tenant() tenant: string, @Query() query: QueryParameters): Promise<Page<SessionListItem>> {
    const parameters = parseListParameters(query);
    return this.sessions.listSessions(planSessionList(tenant, { ...parameters, filters: await this.sessions.resolveFilters(tenant, parameters.filters) }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One session: the values within the filters, and the whole session' })
  @ApiParam({ name: 'id', description: 'Session id' })
  @ApiRequestFilters()
  @ApiOk('SessionDetails')
  @ApiErrors(400, 404, 503)
  async get(@Tenant() tenant: string, @Param('id') id: string, @Query() query: QueryParameters): Promise<SessionDetails> {
    return this.sessions.getSession(tenant, id, await this.sessions.resolveFilters(tenant, parseFilterParameters(query)));
  }

  @Get(':id/stats')
  @ApiOperation({ summary: 'Statistics of the requests of a session that match the filters: by method, code, client IP, endpoint, attack type, legitimate vs malicious' })
  @ApiParam({ name: 'id', description: 'Session id' })
  @ApiRequestFilters()
  @ApiOk('Statistics')
  @ApiErrors(400, 404, 503)
  async stats(@Tenant() tenant: string, @Param('id') id: string, @Query() query: QueryParameters): Promise<Statistics> {
    return this.sessions.statistics(tenant, await this.sessions.resolveFilters(tenant, parseFilterParameters(query)), id);
  }

  @Get(':id/parts')
  @ApiOperation({ summary: 'Every part of a session that outlived the maximum length, oldest first (the session itself included; at most 100 parts, the nearest to it)' })
  @ApiParam({ name: 'id', description: 'Session id' })
  @ApiOk('SessionPartPage')
  @ApiErrors(400, 404, 503)
  parts(@Tenant() tenant: string, @Param('id') id: string, @Query() query: QueryParameters): Promise<Page<SessionPart>> {
    parseNoParameters(query);
    return this.sessions.parts(tenant, id);
  }

  @Get(':id/requests')
  @ApiOperation({ summary: 'The requests of a session that match the filters, in time order' })
  @ApiParam({ name: 'id', description: 'Session id' })
  @ApiRequestFilters()
  @ApiPaging()
  @ApiOk('RequestPage')
  @ApiErrors(400, 404, 503)
  async requests(@Tenant() tenant: string, @Param('id') id: string, @Query() query: QueryParameters): Promise<Page<RequestSummary>> {
    const parameters = parseListParameters(query);
    return this.sessions.listSessionRequests(planSessionRequests(tenant, id, { ...parameters, filters: await this.sessions.resolveFilters(tenant, parameters.filters) }));
  }
}
