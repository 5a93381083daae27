import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from './openapi';
import { SearchHealth, SearchHealthProbe } from './search-health.probe';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly probe: SearchHealthProbe) {}

  /** `/health` is what the local launcher polls; `/api/v1/health` is the same under the API. */
  @Get(['api/v1/health', 'health'])
  @ApiOperation({ summary: 'Whether the gateway can answer: OpenSearch reachable and not red' })
  @ApiResponse({ status: 200, description: 'Up', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, opensearch: { type: 'object', properties: { status: { type: 'string', enum: ['green', 'yellow'] } } } } } })
  @ApiErrors(503)
  check(): Promise<SearchHealth> {
    return this.probe.check();
  }
}
