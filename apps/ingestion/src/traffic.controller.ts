import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Controller, HttpCode, Inject, Post, Query, Req, UseGuards } from '@nestjs/common';
import { IngestionReport, resolveTrafficFormat } from '@sessionscope/ingestion/domain';
import { readBoundedBody } from './bounded-body';
import { IngestTenant, IngestTokenGuard } from './ingest-token.guard';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';
import { TrafficIngestionService } from './traffic-ingestion.service';
import { parseTrafficQuery } from './traffic-query';

@Controller('v1/traffic')
@UseGuards(IngestTokenGuard)
export class TrafficController {
  constructor(
    private readonly ingestion: TrafficIngestionService,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  /** Answers once every accepted record is stored; the whole body is read (bounded) before anything is. */
  @Post()
  @HttpCode(200)
  async ingest(@Query() query: unknown, @Req() request: IncomingMessage, @IngestTenant() tenant: string): Promise<IngestionReport> {
    const { format, ...upload } = parseTrafficQuery(query);
    const resolvedFormat = resolveTrafficFormat({ format, contentType: request.headers['content-type'] });
    const body = await readBoundedBody(request, this.config.MAX_BODY_BYTES);
    return this.ingestion.ingest(body, { ...upload, tenant, format: resolvedFormat, correlationId: correlationIdOf(request) });
  }
}

/** The sender's correlation id when it is a sane token, else a new one. */
export function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
}
