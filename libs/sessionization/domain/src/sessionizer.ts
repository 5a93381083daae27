import { createHash } from 'node:crypto';
import { AttackType, createEvent, ObservedRequest, RequestAssignedToSession, SessionEvent, SessionKey, SessionSnapshot } from '@sessionscope/contracts';

/**
 * Sessionization of one partition of the request stream, as pure functions:
 * `decide(state, requests, settings, context)` returns the next state and the events to publish.
 *
 * Rules (PRODUCT.md): the requests of one session key of one application, in time order, form a session.
 * A request more than `idleTimeoutMs` after the session's last one starts a new session; a session that
 * has lasted `maxSessionMs` continues as a new part linked by `previousPartId`. A session is closed when
 * its application's event-time watermark passes its last request by the idle timeout plus the allowed
 * lateness; closed sessions leave the state, which therefore holds only sessions that may still grow.
 */
export type SessionizationSettings = {
  idleTimeoutMs: number;
  maxSessionMs: number;
  /** How late (in event time) a request may arrive and still join a session that looked idle. */
  allowedLatenessMs: number;
};

export function defaultSessionizationSettings(): SessionizationSettings {
  return { idleTimeoutMs: 30 * 60 * 1000, maxSessionMs: 24 * 60 * 60 * 1000, allowedLatenessMs: 10 * 60 * 1000 };
}

export type OpenSession = {
  sessionId: string;
  tenant: string;
  application: string;
  keyPoint: string;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Start of this part: the first request time of the part, the reference for maxSessionMs. */
  partStartMs: number;
  requestCount: number;
  clientIps: string[];
  userAgents: string[];
  hosts: string[];
  user: string | null;
  previousPartId: string | null;
  /** Requests with at least one hit, and the attack types seen. */
  attackCount: number;
  attackTypes: AttackType[];
};

export type PartitionState = {
  /** Stream position of the last request applied; redelivered requests at or below it are skipped. */
  lastPosition: number;
  /**
   * Highest request time seen per `tenant|application` (ms since epoch). Kept per application so that
   * traffic of another era (an old log imported beside live traffic of another application) does not
   * close the sessions of the other.
   */
  watermarksMs: Record<string, number>;
  /** Open sessions by `tenant|application|key hash`. */
  sessions: Record<string, OpenSession>;
};

export const initialPartitionState: PartitionState = { lastPosition: 0, watermarksMs: {}, sessions: {} };

/** A checkpoint saved by an earlier version, brought to the current shape (fields added since get defaults). */
export function upcastPartitionState(saved: PartitionState): PartitionState {
  const sessions: Record<string, OpenSession> = {};
  for (const [key, session] of Object.entries(saved.sessions)) sessions[key] = { ...session, attackCount: session.attackCount ?? 0, attackTypes: session.attackTypes ?? [] };
  return { lastPosition: saved.lastPosition, watermarksMs: saved.watermarksMs ?? {}, sessions };
}

export type IncomingRequest = { position: number; correlationId: string; request: ObservedRequest; sessionKey: SessionKey };

export type SessionizationEvent = RequestAssignedToSession | SessionEvent;

export type DecisionContext = { now: string };

/** Lists kept on a session are capped so that a session's document stays small. */
const listLimits = { clientIps: 20, userAgents: 10, hosts: 20 } as const;

export function sessionIdFor(tenant: string, application: string, keyHash: string, firstRequestId: string): string {
  return `s-${createHash('sha256').update(`${tenant}\u0000${application}\u0000${keyHash}\u0000${firstRequestId}`).digest('hex').slice(0, 24)}`;
}

/**
 * A session's revision follows from its content (two steps per request, one more once closed), not from
 * how many batches it went through: a batch repeated after a crash with other boundaries yields the
 * same revision for the same content, and a newer content always a higher one.
 */
export function revisionOf(requestCount: number, closed: boolean): number {
  return 2 * requestCount + (closed ? 1 : 0);
}

export function toSnapshot(session: OpenSession, closeReason: SessionSnapshot['closeReason'] = null): SessionSnapshot {
  return {
    sessionId: session.sessionId,
    revision: revisionOf(session.requestCount, closeReason !== null),
    tenant: session.tenant,
    application: session.application,
    keyPoint: session.keyPoint,
    status: closeReason ? 'closed' : 'open',
    closeReason,
    firstSeen: new Date(session.firstSeenMs).toISOString(),
    lastSeen: new Date(session.lastSeenMs).toISOString(),
    requestCount: session.requestCount,
    clientIps: session.clientIps,
    userAgents: session.userAgents,
    hosts: session.hosts,
    user: session.user,
    previousPartId: session.previousPartId,
    attackCount: session.attackCount,
    attackTypes: session.attackTypes,
  };
}

function withValue(list: string[], value: string | null, limit: number): string[] {
  if (value === null || value === '' || list.includes(value) || list.length >= limit) return list;
  return [...list, value];
}

