import { anObservedRequest } from '@sessionscope/contracts/testing';
import { createEvent, ObservedRequest, RequestAssignedToSession, SessionSnapshot, SessionUpdated } from '@sessionscope/contracts';

/**
 * Builders of the events the pipeline projects, with sensible defaults: a test names only what it is
 * about. `aSession` derives the whole-session values from its requests, as sessionization would.
 */
export function aRequest(overrides: Partial<ObservedRequest> & { id: string; timestamp: string }): ObservedRequest {
  return anObservedRequest({
    path: '/api/items',
    query: '',
    requestBytes: 300,
    responseBytes: 1200,
    requestHeaders: { 'user-agent': overrides.userAgent ?? 'Mozilla/5.0', cookie: 'sid=[masked]' },
    ...overrides,
  });
}

export type SessionFixture = { session: SessionSnapshot; requests: ObservedRequest[] };

const distinct = (values: Array<string | null>): string[] => [...new Set(values.filter((value): value is string => value !== null))];

export function aSession(sessionId: string, requests: ObservedRequest[], overrides: Partial<SessionSnapshot> = {}): SessionFixture {
  const times = requests.map((request) => request.timestamp).sort();
  return {
    requests,
    session: {
      sessionId,
      revision: requests.length,
      tenant: requests[0].tenant,
      application: requests[0].application,
      keyPoint: 'cookie:sid',
      status: 'closed',
      closeReason: 'idle',
      firstSeen: times[0],
      lastSeen: times[times.length - 1],
      requestCount: requests.length,
      clientIps: distinct(requests.map((request) => request.clientIp)),
      userAgents: distinct(requests.map((request) => request.userAgent)),
      hosts: distinct(requests.map((request) => request.host)),
      user: null,
      previousPartId: null,
      ...overrides,
    },
  };
}

/** The events that project a session: one assignment per request, then the session's latest snapshot. */
export function eventsOf(fixture: SessionFixture): Array<RequestAssignedToSession | SessionUpdated> {
  const { session } = fixture;
  const meta = (id: string) => ({ id, tenant: session.tenant, correlationId: 'gateway-int-spec', occurredAt: session.lastSeen });
  return [
    ...fixture.requests.map((request) => createEvent('RequestAssignedToSession', { sessionId: session.sessionId, request }, meta(`assigned:${request.id}`))),
    createEvent('SessionUpdated', { session }, meta(`session:${session.sessionId}:${session.revision}`)),
  ];
}
