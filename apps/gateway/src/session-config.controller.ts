import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { exampleSessionConfig, SessionConfig } from '@sessionscope/contracts';
import { StoredSessionConfig } from '@sessionscope/messaging';
import { AppError } from '@sessionscope/shared/errors';
import { ApiErrors } from './openapi';
import { parseApplicationName, parseSessionConfigBody } from './session-config.body';
import { SessionConfigSource } from './session-config.source';
import { Tenant } from './tenant.decorator';

type SessionConfigAnswer = SessionConfig & { application: string; revision: number; updatedAt: string };

const answer = (application: string, stored: StoredSessionConfig): SessionConfigAnswer => ({ application, ...stored.config, revision: stored.revision, updatedAt: stored.updatedAt });

@ApiTags('applications')
@Controller('api/v1/applications/:application/session-config')
export class SessionConfigController {
  constructor(private readonly configs: SessionConfigSource) {}

  @Get()
  @ApiOperation({ summary: "An application's session configuration: key chain, user and role points, idle gap, maximum session length" })
  @ApiParam({ name: 'application', description: 'Application name, as in the records' })
  @ApiResponse({ status: 200, description: 'The stored configuration, with its revision' })
  @ApiErrors(400, 404, 503)
  async get(@Tenant() tenant: string, @Param('application') application: string): Promise<SessionConfigAnswer> {
    const name = parseApplicationName(application);
    const stored = await this.configs.use((store) => store.get(tenant, name));
    if (!stored) {
      throw new AppError('not-found', 'SESSION_CONFIG_NOT_FOUND', `application "${application}" has no session configuration: its traffic is grouped by the built-in fallbacks (common session cookies, then client IP + User-Agent, then IP)`);
    }
    return answer(application, stored);
  }

  @Put()
  @ApiOperation({
    summary: "Sets an application's session configuration",
    description:
      'Applies to traffic received from then on (ingestion and sessionization follow the stored configuration). JWT claims are decoded, not verified: they group requests and name users, they grant nothing. Key values are stored only as keyed hashes.',
  })
  @ApiParam({ name: 'application', description: 'Application name, as in the records' })
  @ApiBody({
    schema: { type: 'object' },
    examples: {
      login: {
        summary: 'Token issued at login, then sent in a header, a query parameter or a cookie',
        value: exampleSessionConfig,
      },
    },
  })
  @ApiResponse({ status: 200, description: 'The stored configuration, with its new revision' })
  @ApiErrors(400, 503)
  async put(@Tenant() tenant: string, @Param('application') application: string, @Body() body: unknown): Promise<SessionConfigAnswer> {
    const config = parseSessionConfigBody(body);
    const name = parseApplicationName(application);
    return answer(name, await this.configs.use((store) => store.put(tenant, name, config, new Date().toISOString())));
  }
}
