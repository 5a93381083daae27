import { createHash } from 'node:crypto';
import { AttackType, createEvent, Identity, ObservedRequest, RequestAssignedToSession, SessionEvent, SessionKey, SessionSnapshot } from '@sessionscope/contracts';

/**
 * Sessionization of one partition of the request stream, as pure functions:
 * `decide(state, requests, settings, context)` returns the next state and the events to publish.
 *
 * Rules (PRODUCT.md): the requests of one session key of one application, in time order, form a session.
 * A request more than `idleTimeoutMs` after the session's last one starts a new session; a session that
 * has lasted `maxSessionMs` continues as a new part linked by `previousPartId`. A session is closed when
 * its application's event-time watermark passes its last request by the idle timeout plus the allowed
 * lateness; closed sessions leave the state, which therefore holds only sessions that may still grow.
 *
 * Late and out-of-order traffic: arriving requests are held in a reorder buffer and applied in event-time
 * order (ties by request id) once their application's watermark has passed them by `allowedLatenessMs`.
 * The same requests in any arrival order within that bound therefore give the same sessions and ids.
 * So that live traffic is not held back for the whole lateness, a request is also released once it has
 * waited `maxHoldMs` of stream time: once a message stored that much later than its own reaches the
 * partition (a later request, or a StreamTick that the service writes into a partition without new
 * traffic). One that arrives later than both bounds still joins the session its time falls into when
 * that session is open, or else forms a session of its own. Stream time is stamped by JetStream and read
 * again with every redelivery, so the decisions are a function of the stream alone, whoever reads it,
 * however it is cut into batches and however far behind the reader is; `decide` reads no clock.
 */
export type SessionRules = {
  idleTimeoutMs: number;
  maxSessionMs: number;
};

export type SessionizationSettings = SessionRules & {
  /** How late (in event time) a request may arrive and still land where its timestamp puts it. */
  allowedLatenessMs: number;
  /** The longest a request waits in the reorder buffer, in processing time. */
  maxHoldMs: number;
  /** The rules of one application (its session configuration); null for the defaults above. */
  rulesOf?: (tenant: string, application: string) => SessionRules | null;
};

export function defaultSessionizationSettings(): SessionizationSettings {
  return { idleTimeoutMs: 30 * 60 * 1000, maxSessionMs: 24 * 60 * 60 * 1000, allowedLatenessMs: 10 * 60 * 1000, maxHoldMs: 5000 };
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
  roles: string[];
  previousPartId: string | null;
  /** Requests with at least one hit, and the attack types seen. */
  attackCount: number;
  attackTypes: AttackType[];
  /** The application's watermark when the session's latest request was applied (absent in older checkpoints). */
  touchedAtWatermarkMs?: number;
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
  /** Open sessions by `tenant|application|key hash` (a Map: copied once a batch, it must stay cheap to copy). */
  sessions: Map<string, OpenSession>;
  /**
   * The last session of a key that the watermark closed, kept until the watermark has moved `closedKeptMs`
   * past the later of its closing point and the watermark at its last request (see forgetAfterMs: both
   * follow from the stream, not from where batches end): a request of that key within the idle gap of it
   * (traffic imported late, a log shipper that was down) opens it again rather than starting its own.
   */
  closed: Map<string, ClosedSession>;
  /** The watermark of each application when its open sessions were last checked for closing. */
  scannedWatermarksMs: Record<string, number>;
  /**
   * Highest request time received per `tenant|application`, applied or still held; the reorder buffer
   * releases a request once this passes it by the allowed lateness. (`watermarksMs` follows the applied
   * requests and closes sessions.)
   */
  receivedWatermarksMs: Record<string, number>;
  /** The reorder buffer per `tenant|application`: requests received but not yet applied, by time then id. */
  held: Record<string, HeldRequest[]>;
  /** The same requests by stored time (then position): those that waited the hold time come first. */
  waiting: HeldRequest[];
  /**
   * The latest stored time among the messages up to lastPosition: the stream's clock, against which the
   * hold time is measured. Kept as the maximum, since a stream's stored times can step back (a new
   * leader with a slower clock), so that a restart finds the clock where it was.
   */
  streamTimeMs: number;
  /**
   * Positions at most lastPosition that were held when the state was saved without its buffer (see
   * withoutHeldRequests); they are taken again when the stream delivers them again.
   */
  reacceptPositions: number[];
};

