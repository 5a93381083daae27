import { z } from 'zod';

/**
 * Each app declares one zod schema for its configuration and parses it once at start with loadConfig.
 * Precedence: an environment variable wins over the schema's default; nothing else reads process.env.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
}

const port = z.coerce.number().int().min(1).max(65535);

/** Fragments that several apps share, so each variable has one name and one default everywhere. */
export const stackConfigShape = {
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  OPENSEARCH_URL: z.url().default('http://127.0.0.1:9200'),
  /** Prefixes NATS subjects, stream and consumer names; lets test runs share one server. */
  SESSIONSCOPE_NAMESPACE: z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/, 'lower-case letters, digits, _ and -').default('sessionscope'),
  /** Prefixes OpenSearch index and alias names. */
  SESSIONSCOPE_INDEX_PREFIX: z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/, 'lower-case letters, digits, _ and -').default('sessionscope'),
  /** Number of partitions of the request stream; ingestion and sessionization must agree on it. */
  SESSIONSCOPE_PARTITIONS: z.coerce.number().int().min(1).max(256).default(4),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
};

export const httpConfigShape = (defaultPort: number) => ({
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(defaultPort),
});

export const defaultPorts = { gateway: 8080, ingestion: 8081, sessionization: 8082 } as const;

/**
 * The tenant and ingest token of a local demo: ingestion accepts this token for tenant `default` until
 * INGEST_TOKENS is set (it logs a warning meanwhile), and the CLI sends it unless
 * SESSIONSCOPE_INGEST_TOKEN says otherwise. Public, so never for real traffic.
 */
export const defaultTenant = 'default';
export const developmentIngestToken = 'sessionscope-development-ingest-token';

const logLevelsInOrder = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof logLevelsInOrder)[number];

/** LOG_LEVEL=warn → ['error', 'warn']: the levels a logger prints at that setting. */
export function logLevelsUpTo(level: LogLevel): LogLevel[] {
  return logLevelsInOrder.slice(0, logLevelsInOrder.indexOf(level) + 1);
}
export { hashIngestToken, tenantNamePattern, tokenDirectory, tokenHashPattern, type TokenDirectory } from './ingest-tokens';
