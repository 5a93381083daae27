import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError, describeError, ErrorBody, toErrorBody } from '@sessionscope/shared/errors';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';
import { bearerChallenge } from './ingest-token.guard';

/** How long the rest of a refused body is read and discarded before the connection is cut. */
const lingerAfterRefusalMs = 10_000;

/** Maps every error to `{code, message, details}` with its status, once, at the edge; never a stack. */
@Catch()
export class ErrorReplyFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorReplyFilter');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const response = http.getResponse<ServerResponse>();
    const { status, body } = replyOf(error);
    if (status >= 500) this.logger.error(`${request.method} ${request.url}: ${describeError(error)}`);
    if (response.headersSent) return;
    const adapter = this.adapterHost.httpAdapter;
    if (error instanceof AppError && error.kind === 'unavailable') adapter.setHeader(response, 'Retry-After', String(this.config.RETRY_AFTER_SECONDS));
    if (error instanceof AppError && error.kind === 'unauthorized') adapter.setHeader(response, 'WWW-Authenticate', bearerChallenge);
    adapter.reply(response, body, status);
    if (!request.complete) cutAfterLinger(request);
  }
}

function replyOf(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { status, body: { code: status === 404 ? 'NOT_FOUND' : `HTTP_${status}`, message: error.message, details: [] } };
  }
  return toErrorBody(error);
}

/**
 * A body refused before it was read is still arriving. Node reads and discards it so the connection
 * can serve the next request, and the sender reads the reply without a reset; a sender that keeps
 * sending past the linger time is cut off.
 */
function cutAfterLinger(request: IncomingMessage): void {
  request.resume();
  const timer = setTimeout(() => request.socket.destroy(), lingerAfterRefusalMs);
  timer.unref();
  request.once('end', () => clearTimeout(timer)).once('close', () => clearTimeout(timer));
}