export const initialPartitionState: PartitionState = {
  lastPosition: 0,
  watermarksMs: {},
  receivedWatermarksMs: {},
  sessions: new Map(),
  closed: new Map(),
  scannedWatermarksMs: {},
  held: {},
  waiting: [],
  streamTimeMs: 0,
  reacceptPositions: [],
};

/** A partition's state as a checkpoint stores it (JSON). */
export type SavedPartitionState = Omit<PartitionState, 'sessions' | 'closed' | 'waiting'> & { sessions: Record<string, OpenSession>; closed?: Record<string, ClosedSession> };

/**
 * The state to store in a checkpoint: held requests are not stored (they can be large) but named by
 * position; the stream delivers them again from `resumePositionOf`.
 */
export function toSavedState(state: PartitionState): SavedPartitionState {
  const { waiting: _heldAgainOnRedelivery, ...saved } = state;
  return { ...saved, sessions: Object.fromEntries(state.sessions), closed: Object.fromEntries(state.closed), held: {}, reacceptPositions: [...state.reacceptPositions, ...heldPositions(state)].sort((a, b) => a - b) };
}

/** A checkpoint, saved by this or an earlier version, in the current shape (fields added since get defaults). */
export function upcastPartitionState(saved: Partial<SavedPartitionState> & Pick<SavedPartitionState, 'lastPosition' | 'sessions'>): PartitionState {
  const upcast = (session: OpenSession): OpenSession => ({ ...session, roles: session.roles ?? [], attackCount: session.attackCount ?? 0, attackTypes: session.attackTypes ?? [] });
  const sessions = new Map(Object.entries(saved.sessions).map(([key, session]) => [key, upcast(session)]));
  const watermarksMs = saved.watermarksMs ?? {};
  return {
    lastPosition: saved.lastPosition,
    watermarksMs,
    receivedWatermarksMs: saved.receivedWatermarksMs ?? watermarksMs,
    sessions,
    closed: new Map(Object.entries(saved.closed ?? {}).map(([key, entry]) => [key, { ...entry, session: upcast(entry.session) }])),
    scannedWatermarksMs: saved.scannedWatermarksMs ?? {},
    held: saved.held ?? {},
    waiting: Object.values(saved.held ?? {})
      .flat()
      .sort(byStoredTime),
    streamTimeMs: saved.streamTimeMs ?? 0,
    reacceptPositions: saved.reacceptPositions ?? [],
  };
}

function heldPositions(state: PartitionState): number[] {
  return Object.values(state.held).flatMap((entries) => entries.map((entry) => entry.position));
}

/** The stream position to resume reading from: the first held one, else the one after the last applied. */
export function resumePositionOf(state: PartitionState): number {
  let first = state.lastPosition + 1;
  for (const position of [...state.reacceptPositions, ...heldPositions(state)]) first = Math.min(first, position);
  return first;
}

export type ClosedSession = { session: OpenSession };

export type IncomingRequest = {
  position: number;
  /**
   * Stream time of the request's message (when JetStream stored it, ms since epoch), the clock of the
   * hold time. Replay and benchmarks, which read no live stream, give 0 and end with a tick at
   * Number.MAX_SAFE_INTEGER: their requests go by the watermark, and the rest at the end.
   */
  storedAtMs: number;
  correlationId: string;
  request: ObservedRequest;
  sessionKey: SessionKey;
  identity?: Identity;
};

