import { Kvm, KV, KvWatchInclude } from '@nats-io/kv';
import { keyValueBucketName, SessionConfig, sessionConfigSchema } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { JetStreamConnection } from './jetstream-connection';

export type StoredSessionConfig = { config: SessionConfig; revision: number; updatedAt: string };

/** A bucket key may hold only `[-/_=.A-Za-z0-9]`: tenant and application travel base64url-encoded. */
function keyOf(tenant: string, application: string): string {
  return `${Buffer.from(tenant).toString('base64url')}.${Buffer.from(application).toString('base64url')}`;
}

function parseKey(key: string): { tenant: string; application: string } | null {
  const [tenant, application, ...rest] = key.split('.');
  if (tenant === undefined || application === undefined || rest.length > 0) return null;
  return { tenant: Buffer.from(tenant, 'base64url').toString(), application: Buffer.from(application, 'base64url').toString() };
}

/**
 * The session configuration of each application, stored durably in a JetStream key-value bucket
 * (replicated with the stream). The gateway writes it; ingestion and sessionization keep a copy in
 * memory that a watch keeps current, so reading it on the hot path costs a map lookup. A change
 * therefore applies to traffic processed from a moment later on, as the issue asks ("to new traffic").
 */
export class SessionConfigStore {
  private readonly cache = new Map<string, StoredSessionConfig>();
  private watching: Promise<void> | null = null;
  private stopWatch: (() => void) | null = null;

  private constructor(private readonly bucket: KV) {}

  static async open(connection: JetStreamConnection): Promise<SessionConfigStore> {
    try {
      const bucket = await new Kvm(connection.nats).create(keyValueBucketName(connection.namespace, 'sessionConfig'), { history: 5 });
      return new SessionConfigStore(bucket);
    } catch (error) {
      throw new AppError('unavailable', 'CONFIG_STORE_UNAVAILABLE', 'the session configuration bucket could not be opened', { cause: error });
    }
  }

  async get(tenant: string, application: string): Promise<StoredSessionConfig | null> {
    const entry = await this.bucket.get(keyOf(tenant, application));
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return null;
    return this.decode(entry.value, entry.revision);
  }

  async put(tenant: string, application: string, config: SessionConfig, now: string): Promise<StoredSessionConfig> {
    const stored = { config, updatedAt: now };
    const revision = await this.bucket.put(keyOf(tenant, application), JSON.stringify(stored));
    const result = { ...stored, revision };
    this.cache.set(keyOf(tenant, application), result);
    return result;
  }

  /** Loads every configuration, then keeps the copy current until close(); `warn` hears of one that cannot be read. */
  async follow(warn: (message: string) => void): Promise<void> {
    const keys = await this.bucket.keys();
    for await (const key of keys) {
      const entry = await this.bucket.get(key);
      if (entry && entry.operation === 'PUT' && entry.value.length > 0) this.cache.set(key, this.decode(entry.value, entry.revision));
    }
    const updates = await this.bucket.watch({ include: KvWatchInclude.UpdatesOnly });
    this.stopWatch = () => updates.stop();
    this.watching = (async () => {
      for await (const entry of updates) {
        try {
          if (entry.operation === 'PUT' && entry.value.length > 0) this.cache.set(entry.key, this.decode(entry.value, entry.revision));
          else this.cache.delete(entry.key);
        } catch (error) {
          const names = parseKey(entry.key);
          warn(`the session configuration of ${names ? `${names.tenant}/${names.application}` : entry.key} could not be read; the one before stays in force: ${(error as Error).message}`);
        }
      }
    })();
  }

  /** The configuration in memory (see follow); null when the application has none. */
  current(tenant: string, application: string): SessionConfig | null {
    return this.cache.get(keyOf(tenant, application))?.config ?? null;
  }

  list(): Array<{ tenant: string; application: string } & StoredSessionConfig> {
    return [...this.cache.entries()].flatMap(([key, stored]) => {
      const names = parseKey(key);
      return names ? [{ ...names, ...stored }] : [];
    });
  }

  async close(): Promise<void> {
    this.stopWatch?.();
    await this.watching;
  }

  private decode(value: Uint8Array, revision: number): StoredSessionConfig {
    const raw = JSON.parse(new TextDecoder().decode(value)) as { config: unknown; updatedAt: string };
    // Parsed again on the way in: a configuration written by an older version gets today's defaults,
    // and one written by a newer version (during a rolling upgrade) loses only the fields this one lacks.
    return { config: parseLeniently(raw.config), revision, updatedAt: raw.updatedAt };
  }
}

/** The configuration, with the fields this version does not know left out (the gateway refuses them on the way in). */
export function parseLeniently(config: unknown): SessionConfig {
  const first = sessionConfigSchema.safeParse(config);
  if (first.success) return first.data;
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const issue of first.error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const owner = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)?.[key as PropertyKey], copy) as Record<string, unknown> | undefined;
    for (const key of issue.keys) if (owner) delete owner[key];
  }
  return sessionConfigSchema.parse(copy);
}
