import { stackConfigShape } from '@sessionscope/shared/config';

export type StackServiceName = 'nats' | 'redis' | 'opensearch';

/** The URLs the local stack serves; the defaults of the shared config, so each has one definition. */
export const localDefaultUrls: Record<StackServiceName, string> = {
  nats: stackConfigShape.NATS_URL.parse(undefined),
  redis: stackConfigShape.REDIS_URL.parse(undefined),
  opensearch: stackConfigShape.OPENSEARCH_URL.parse(undefined),
};

const defaultPortOf: Record<StackServiceName, number> = { nats: 4222, redis: 6379, opensearch: 9200 };
const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export type Endpoint = { host: string; port: number };

/**
 * Host and port of a service URL. NATS accepts a comma-separated list of servers and bare
 * `host:port`; the first server is the one probed.
 */
export function endpointOf(service: StackServiceName, url: string): Endpoint {
  const first = url.split(',')[0].trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(first) ? first : `${service === 'opensearch' ? 'http' : service}://${first}`;
  const parsed = new URL(withScheme);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port ? Number(parsed.port) : service === 'opensearch' && parsed.protocol === 'https:' ? 443 : defaultPortOf[service];
  return { host, port };
}

/**
 * True when `url` names the local stack this machine may start: a loopback host on the default port.
 * Anything else (another host, another port, TLS, credentials) belongs to someone else and is only checked.
 */
export function isLocalDefault(service: StackServiceName, url: string): boolean {
  let parsed: URL;
  try {
    const first = url.trim();
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(first) ? first : `${service === 'opensearch' ? 'http' : service}://${first}`);
  } catch {
    return false;
  }
  if (url.includes(',')) return false;
  const expected = new URL(localDefaultUrls[service]);
  if (parsed.protocol !== expected.protocol || parsed.username || parsed.password) return false;
  if (!loopbackNames.has(parsed.hostname)) return false;
  if (parsed.pathname !== '/' && parsed.pathname !== '') return false;
  return endpointOf(service, url).port === defaultPortOf[service];
}

/** A URL without its credentials, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