/**
 * A message of the partition's stream without a request (ReorderHoldExpired): it moves the stream's
 * clock, so that held requests of a partition without new traffic go through once they waited.
 */
export type StreamTick = { tick: true; position: number; storedAtMs: number };

/** What a partition's stream carries, in its order. */
export type SessionizerInput = IncomingRequest | StreamTick;

export function isStreamTick(input: SessionizerInput): input is StreamTick {
  return 'tick' in input;
}

/**
 * The stream time from which the oldest held request has waited `maxHoldMs`: a partition whose newest
 * message is older than this, at that time of the service's clock, needs a tick. Null when none is held.
 */
export function holdExpiresAtMs(state: PartitionState, maxHoldMs: number): number | null {
  return state.waiting.length === 0 ? null : state.waiting[0].storedAtMs + maxHoldMs;
}

function byStoredTime(a: HeldRequest, b: HeldRequest): number {
  return a.storedAtMs - b.storedAtMs || a.position - b.position;
}

type HeldRequest = IncomingRequest & { timeMs: number };

export type SessionizationEvent = RequestAssignedToSession | SessionEvent;

/** The service's clock when it decides: the time of the events it makes (occurredAt). No decision depends on it. */
export type DecisionContext = { now: string };

/** Event time between two looks for sessions left behind (see decide). */
const staleScanIntervalMs = 60_000;
/** How far the watermark moves after a session closed before it can no longer open again (see PartitionState.closed). */
const closedKeptMs = 60 * 60_000;

/** Lists kept on a session are capped so that a session's document stays small. */
const listLimits = { clientIps: 20, userAgents: 10, hosts: 20, roles: 20 } as const;

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
    roles: session.roles,
    attackCount: session.attackCount,
    attackTypes: session.attackTypes,
  };
}

function withValue(list: string[], value: string | null, limit: number): string[] {
  if (value === null || value === '' || list.includes(value) || list.length >= limit) return list;
  return [...list, value];
}

/** What the rules look at of an open session. */
export type SessionTimes = Pick<OpenSession, 'firstSeenMs' | 'lastSeenMs' | 'partStartMs'>;

/**
 * What a request does to the latest session of its key, the rule of PRODUCT.md in one place: `join`
 * it (within the idle gap of its last request, however late the request comes: a session closed by the
 * watermark opens again); `open` a new one (there is none, or the gap is longer); continue it in a
 * `next-part` (it reached the maximum length); or, for a request that comes before that session by
 * more than the gap, stand `alone`.
 */
export type SessionStep = 'join' | 'open' | 'next-part' | 'alone';

export function sessionStep(latest: SessionTimes | undefined, timeMs: number, rules: SessionRules): SessionStep {
  if (latest === undefined) return 'open';
  if (timeMs < latest.firstSeenMs - rules.idleTimeoutMs) return 'alone';
  if (timeMs - latest.lastSeenMs > rules.idleTimeoutMs) return 'open';
  if (timeMs - latest.partStartMs >= rules.maxSessionMs) return 'next-part';
  return 'join';
}

/** A new session, or the next part of one that reached the maximum length: a part keeps its User and Roles. */
function openSession(incoming: IncomingRequest, timeMs: number, previousPart: OpenSession | null): OpenSession {
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
    user: previousPart?.user ?? null,
    roles: previousPart?.roles ?? [],
    previousPartId: previousPart?.sessionId ?? null,
    attackCount: 0,
    attackTypes: [],
  };
}

