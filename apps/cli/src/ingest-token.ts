import { randomBytes } from 'node:crypto';
import { tenantNamePattern, tokenDirectory, tokenHashPattern } from '@sessionscope/shared/config';
import { AppError } from '@sessionscope/shared/errors';

/** A new ingest token: 32 random bytes in hex, behind a prefix that says what it is when it leaks. */
export function newIngestToken(random: (bytes: number) => Buffer = randomBytes): string {
  return `ssi_${random(32).toString('hex')}`;
}

/**
 * The current INGEST_TOKENS given to `--add-to`, checked by the rules ingestion applies when it starts
 * (the patterns and tokenDirectory of @sessionscope/shared/config): a JSON object of tenant names to
 * non-empty lists of token hashes, no hash under two tenants. An error names `--add-to` and the first
 * bad tenant.
 */
export function parseIngestTokens(text: string | undefined): Record<string, string[]> {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidAddTo(`--add-to: not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidAddTo('--add-to: not a JSON object of tenant -> token hashes, as INGEST_TOKENS is');
  for (const [tenant, hashes] of Object.entries(parsed)) {
    if (!tenantNamePattern.test(tenant)) throw invalidAddTo(`--add-to: "${tenant}" is not a tenant name (1 to 63 lower-case letters, digits, _ and -)`);
    if (!Array.isArray(hashes) || hashes.length === 0) throw invalidAddTo(`--add-to: "${tenant}" must list token hashes, ["<sha256 hex>", ...]`);
    if (!hashes.every((hash) => typeof hash === 'string' && tokenHashPattern.test(hash))) {
      throw invalidAddTo(`--add-to: "${tenant}" lists something that is not a SHA-256 hash of a token (64 lower-case hex digits)`);
    }
  }
  const tokens = parsed as Record<string, string[]>;
  try {
    tokenDirectory(tokens, '--add-to');
  } catch (error) {
    throw invalidAddTo((error as Error).message);
  }
  return tokens;
}

function invalidAddTo(message: string): AppError {
  return new AppError('invalid', 'INVALID_OPTION', message);
}

/**
 * INGEST_TOKENS with the hash added to the tenant's list (the other tenants and hashes kept), from the
 * current value when given: how a rotation starts.
 */
export function withTokenHash(current: string | undefined, tenant: string, hash: string): string {
  const tokens = parseIngestTokens(current);
  const hashes = tokens[tenant] ?? [];
  return JSON.stringify({ ...tokens, [tenant]: hashes.includes(hash) ? hashes : [...hashes, hash] });
}
