import { hashIngestToken, TokenDirectory } from '@sessionscope/shared/config';
import { AppError } from '@sessionscope/shared/errors';

/*
 * Ingest tokens are configured as SHA-256 hashes (INGEST_TOKENS, read with tokenDirectory of
 * @sessionscope/shared/config), so the configuration holds nothing a reader could send. A token is
 * looked up by its hash: the lookup's timing depends on the hash, which tells an attacker nothing about
 * any valid token.
 */

/**
 * The tenant whose token an `Authorization` header carries, or an `unauthorized` AppError saying what
 * is wrong (never echoing the token).
 */
export function tenantOfAuthorization(authorization: string | undefined, directory: TokenDirectory): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw new AppError('unauthorized', 'INGEST_TOKEN_MISSING', 'send an ingest token: Authorization: Bearer <token>');
  }
  const match = /^Bearer[ ]+([\x21-\x7e]+)\s*$/i.exec(authorization);
  if (!match) throw new AppError('unauthorized', 'INGEST_TOKEN_MALFORMED', 'the Authorization header must be "Bearer <token>"');
  const tenant = directory.get(hashIngestToken(match[1]));
  if (tenant === undefined) throw new AppError('unauthorized', 'INGEST_TOKEN_INVALID', 'the ingest token is not valid (unknown or revoked)');
  return tenant;
}
