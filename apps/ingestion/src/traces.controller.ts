import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, Controller, ExceptionFilter, HttpCode, Inject, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { encodeRpcStatus, encodeTraceResponse, resolveTraceFormat, tracePartialSuccess } from '@sessionscope/ingestion/domain';
import { AppError, toErrorBody } from '@sessionscope/shared/errors';
import { bearerChallenge, IngestTenant, IngestTokenGuard } from './ingest-token.guard';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';
import { readOtlpBody } from './otlp-body';
import { correlationIdOf } from './traffic.controller';
import { TrafficIngestionService } from './traffic-ingestion.service';

const protobufType = 'application/x-protobuf';
const isProtobuf = (request: IncomingMessage) => request.headers['content-type']?.toLowerCase().startsWith(protobufType) ?? false;

/**
 * OTLP/HTTP errors in the sender's encoding: a google.rpc.Status for protobuf senders (what the
 * Collector reads), `{code, message, details}` for JSON ones; 503 says when to retry.
 */
@Catch()
export class OtlpErrorFilter implements ExceptionFilter {
  constructor(@Inject(INGESTION_CONFIG) private readonly config: IngestionConfig) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<IncomingMessage>();
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const { status, body } = toErrorBody(error);
    if (response.headersSent) return;
    if (error instanceof AppError && error.kind === 'unavailable') response.setHeader('Retry-After', String(this.config.RETRY_AFTER_SECONDS));
    if (error instanceof AppError && error.kind === 'unauthorized') response.setHeader('WWW-Authenticate', bearerChallenge);
    // google.rpc.Code: INVALID_ARGUMENT 3, UNAVAILABLE 14, UNAUTHENTICATED 16, RESOURCE_EXHAUSTED 8, INTERNAL 13.
    const rpcCode = status === 400 ? 3 : status === 401 ? 16 : status === 413 ? 8 : status === 503 ? 14 : 13;
    if (isProtobuf(request)) {
      response.writeHead(status, { 'content-type': protobufType }).end(Buffer.from(encodeRpcStatus(rpcCode, body.message)));
    } else {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
    if (!request.complete) request.resume();
  }
}

@Controller('v1/traces')
@UseGuards(IngestTokenGuard)
@UseFilters(OtlpErrorFilter)
export class TracesController {
  constructor(
    private readonly traffic: TrafficIngestionService,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  /** OTLP/HTTP trace export: answers, once the spans are stored, with an ExportTraceServiceResponse in the request's encoding. */
  @Post()
  @HttpCode(200)
  async export(@Req() request: IncomingMessage, @Res() response: ServerResponse, @IngestTenant() tenant: string): Promise<void> {
    const format = resolveTraceFormat(request.headers['content-type']);
    const body = await readOtlpBody(request, this.config.MAX_BODY_BYTES);
    const partialSuccess = tracePartialSuccess(await this.traffic.ingest(body, { tenant, format, lineOffset: 0, correlationId: correlationIdOf(request) }, 'traces'));
    if (format === 'otlp-protobuf') response.writeHead(200, { 'content-type': protobufType }).end(Buffer.from(encodeTraceResponse(partialSuccess)));
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(partialSuccess === null ? {} : { partialSuccess }));
  }
}
