import { createEvent, Identity, ObservedRequest, RequestObserved, SessionKey } from '@sessionscope/contracts';
import { detect, Paranoia } from '@sessionscope/detection';
import { chainValueHasher, hiddenPointHashes, PointHashes, resolveSessionPoints, SessionPoints } from '@sessionscope/session-keys';
import { LineRejection } from './line-rejection';
import { Masking, maskSecrets } from './mask-secrets';
import { readTraffic, TrafficContext, TrafficOptions } from './read-traffic';

export type EventMeta = { tenant: string; correlationId: string; now: string };

/** What ingestion learned of a request besides its session key: its User and Roles, the keyed hashes of its hidden values. */
export type RequestFacts = { identity?: Identity; pointHashes?: PointHashes };

/** The event that announces an observed request; its id is stable for a request, so a republish dedupes. */
export function toRequestObserved(request: ObservedRequest, sessionKey: SessionKey, meta: EventMeta, facts: RequestFacts = {}): RequestObserved {
  const { identity, pointHashes } = facts;
  return createEvent(
    'RequestObserved',
    { request, sessionKey, ...(identity && (identity.user !== null || identity.roles.length > 0) ? { identity } : {}), ...(pointHashes && Object.keys(pointHashes).length > 0 ? { pointHashes } : {}) },
    { id: `req:${meta.tenant}:${request.id}`, tenant: meta.tenant, correlationId: meta.correlationId, occurredAt: meta.now },
  );
}

export type SessionKeyOptions = {
  /** The key chain and User and Roles points of an application; an empty chain means the built-in fallbacks only. */
  sessionPointsOf: (application: string) => SessionPoints;
  /** The tenant's secret for session key hashes (tenantKeySecret of the deployment's). */
  secret: string;
};

export type AttackDetectionOptions = {
  /** The paranoia level of an application's attack detection (1 to 4). */
  paranoiaOf: (application: string) => Paranoia;
};

export type MaskingOptions = {
  /** How an application's traffic is masked and its bodies capped; the built-in rules when absent. */
  maskingOf?: (application: string) => Masking;
};

const builtInMasking = new Masking();

export type ObservedLine = { ok: true; event: RequestObserved } | { ok: false; rejection: LineRejection };

/**
 * readTraffic, with each accepted request keyed to its session, checked for attacks (its hits travel
 * with it), its credentials masked, and wrapped in its event.
 */
export function* observeTraffic(
  body: Uint8Array,
  options: TrafficOptions & SessionKeyOptions & AttackDetectionOptions & MaskingOptions,
  context: TrafficContext & Omit<EventMeta, 'tenant'>,
): Generator<ObservedLine> {
  for (const parsed of readTraffic(body, options, context)) {
    if (!parsed.ok) {
      yield parsed;
      continue;
    }
    const { request } = parsed;
    const timeProblem = implausibleTime(request.timestamp, context.now);
    if (timeProblem) {
      yield { ok: false, rejection: { ...parsed.at, field: 'timestamp', message: timeProblem } };
      continue;
    }
    const points = options.sessionPointsOf(request.application);
    const scope = { tenant: options.tenant, application: request.application, secret: options.secret };
    // Keys, User and Roles and detection read the values as sent, before credentials are masked.
    const { sessionKey, identity } = resolveSessionPoints(request, points, scope);
    const hits = detect(request, { paranoia: options.paranoiaOf(request.application) });
    const stored = maskSecrets(hits.length > 0 ? { ...request, hits } : request, options.maskingOf?.(request.application) ?? builtInMasking);
    // What masking hid stays known by its keyed hash, so a replay with another key chain finds the same keys.
    const pointHashes = hiddenPointHashes(request, stored, chainValueHasher(scope));
    yield { ok: true, event: toRequestObserved(stored, sessionKey, { tenant: options.tenant, correlationId: context.correlationId, now: context.now }, { identity, pointHashes }) };
  }
}

/** How far in the future (by the receiver's clock) a request time may be: senders' clocks drift. */
export const maxClockSkewMs = 24 * 60 * 60 * 1000;
const earliestTimeMs = Date.parse('1990-01-01T00:00:00Z');

/**
 * A request time far in the future would move its application's event-time watermark past every open
 * session and close them all; one before the web existed is a broken clock. Both are refused.
 */
export function implausibleTime(timestamp: string, now: string): string | null {
  const timeMs = Date.parse(timestamp);
  if (timeMs > Date.parse(now) + maxClockSkewMs) return `${timestamp} is more than 24 hours after the time of receipt (${now})`;
  if (!(timeMs >= earliestTimeMs)) return `${timestamp} is before 1990`;
  return null;
}
