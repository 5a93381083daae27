import { anObservedRequest } from '@sessionscope/contracts/testing';
import { IncomingRequest } from '../sessionizer';

let sequence = 0;

/** An incoming request with sensible defaults; override only what a test is about. */
export function anIncomingRequest(overrides: { at: string; key?: string; application?: string; id?: string; clientIp?: string; userAgent?: string; position?: number }): IncomingRequest {
  sequence += 1;
  const request = anObservedRequest({
    id: overrides.id ?? `r-${sequence}`,
    application: overrides.application ?? 'shop',
    timestamp: new Date(overrides.at).toISOString(),
    clientIp: overrides.clientIp ?? '203.0.113.7',
    userAgent: overrides.userAgent ?? 'Mozilla/5.0',
  });
  return { position: overrides.position ?? sequence, storedAtMs: 0, correlationId: 'test', request, sessionKey: { point: 'cookie:sid', hash: overrides.key ?? 'key-a' } };
}
