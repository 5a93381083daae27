import { z } from 'zod';
import { loadConfig, stackConfigShape } from '@sessionscope/shared/config';

/**
 * The CLI's configuration, parsed once at start. Precedence: an environment variable wins over the
 * default; command-line options win over both where a command offers one (e.g. `--ingestion-url`).
 */
export const cliConfigSchema = z.object({
  NATS_URL: stackConfigShape.NATS_URL,
  REDIS_URL: stackConfigShape.REDIS_URL,
  OPENSEARCH_URL: stackConfigShape.OPENSEARCH_URL,
  SESSIONSCOPE_NAMESPACE: stackConfigShape.SESSIONSCOPE_NAMESPACE,
  SESSIONSCOPE_INDEX_PREFIX: stackConfigShape.SESSIONSCOPE_INDEX_PREFIX,
  /** Where the stack looks for nats-server and redis-server besides the Debian paths. */
  PATH: z.string().default(''),
  /** https://no-color.org: any non-empty value turns colours off. */
  NO_COLOR: z.string().optional(),
});

export type CliConfig = z.infer<typeof cliConfigSchema>;

export function loadCliConfig(env: Record<string, string | undefined>): CliConfig {
  return loadConfig(cliConfigSchema, env);
}
