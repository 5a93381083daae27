import { defaultPorts, httpConfigShape, loadConfig, stackConfigShape } from '@sessionscope/shared/config';
import { z } from 'zod';

/** The gateway's whole configuration; parsed once, at start, by loadConfig (environment over defaults). */
export const gatewayConfigSchema = z.object({
  ...httpConfigShape(defaultPorts.gateway),
  OPENSEARCH_URL: stackConfigShape.OPENSEARCH_URL,
  NATS_URL: stackConfigShape.NATS_URL,
  SESSIONSCOPE_NAMESPACE: stackConfigShape.SESSIONSCOPE_NAMESPACE,
  SESSIONSCOPE_INDEX_PREFIX: stackConfigShape.SESSIONSCOPE_INDEX_PREFIX,
  LOG_LEVEL: stackConfigShape.LOG_LEVEL,
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