/** Adds a request to a session this batch owns (a copy made on first touch, see decide): updated in place. */
function addRequest(session: OpenSession, request: ObservedRequest, timeMs: number, identity: Identity | undefined): void {
  session.firstSeenMs = Math.min(session.firstSeenMs, timeMs);
  session.lastSeenMs = Math.max(session.lastSeenMs, timeMs);
  session.requestCount += 1;
  session.clientIps = withValue(session.clientIps, request.clientIp, listLimits.clientIps);
  session.userAgents = withValue(session.userAgents, request.userAgent, listLimits.userAgents);
  session.hosts = withValue(session.hosts, request.host, listLimits.hosts);
  // The first user seen names the session; roles gather over its requests.
  session.user ??= identity?.user ?? null;
  for (const role of identity?.roles ?? []) session.roles = withValue(session.roles, role, listLimits.roles);
  if (request.hits?.length) {
    session.attackCount += 1;
    session.attackTypes = [...new Set([...session.attackTypes, ...request.hits.map((hit) => hit.type)])].sort();
  }
}

const applicationKeyOf = (tenant: string, application: string) => `${tenant}|${application}`;

export function stateKeyOf(incoming: IncomingRequest): string {
  return `${applicationKeyOf(incoming.request.tenant, incoming.request.application)}|${incoming.sessionKey.hash}`;
}

type Change = { kind: 'opened' | 'updated' | 'closed'; session: OpenSession; closeReason: SessionSnapshot['closeReason']; correlationId: string };

/** Orders held requests by event time, then by request id: independent of arrival order. */
function byTimeThenId(a: HeldRequest, b: HeldRequest): number {
  return a.timeMs - b.timeMs || (a.request.id < b.request.id ? -1 : a.request.id > b.request.id ? 1 : 0);
}

