import { SessionSnapshot } from '@sessionscope/contracts';
import { z } from 'zod';
import { requestDocumentSchema } from '../request.query';
import { SessionStats } from '../session-stats.query';

/** Builders with sensible defaults for the explorer's unit tests; override only what a test is about. */
export function aSessionSnapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    sessionId: 's-1',
    revision: 3,
    tenant: 'default',
    application: 'shop',
    keyPoint: 'cookie:sid',
    status: 'closed',
    closeReason: 'idle',
    firstSeen: '2026-11-24T09:00:00.000Z',
    lastSeen: '2026-11-24T11:00:00.000Z',
    requestCount: 10,
    clientIps: ['203.0.113.7'],
    userAgents: ['Mozilla/5.0'],
    hosts: ['shop.example.com'],
    user: 'alice',
    previousPartId: null,
    ...overrides,
  };
}

export function someSessionStats(overrides: Partial<SessionStats> = {}): SessionStats {
  return {
    firstSeen: '2026-11-24T10:00:00.000Z',
    lastSeen: '2026-11-24T10:05:00.000Z',
    requestCount: 2,
    clientIps: ['203.0.113.7'],
    userAgents: ['Mozilla/5.0'],
    hosts: ['shop.example.com'],
    endpointCount: 1,
    topEndpoints: [{ host: 'shop.example.com', method: 'GET', path: '/api/items', requestCount: 2 }],
    attackCount: 0,
    ...overrides,
  };
}

export type RequestDocument = z.infer<typeof requestDocumentSchema>;

export function aRequestDocument(overrides: Partial<RequestDocument> = {}): RequestDocument {
  return {
    requestId: 'r-1',
    sessionId: 's-1',
    tenant: 'default',
    application: 'shop',
    timestamp: '2026-11-24T10:00:00.000Z',
    method: 'GET',
    scheme: 'https',
    host: 'shop.example.com',
    path: '/api/items',
    query: '',
    status: 200,
    durationMs: 5,
    requestBytes: 100,
    responseBytes: 200,
    clientIp: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    requestHeaders: { 'user-agent': 'Mozilla/5.0' },
    responseHeaders: { 'content-type': 'application/json' },
    requestBody: null,
    responseBody: '{"items":[]}',
    source: { format: 'ndjson', line: 7 },
    ...overrides,
  };
}
