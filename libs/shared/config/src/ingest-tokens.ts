import { createHash } from 'node:crypto';

/**
 * The rules of ingest tokens, shared by ingestion (INGEST_TOKENS, the Bearer check) and the CLI
 * (`ingest-token`, which prints a value for INGEST_TOKENS). Tokens are configured as SHA-256 hashes, so
 * the configuration holds nothing a reader could send.
 */

/** A tenant name goes into Redis keys and event ids: kept to a safe alphabet, without `:`. */
export const tenantNamePattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A token as INGEST_TOKENS lists it: its SHA-256, 64 lower-case hex digits. */
export const tokenHashPattern = /^[0-9a-f]{64}$/;

export function hashIngestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Token hash -> tenant. */
export type TokenDirectory = ReadonlyMap<string, string>;

/** The directory of tokens by tenant; a hash listed for two tenants is an error naming `setting` (where it was configured). */
export function tokenDirectory(tokensByTenant: Record<string, readonly string[]>, setting = 'INGEST_TOKENS'): TokenDirectory {
  const directory = new Map<string, string>();
  for (const [tenant, hashes] of Object.entries(tokensByTenant)) {
    for (const hash of hashes) {
      const owner = directory.get(hash);
      if (owner !== undefined && owner !== tenant) throw new Error(`${setting}: one token hash is listed for both tenants "${owner}" and "${tenant}"`);
      directory.set(hash, tenant);
    }
  }
  return directory;
}