export function decide(state: PartitionState, inputs: SessionizerInput[], settings: SessionizationSettings, context: DecisionContext): { state: PartitionState; events: SessionizationEvent[] } {
  const sessions = new Map(state.sessions);
  const closed = new Map(state.closed);
  let { lastPosition } = state;
  const watermarksMs = { ...state.watermarksMs };
  const receivedWatermarksMs = { ...state.receivedWatermarksMs };
  const reaccept = new Set(state.reacceptPositions);
  const assignments: RequestAssignedToSession[] = [];
  // Per session id, the last change of this batch: one session event per session and batch.
  const changes = new Map<string, Change>();
  const openedInBatch = new Set<string>();
  const meta = (id: string, tenant: string, correlationId: string) => ({ id, tenant, correlationId, occurredAt: context.now });
  const rulesOf = (tenant: string, application: string): SessionRules => settings.rulesOf?.(tenant, application) ?? settings;

  const close = (session: OpenSession, closeReason: 'idle' | 'max-length', correlationId: string) => {
    changes.set(session.sessionId, { kind: 'closed', session, closeReason, correlationId });
  };
  /** The watermark past which a session of a key is forgotten: a request of the key then starts afresh. */
  const forgetAfterMs = (session: OpenSession, rules: SessionRules) =>
    Math.max(session.lastSeenMs + rules.idleTimeoutMs + settings.allowedLatenessMs, session.touchedAtWatermarkMs ?? session.lastSeenMs) + closedKeptMs;
  const staleBeforeMs = (application: string, rules: SessionRules) => (watermarksMs[application] ?? 0) - rules.idleTimeoutMs - settings.allowedLatenessMs;
  // Sessions of the state are never changed: a batch works on copies, made when it first touches one.
  const owned = new Set<OpenSession>();
  const own = (session: OpenSession): OpenSession => {
    if (owned.has(session)) return session;
    const copy = { ...session };
    owned.add(copy);
    return copy;
  };
  const opened = (incoming: HeldRequest, previousPart: OpenSession | null): OpenSession => {
    const session = openSession(incoming, incoming.timeMs, previousPart);
    owned.add(session);
    openedInBatch.add(session.sessionId);
    return session;
  };

  /** The held requests applied in this call (the `waiting` list drops them at its end). */
  const applied = new Set<HeldRequest>();
  const apply = (incoming: HeldRequest) => {
    applied.add(incoming);
    const { request, timeMs } = incoming;
    const application = applicationKeyOf(request.tenant, request.application);
    const rules = rulesOf(request.tenant, request.application);
    const key = stateKeyOf(incoming);
    let reopenable = sessions.has(key) ? undefined : closed.get(key)?.session;
    let open = sessions.get(key) ?? reopenable;
    if (open && (watermarksMs[application] ?? 0) > forgetAfterMs(open, rules)) {
      // Forgotten whether or not a scan got to it yet; one still open closes now.
      if (reopenable) {
        closed.delete(key);
      } else {
        close(open, 'idle', incoming.correlationId);
        sessions.delete(key);
      }
      open = undefined;
      reopenable = undefined;
    }
    const step = sessionStep(open, timeMs, rules);
    let session: OpenSession;
    if (step === 'alone') {
      session = opened(incoming, null);
      addRequest(session, request, timeMs, incoming.identity);
      close(session, 'idle', incoming.correlationId);
      assignments.push(assigned(session, incoming));
      return;
    }
    if (reopenable) closed.delete(key);
    if (step === 'join' && open) session = own(open);
    else {
      // A session the watermark closed was closed then; an open one closes now.
      if (open && !reopenable) close(open, step === 'next-part' ? 'max-length' : 'idle', incoming.correlationId);
      session = opened(incoming, step === 'next-part' ? (open ?? null) : null);
    }
    addRequest(session, request, timeMs, incoming.identity);
    if (session !== open || reopenable) sessions.set(key, session);
    watermarksMs[application] = Math.max(watermarksMs[application] ?? 0, timeMs);
    session.touchedAtWatermarkMs = watermarksMs[application];
    changes.set(session.sessionId, { kind: openedInBatch.has(session.sessionId) ? 'opened' : 'updated', session, closeReason: null, correlationId: incoming.correlationId });
    assignments.push(assigned(session, incoming));
  };

  // The buffer of each application is sorted; `heads` counts its entries applied in this call, which are
  // cut off once at the end (cutting at every release would copy the buffer for every request).
  const held: Record<string, HeldRequest[]> = {};
  for (const [application, entries] of Object.entries(state.held)) held[application] = [...entries];
  const heads = new Map<string, number>();
  /** Applies, in order, the held requests of an application up to (and with) this time. */
  const releaseUpTo = (application: string, untilMs: number) => {
    const entries = held[application] ?? [];
    let head = heads.get(application) ?? 0;
    while (head < entries.length && entries[head].timeMs <= untilMs) apply(entries[head++]);
    heads.set(application, head);
  };
  const hold = (application: string, entry: HeldRequest) => {
    const entries = (held[application] ??= []);
    // Traffic arrives mostly in order, so the search for the place starts from the end.
    let index = entries.length;
    while (index > (heads.get(application) ?? 0) && byTimeThenId(entries[index - 1], entry) > 0) index--;
    entries.splice(index, 0, entry);
  };

  // The held requests by stored time: the hold time is measured against the stream's clock, so those
  // that waited come first.
  const waiting = [...state.waiting];
  let waitingFrom = 0;
  let streamTimeMs = state.streamTimeMs;
  /** The held requests that waited the hold time go, each with every earlier one (in time) of its application. */
  const releaseWaited = () => {
    while (waitingFrom < waiting.length && waiting[waitingFrom].storedAtMs + settings.maxHoldMs <= streamTimeMs) {
      const waited = waiting[waitingFrom++];
      if (!applied.has(waited)) releaseUpTo(applicationKeyOf(waited.request.tenant, waited.request.application), waited.timeMs);
    }
  };
  const wait = (entry: HeldRequest) => {
    // Stored times mostly grow with the position, so the search for the place starts from the end.
    let index = waiting.length;
    while (index > waitingFrom && byStoredTime(waiting[index - 1], entry) > 0) index--;
    waiting.splice(index, 0, entry);
  };

  for (const incoming of inputs) {
    const fresh = incoming.position > lastPosition;
    if (!fresh && !reaccept.delete(incoming.position)) continue;
    lastPosition = Math.max(lastPosition, incoming.position);
    // A request held again after a restart finds the clock where the checkpoint left it, past its own time.
    if (fresh) streamTimeMs = Math.max(streamTimeMs, incoming.storedAtMs);
    if (!isStreamTick(incoming)) {
      const timeMs = Date.parse(incoming.request.timestamp);
      const application = applicationKeyOf(incoming.request.tenant, incoming.request.application);
      const entry: HeldRequest = { position: incoming.position, storedAtMs: incoming.storedAtMs, correlationId: incoming.correlationId, request: incoming.request, sessionKey: incoming.sessionKey, identity: incoming.identity, timeMs };
      hold(application, entry);
      wait(entry);
      receivedWatermarksMs[application] = Math.max(receivedWatermarksMs[application] ?? 0, timeMs);
      releaseUpTo(application, settings.maxHoldMs <= 0 ? Infinity : receivedWatermarksMs[application] - settings.allowedLatenessMs);
    }
    releaseWaited();
  }
  for (const [application, entries] of Object.entries(held)) {
    const rest = entries.slice(heads.get(application) ?? 0);
    if (rest.length > 0) held[application] = rest;
    else delete held[application];
  }

  // Sessions left behind close once their application's watermark passed them. Looking through every
  // open session costs, so it is done once per minute of event time; a request for a stale session
  // closes it at once anyway (apply), so only the time of the close event depends on this.
  const scannedWatermarksMs = { ...state.scannedWatermarksMs };
  const due = Object.entries(watermarksMs).filter(([application, watermarkMs]) => watermarkMs >= (scannedWatermarksMs[application] ?? 0) + staleScanIntervalMs);
  if (due.length > 0) {
    for (const [application, watermarkMs] of due) scannedWatermarksMs[application] = watermarkMs;
    const dueApplications = new Set(due.map(([application]) => application));
    for (const [key, session] of sessions) {
      const application = applicationKeyOf(session.tenant, session.application);
      if (!dueApplications.has(application) || session.lastSeenMs >= staleBeforeMs(application, rulesOf(session.tenant, session.application))) continue;
      close(session, 'idle', changes.get(session.sessionId)?.correlationId ?? 'watermark');
      sessions.delete(key);
      closed.set(key, { session });
    }
    for (const [key, { session }] of closed) {
      const application = applicationKeyOf(session.tenant, session.application);
      if (dueApplications.has(application) && (watermarksMs[application] ?? 0) > forgetAfterMs(session, rulesOf(session.tenant, session.application))) closed.delete(key);
    }
  }

  const sessionEvents: SessionEvent[] = [];
  for (const change of changes.values()) {
    const snapshot = toSnapshot(change.session, change.closeReason);
    const type = change.kind === 'opened' ? 'SessionOpened' : change.kind === 'updated' ? 'SessionUpdated' : 'SessionClosed';
    sessionEvents.push(createEvent(type, { session: snapshot }, meta(`session:${snapshot.sessionId}:${snapshot.revision}`, snapshot.tenant, change.correlationId)));
  }

  return {
    state: {
      lastPosition,
      watermarksMs,
      receivedWatermarksMs,
      sessions,
      closed,
      scannedWatermarksMs,
      held,
      waiting: waiting.slice(waitingFrom).filter((entry) => !applied.has(entry)),
      streamTimeMs,
      reacceptPositions: [...reaccept].sort((a, b) => a - b),
    },
    events: [...assignments, ...sessionEvents],
  };

  function assigned(session: OpenSession, incoming: IncomingRequest): RequestAssignedToSession {
    const { request } = incoming;
    return createEvent('RequestAssignedToSession', { sessionId: session.sessionId, request }, meta(`assigned:${request.tenant}:${request.id}:${session.sessionId}`, request.tenant, incoming.correlationId));
  }
}
