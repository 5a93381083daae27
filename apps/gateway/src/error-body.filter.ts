import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { AppError, describeError, ErrorKind, toErrorBody } from '@sessionscope/shared/errors';

const kindOfHttpStatus: Record<number, ErrorKind> = { 400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 413: 'too-large', 429: 'rate-limited', 503: 'unavailable' };

/** Nest's own refusals (no such route, a body too large...) in the API's error vocabulary. */
function fromHttpException(exception: HttpException, path: string): AppError {
  const status = exception.getStatus();
  if (status === 404) return new AppError('not-found', 'ROUTE_NOT_FOUND', `no route ${path}`, { cause: exception });
  const kind = kindOfHttpStatus[status] ?? 'internal';
  return new AppError(kind, status === 400 ? 'BAD_REQUEST' : `HTTP_${status}`, exception.message, { cause: exception });
}

/** The one place where an error becomes a response: `{code, message, details}` and its status, never a stack. */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('Gateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ method: string; originalUrl: string; path: string }>();
    const error = exception instanceof HttpException ? fromHttpException(exception, request.path) : exception;
    const { status, body } = toErrorBody(error);
    const line = `${request.method} ${request.originalUrl} -> ${status} ${body.code}: ${describeError(exception)}`;
    // 503 is OpenSearch being away, worth a warning; any other 5xx is a bug of ours.
    if (status === 503) this.logger.warn(line);
    else if (status >= 500) this.logger.error(line);
    http.getResponse<{ status(code: number): { json(body: unknown): void } }>().status(status).json(body);
  }
}
