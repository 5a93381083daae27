import net from 'node:net';
import { z } from 'zod';
import type { Endpoint } from './endpoints';

export type ProbeResult = { up: boolean; detail: string };

/**
 * Opens a TCP connection, optionally writes `greeting`, and resolves with the first bytes the server
 * sends (up to a line), or `null` when nothing listens or nothing answers within `timeoutMs`.
 */
export function readBanner(endpoint: Endpoint, options: { greeting?: string; timeoutMs?: number } = {}): Promise<string | null> {
  const timeoutMs = options.timeoutMs ?? 2000;
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: endpoint.host, port: endpoint.port });
    let received = '';
    const finish = (value: string | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => finish(received || null));
    socket.once('error', () => finish(null));
    socket.once('connect', () => {
      if (options.greeting) socket.write(options.greeting);
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (received.includes('\n')) finish(received.split('\n')[0].trim());
    });
    socket.once('end', () => finish(received || null));
  });
}

/** True when something accepts TCP connections at the endpoint. */
export function isPortOpen(endpoint: Endpoint, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: endpoint.host, port: endpoint.port });
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => finish(true));
  });
}

const natsInfoSchema = z.looseObject({ server_id: z.string(), version: z.string(), jetstream: z.boolean().optional() });

/** A NATS server greets every client with `INFO {json}`; JetStream must be enabled for the pipeline. */
export async function probeNats(endpoint: Endpoint, timeoutMs = 2000): Promise<ProbeResult> {
  const banner = await readBanner(endpoint, { timeoutMs });
  if (banner === null) return { up: false, detail: 'not answering' };
  if (!banner.startsWith('INFO ')) return { up: false, detail: `something that is not NATS answers (${banner.slice(0, 40)})` };
  const info = natsInfoSchema.safeParse(safeJson(banner.slice(5)));
  if (!info.success) return { up: false, detail: 'NATS INFO line could not be read' };
  if (!info.data.jetstream) return { up: false, detail: `nats-server ${info.data.version} runs without JetStream (start it with -js)` };
  return { up: true, detail: `nats-server ${info.data.version}, JetStream enabled` };
}

/** Redis answers PING with +PONG, or with -NOAUTH when it needs a password: either way it is up. */
export async function probeRedis(endpoint: Endpoint, timeoutMs = 2000): Promise<ProbeResult> {
  const reply = await readBanner(endpoint, { greeting: 'PING\r\n', timeoutMs });
  if (reply === null) return { up: false, detail: 'not answering' };
  if (reply === '+PONG') return { up: true, detail: 'answers PING' };
  if (reply.startsWith('-NOAUTH')) return { up: true, detail: 'answers (password required)' };
  return { up: false, detail: `unexpected reply to PING (${reply.slice(0, 40)})` };
}

export type ClusterHealth = 'green' | 'yellow' | 'red';
const clusterHealthSchema = z.looseObject({ status: z.enum(['green', 'yellow', 'red']), cluster_name: z.string().optional() });

/**
 * fetch refuses URLs with credentials, so `https://user:pass@host` becomes a Basic authorization header.
 */
export function requestTarget(url: string, path: string): { url: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  const headers: Record<string, string> = {};
  if (parsed.username || parsed.password) {
    const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  parsed.pathname = `${parsed.pathname.replace(/\/$/, '')}${path}`;
  return { url: parsed.toString(), headers };
}

/** GET /_cluster/health: `up` means yellow or green, the states in which indices can be written. */
export async function probeOpenSearch(url: string, timeoutMs = 3000): Promise<ProbeResult & { health: ClusterHealth | null }> {
  const target = requestTarget(url, '/_cluster/health');
  let response: Response;
  try {
    response = await fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return { up: false, health: null, detail: 'not answering' };
  }
  const body = clusterHealthSchema.safeParse(safeJson(await response.text().catch(() => '')));
  if (!response.ok || !body.success) return { up: false, health: null, detail: `GET /_cluster/health answered HTTP ${response.status}` };
  const health = body.data.status;
  return { up: health !== 'red', health, detail: `cluster health ${health}` };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
