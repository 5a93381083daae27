import { createEvent, ObservedRequest, RequestObserved, RequestRecord, SessionKey, SessionKeyPoint } from '@sessionscope/contracts';
import { detect, Paranoia } from '@sessionscope/detection';
import { resolveSessionKey } from '@sessionscope/session-keys';
import { parseAccessLogLine } from './access-log-line';
import { bodyLines, isBodyLine } from './body-lines';
import { LineRejected, LineRejection } from './line-rejection';
import { maskSecrets } from './mask-secrets';
import { parseNdjsonLine } from './ndjson-line';
import { normaliseRecord } from './normalise-record';
import { recordIdOf } from './record-id';
import { TrafficFormat } from './traffic-format';

export const defaultApplication = 'default';

export type TrafficOptions = {
  format: TrafficFormat;
  tenant: string;
  /** Application of records that name none (access log lines never do). Default `default`. */
  application?: string;
  /** Host of records that name none (access log lines never do). Default empty. */
  host?: string;
  /** Opaque name of the source; with it, records without an id get ids stable across retries. */
  sourceId?: string;
  /** Lines of the source before this body; line numbers reported are absolute. Default 0. */
  lineOffset?: number;
  maxLineBytes: number;
};

export type TrafficContext = {
  /** Id of a record that has none and comes from an unnamed source. */
  newId: () => string;
};

export type ParsedLine = { ok: true; request: ObservedRequest } | { ok: false; rejection: LineRejection };

/**
 * Reads a traffic body line by line, lazily: each non-blank line gives a normalised request or the
 * reason it was rejected. A bad line never affects its neighbours.
 */
export function* readTraffic(body: Uint8Array, options: TrafficOptions, context: TrafficContext): Generator<ParsedLine> {
  const application = options.application ?? defaultApplication;
  const host = options.host ?? '';
  for (const item of bodyLines(body, { maxLineBytes: options.maxLineBytes, lineOffset: options.lineOffset ?? 0 })) {
    if (!isBodyLine(item)) {
      yield { ok: false, rejection: item };
      continue;
    }
    try {
      const record = parseRecord(item.text, options.format, { application, host });
      const id = recordIdOf(record.id, item.line, { sourceId: options.sourceId, newId: context.newId });
      const request = normaliseRecord(record, { id, tenant: options.tenant, line: item.line, format: options.format, application, host });
      yield { ok: true, request };
    } catch (error) {
      if (!(error instanceof LineRejected)) throw error;
      yield { ok: false, rejection: { line: item.line, field: error.field, message: error.message } };
    }
  }
}

/** readTraffic, collected: for tests and for callers whose bodies are small. */
export function parseTraffic(body: Uint8Array, options: TrafficOptions, context: TrafficContext): { requests: ObservedRequest[]; rejections: LineRejection[] } {
  const requests: ObservedRequest[] = [];
  const rejections: LineRejection[] = [];
  for (const parsed of readTraffic(body, options, context)) {
    if (parsed.ok) requests.push(parsed.request);
    else rejections.push(parsed.rejection);
  }
  return { requests, rejections };
}

function parseRecord(text: string, format: TrafficFormat, defaults: { application: string; host: string }): RequestRecord {
  return format === 'ndjson' ? parseNdjsonLine(text) : parseAccessLogLine(text, format, defaults);
}

export type EventMeta = { tenant: string; correlationId: string; now: string };

/** The event that announces an observed request; its id is stable for a request, so a republish dedupes. */
export function toRequestObserved(request: ObservedRequest, sessionKey: SessionKey, meta: EventMeta): RequestObserved {
  return createEvent(
    'RequestObserved',
    { request, sessionKey },
    { id: `req:${meta.tenant}:${request.id}`, tenant: meta.tenant, correlationId: meta.correlationId, occurredAt: meta.now },
  );
}

export type SessionKeyOptions = {
  /** The key chain of an application; empty means the built-in fallbacks only. */
  keyChainOf: (application: string) => readonly SessionKeyPoint[];
  /** The tenant's secret for session key hashes. */
  secret: string;
};

export type AttackDetectionOptions = {
  /** The paranoia level of an application's attack detection (1 to 4). */
  paranoiaOf: (application: string) => Paranoia;
};

export type ObservedLine = { ok: true; event: RequestObserved } | { ok: false; rejection: LineRejection };

/**
 * readTraffic, with each accepted request keyed to its session, checked for attacks (its hits travel
 * with it), its credentials masked, and wrapped in its event.
 */
export function* observeTraffic(
  body: Uint8Array,
  options: TrafficOptions & SessionKeyOptions & AttackDetectionOptions,
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
      yield { ok: false, rejection: { line: request.source.line ?? 0, field: 'timestamp', message: timeProblem } };
      continue;
    }
    const sessionKey = resolveSessionKey(request, options.keyChainOf(request.application), {
      tenant: options.tenant,
      application: request.application,
      secret: options.secret,
    });
    // Detection reads the values as sent, before credentials are masked (a cookie can carry a payload).
    const hits = detect(request, { paranoia: options.paranoiaOf(request.application) });
    const stored = maskSecrets(hits.length > 0 ? { ...request, hits } : request);
    yield { ok: true, event: toRequestObserved(stored, sessionKey, { tenant: options.tenant, correlationId: context.correlationId, now: context.now }) };
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
