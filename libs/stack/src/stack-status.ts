import { endpointOf, localDefaultUrls, redactUrl, type StackServiceName } from './endpoints';
import { probeNats, probeOpenSearch, probeRedis } from './probes';

export type StackUrls = { natsUrl?: string; redisUrl?: string; opensearchUrl?: string };

export type ServiceStatus = { service: StackServiceName; url: string; up: boolean; detail: string };

/** One look at each service of the stack, in parallel; never starts anything. */
export async function stackStatus(urls: StackUrls = {}): Promise<ServiceStatus[]> {
  const natsUrl = urls.natsUrl ?? localDefaultUrls.nats;
  const redisUrl = urls.redisUrl ?? localDefaultUrls.redis;
  const opensearchUrl = urls.opensearchUrl ?? localDefaultUrls.opensearch;
  const [nats, redis, opensearch] = await Promise.all([
    probeNats(endpointOf('nats', natsUrl)),
    probeRedis(endpointOf('redis', redisUrl)),
    probeOpenSearch(opensearchUrl),
  ]);
  return [
    { service: 'nats', url: redactUrl(natsUrl), ...nats },
    { service: 'redis', url: redactUrl(redisUrl), ...redis },
    { service: 'opensearch', url: redactUrl(opensearchUrl), up: opensearch.up, detail: opensearch.detail },
  ];
}