function openSession(incoming: IncomingRequest, timeMs: number, previousPartId: string | null): OpenSession {
  const { request, sessionKey } = incoming;
  return {
    sessionId: sessionIdFor(request.tenant, request.application, sessionKey.hash, request.id),
    tenant: request.tenant,
    application: request.application,
    keyPoint: sessionKey.point,
    firstSeenMs: timeMs,
    lastSeenMs: timeMs,
    partStartMs: timeMs,
    requestCount: 0,
    clientIps: [],
    userAgents: [],
    hosts: [],
    user: null,
    previousPartId,
    attackCount: 0,
    attackTypes: [],
  };
}

function addRequest(session: OpenSession, request: ObservedRequest, timeMs: number): OpenSession {
  return {
    ...session,
    firstSeenMs: Math.min(session.firstSeenMs, timeMs),
    lastSeenMs: Math.max(session.lastSeenMs, timeMs),
    requestCount: session.requestCount + 1,
    clientIps: withValue(session.clientIps, request.clientIp, listLimits.clientIps),
    userAgents: withValue(session.userAgents, request.userAgent, listLimits.userAgents),
    hosts: withValue(session.hosts, request.host, listLimits.hosts),
    attackCount: session.attackCount + (request.hits?.length ? 1 : 0),
    attackTypes: request.hits?.length ? [...new Set([...session.attackTypes, ...request.hits.map((hit) => hit.type)])].sort() : session.attackTypes,
  };
}

const applicationKeyOf = (tenant: string, application: string) => `${tenant}|${application}`;

export function stateKeyOf(incoming: IncomingRequest): string {
  return `${applicationKeyOf(incoming.request.tenant, incoming.request.application)}|${incoming.sessionKey.hash}`;
}

type Change = { kind: 'opened' | 'updated' | 'closed'; session: OpenSession; closeReason: SessionSnapshot['closeReason']; correlationId: string };

export function decide(state: PartitionState, requests: IncomingRequest[], settings: SessionizationSettings, context: DecisionContext): { state: PartitionState; events: SessionizationEvent[] } {
  const sessions = { ...state.sessions };
  let { lastPosition } = state;
  const watermarksMs = { ...state.watermarksMs };
  const assignments: RequestAssignedToSession[] = [];
  // Per session id, the last change of this batch: one session event per session and batch.
  const changes = new Map<string, Change>();
  const openedInBatch = new Set<string>();
  const meta = (id: string, tenant: string, correlationId: string) => ({ id, tenant, correlationId, occurredAt: context.now });

  const close = (session: OpenSession, closeReason: 'idle' | 'max-length', correlationId: string) => {
    changes.set(session.sessionId, { kind: 'closed', session, closeReason, correlationId });
  };

  for (const incoming of requests) {
    if (incoming.position <= lastPosition) continue;
    lastPosition = incoming.position;
    const { request } = incoming;
    const timeMs = Date.parse(request.timestamp);
    const key = stateKeyOf(incoming);
    const application = applicationKeyOf(request.tenant, request.application);
    let session: OpenSession | undefined = sessions[key];
    let previousPartId: string | null = null;
    // Closed by the watermark as of the requests before this one: the same whatever the batch boundaries.
    if (session && session.lastSeenMs + settings.idleTimeoutMs + settings.allowedLatenessMs < (watermarksMs[application] ?? 0)) {
      close(session, 'idle', incoming.correlationId);
      session = undefined;
    } else if (session && timeMs - session.lastSeenMs > settings.idleTimeoutMs) {
      close(session, 'idle', incoming.correlationId);
      session = undefined;
    } else if (session && timeMs - session.partStartMs >= settings.maxSessionMs) {
      close(session, 'max-length', incoming.correlationId);
      previousPartId = session.sessionId;
      session = undefined;
    }
    if (!session) {
      session = openSession(incoming, timeMs, previousPartId);
      openedInBatch.add(session.sessionId);
    }
    session = addRequest(session, request, timeMs);
    sessions[key] = session;
    watermarksMs[application] = Math.max(watermarksMs[application] ?? 0, timeMs);
    changes.set(session.sessionId, { kind: openedInBatch.has(session.sessionId) ? 'opened' : 'updated', session, closeReason: null, correlationId: incoming.correlationId });
    assignments.push(createEvent('RequestAssignedToSession', { sessionId: session.sessionId, request }, meta(`assigned:${request.tenant}:${request.id}`, request.tenant, incoming.correlationId)));
  }

  for (const [key, session] of Object.entries(sessions)) {
    const watermarkMs = watermarksMs[applicationKeyOf(session.tenant, session.application)] ?? 0;
    if (session.lastSeenMs + settings.idleTimeoutMs + settings.allowedLatenessMs >= watermarkMs) continue;
    close(session, 'idle', changes.get(session.sessionId)?.correlationId ?? 'watermark');
    delete sessions[key];
  }

  const sessionEvents: SessionEvent[] = [];
  for (const change of changes.values()) {
    const snapshot = toSnapshot(change.session, change.closeReason);
    const type = change.kind === 'opened' ? 'SessionOpened' : change.kind === 'updated' ? 'SessionUpdated' : 'SessionClosed';
    sessionEvents.push(createEvent(type, { session: snapshot }, meta(`session:${snapshot.sessionId}:${snapshot.revision}`, snapshot.tenant, change.correlationId)));
  }

  return { state: { lastPosition, watermarksMs, sessions }, events: [...assignments, ...sessionEvents] };
}
