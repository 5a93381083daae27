import type { IncomingMessage } from 'node:http';
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';
import { TokenDirectory, tokenDirectory } from '@sessionscope/shared/config';
import { tenantOfAuthorization } from './ingest-tokens';

/** The challenge of a 401, the same on every route that takes an ingest token (RFC 6750). */
export const bearerChallenge = 'Bearer realm="sessionscope-ingestion"';

type AuthenticatedRequest = IncomingMessage & { ingestTenant?: string };

/**
 * Lets a request through only with a valid ingest token (`Authorization: Bearer <token>`), and
 * remembers the token's tenant for `@IngestTenant()`. Refused requests get 401 with `{code, message}`
 * before their body is read. Use on every route that takes or shows a tenant's traffic:
 * `@UseGuards(IngestTokenGuard)` on the controller, `@IngestTenant() tenant: string` in the handler.
 */
@Injectable()
export class IngestTokenGuard implements CanActivate {
  private readonly directory: TokenDirectory;

  constructor(@Inject(INGESTION_CONFIG) config: IngestionConfig) {
    this.directory = tokenDirectory(config.INGEST_TOKENS);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.ingestTenant = tenantOfAuthorization(request.headers.authorization, this.directory);
    return true;
  }
}

/** The tenant of the request's ingest token; only on routes behind IngestTokenGuard. */
export const IngestTenant = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const tenant = context.switchToHttp().getRequest<AuthenticatedRequest>().ingestTenant;
  if (tenant === undefined) throw new Error('@IngestTenant() used on a route without IngestTokenGuard');
  return tenant;
});
