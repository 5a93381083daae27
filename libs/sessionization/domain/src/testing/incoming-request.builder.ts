import { ObservedRequest } from '@sessionscope/contracts';
import { IncomingRequest } from '../sessionizer';

let sequence = 0;

/** An incoming request with sensible defaults; override only what a test is about. */
export function anIncomingRequest(overrides: { at: string; key?: string; application?: string; id?: string; clientIp?: string; userAgent?: string; position?: number }): IncomingRequest {
  sequence += 1;
  const request: ObservedRequest = {
    id: overrides.id ?? `r-${sequence}`,
    tenant: 'default',
    application: overrides.application ?? 'shop',
    timestamp: new Date(overrides.at).toISOString(),
    method: 'GET',
    scheme: 'https',
    host: 'shop.example.com',
    path: '/api/items',
    query: '',
    status: 200,
    durationMs: 5,
    requestBytes: 100,
    responseBytes: 200,
    clientIp: overrides.clientIp ?? '203.0.113.7',
    userAgent: overrides.userAgent ?? 'Mozilla/5.0',
    requestHeaders: {},
    responseHeaders: {},
    requestBody: null,
    responseBody: null,
    source: { format: 'ndjson', line: null },
  };
  return { position: overrides.position ?? sequence, correlationId: 'test', request, sessionKey: { point: 'cookie:sid', hash: overrides.key ?? 'key-a' } };
}
