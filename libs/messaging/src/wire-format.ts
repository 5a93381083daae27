import { createHash } from 'node:crypto';
import { Envelope } from '@sessionscope/contracts';

/**
 * How events travel in NATS messages. A JetStream publish costs a round trip and tens of microseconds
 * of client CPU whatever its size, so the events of one publish call for one subject are packed into
 * messages:
 * a JSON array of envelopes. Each event keeps its own envelope and id; the message id of a pack is
 * derived from the ids inside it, so publishing the same events again is deduplicated by JetStream.
 * A message holding a single JSON object (one envelope) is read as a pack of one.
 */
export const packLimits = {
  /** Also bounds the index of an event inside its message (see positionOf). */
  maxEventsPerMessage: 500,
  /** Stays well under NATS's default 1 MiB maximum payload. */
  maxBytesPerMessage: 512 * 1024,
} as const;

export type Pack = { subject: string; msgId: string; payload: Uint8Array; events: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function packEvents(outgoing: Array<{ subject: string; event: Envelope }>): Pack[] {
  // Events are grouped by subject (each subject's events keep their order), so that interleaved
  // subjects still travel in few messages.
  const bySubject = new Map<string, Envelope[]>();
  for (const { subject, event } of outgoing) {
    const events = bySubject.get(subject);
    if (events) events.push(event);
    else bySubject.set(subject, [event]);
  }
  const packs: Pack[] = [];
  for (const [subject, events] of bySubject) {
    let parts: string[] = [];
    let ids: string[] = [];
    let bytes = 0;
    const flush = () => {
      const msgId = ids.length === 1 ? ids[0] : `pack:${createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 40)}`;
      packs.push({ subject, msgId, payload: encoder.encode(`[${parts.join(',')}]`), events: parts.length });
      parts = [];
      ids = [];
      bytes = 0;
    };
    for (const event of events) {
      const json = JSON.stringify(event);
      const jsonBytes = Buffer.byteLength(json);
      if (parts.length > 0 && (parts.length >= packLimits.maxEventsPerMessage || bytes + jsonBytes > packLimits.maxBytesPerMessage)) flush();
      parts.push(json);
      ids.push(event.id);
      bytes += jsonBytes + 1;
    }
    flush();
  }
  return packs;
}

/** The raw events of a message, not yet checked against the contracts. Throws on invalid JSON. */
export function unpackEvents(payload: Uint8Array): unknown[] {
  const parsed: unknown = JSON.parse(decoder.decode(payload));
  return Array.isArray(parsed) ? parsed : [parsed];
}

/**
 * A total order over the events of a stream: the message's stream sequence, then the event's index in
 * the message. Consumers compare positions to skip what they have already applied.
 */
export function positionOf(streamSequence: number, indexInMessage: number): number {
  return streamSequence * packLimits.maxEventsPerMessage + indexInMessage;
}

/** The stream sequence of the message that holds the event at this position. */
export function sequenceOfPosition(position: number): number {
  return Math.floor(position / packLimits.maxEventsPerMessage);
}
