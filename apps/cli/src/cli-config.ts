import { sessionKeyConfigShape } from '@sessionscope/session-keys';
import { sessionizationSettingsConfigShape } from '@sessionscope/sessionization/domain';
import { z } from 'zod';
import { developmentIngestToken, loadConfig, stackConfigShape } from '@sessionscope/shared/config';

/**
 * The CLI's configuration, from environment variables. Precedence: an environment variable wins over
 * the default; command-line options win over both where a command offers one (e.g. `--ingestion-url`).
 * What only some commands use is parsed by those commands alone (localStackConfigSchema,
 * replayConfigSchema), so a variable that `status` never reads cannot stop `status`.
 */
export const cliConfigSchema = z.object({
  NATS_URL: stackConfigShape.NATS_URL,
  REDIS_URL: stackConfigShape.REDIS_URL,
  OPENSEARCH_URL: stackConfigShape.OPENSEARCH_URL,
  SESSIONSCOPE_NAMESPACE: stackConfigShape.SESSIONSCOPE_NAMESPACE,
  SESSIONSCOPE_INDEX_PREFIX: stackConfigShape.SESSIONSCOPE_INDEX_PREFIX,
  SESSIONSCOPE_PARTITIONS: stackConfigShape.SESSIONSCOPE_PARTITIONS,
  /** The ingest token that import, demo, bench-ingest and status send; the local demo's by default. */
  SESSIONSCOPE_INGEST_TOKEN: z.string().min(1).default(developmentIngestToken),
  /** Where the stack looks for nats-server and redis-server besides the Debian paths. */
  PATH: z.string().default(''),
  /** https://no-color.org: any non-empty value turns colours off. */
  NO_COLOR: z.string().optional(),
});

/** Read when the local OpenSearch is started (`up`, `demo`, `test`, `bench-ingest`). */
export const localStackConfigSchema = z.object({
  /**
   * Heap of the local OpenSearch node. The test suite keeps many small indices busy at once: below
   * 1 GiB the node spends its time collecting garbage and answers with 429s, which the services then
   * wait out.
   */
  OPENSEARCH_HEAP_MB: z.coerce.number().int().min(256).max(31_744).default(2048),
});

/** Read by `replay`, which keys stored traffic and decides sessions exactly as ingestion and sessionization do. */
export const replayConfigSchema = z.object({
  ...sessionKeyConfigShape,
  ...sessionizationSettingsConfigShape,
});

export type CliConfig = z.infer<typeof cliConfigSchema>;
export type LocalStackConfig = z.infer<typeof localStackConfigSchema>;
export type ReplayConfig = z.infer<typeof replayConfigSchema>;

export function loadCliConfig(env: Record<string, string | undefined>): CliConfig {
  return loadConfig(cliConfigSchema, env);
}

/** The settings only some commands read, each parsed on its first use (and then kept). */
export function lazyCommandConfigs(env: Record<string, string | undefined>): { localStack: () => LocalStackConfig; replay: () => ReplayConfig } {
  return { localStack: once(() => loadConfig(localStackConfigSchema, env)), replay: once(() => loadConfig(replayConfigSchema, env)) };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
