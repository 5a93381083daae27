import { SessionEvent } from '@sessionscope/contracts';
import { decide, defaultSessionizationSettings, initialPartitionState, IncomingRequest, PartitionState, SessionizationEvent, upcastPartitionState } from './sessionizer';
import { anIncomingRequest } from './testing/incoming-request.builder';

const settings = defaultSessionizationSettings();
const context = { now: '2026-11-24T12:00:00.000Z' };
const minutes = (n: number) => n * 60_000;
const at = (base: string, offsetMs: number) => new Date(Date.parse(base) + offsetMs).toISOString();

const sessionEvents = (events: SessionizationEvent[]) => events.filter((event): event is SessionEvent => event.type !== 'RequestAssignedToSession');
const assignments = (events: SessionizationEvent[]) =>
  events.flatMap((event) => (event.type === 'RequestAssignedToSession' ? [{ requestId: event.data.request.id, sessionId: event.data.sessionId }] : []));

/** Runs requests through decide in batches of `batchSize`, as a consumer would. */
function sessionize(requests: IncomingRequest[], batchSize = requests.length, state: PartitionState = initialPartitionState) {
  const events: SessionizationEvent[] = [];
  for (let start = 0; start < requests.length; start += batchSize) {
    const result = decide(state, requests.slice(start, start + batchSize), settings, context);
    state = result.state;
    events.push(...result.events);
  }
  return { state, events };
}

describe('decide', () => {
  const t0 = '2026-11-24T10:00:00.000Z';

  it('groups the requests of one key within the idle gap into one session', () => {
    const { state, events } = sessionize([0, 5, 29].map((m) => anIncomingRequest({ at: at(t0, minutes(m)) })));

    const sessionIds = new Set(assignments(events).map((a) => a.sessionId));
    expect(sessionIds.size).toBe(1);
    const [opened] = sessionEvents(events);
    expect(opened.type).toBe('SessionOpened');
    expect(opened.data.session).toMatchObject({ requestCount: 3, firstSeen: t0, lastSeen: at(t0, minutes(29)), revision: 6, status: 'open' });
    expect(Object.values(state.sessions)).toHaveLength(1);
  });

  it('starts a new session after a gap longer than the idle timeout, but not after exactly the timeout', () => {
    const { events } = sessionize([
      anIncomingRequest({ at: t0, id: 'first' }),
      anIncomingRequest({ at: at(t0, minutes(30)), id: 'exactly-30' }),
      anIncomingRequest({ at: at(t0, minutes(60) + 1), id: 'after-gap' }),
    ]);

    const byRequest = Object.fromEntries(assignments(events).map((a) => [a.requestId, a.sessionId]));
    expect(byRequest['exactly-30']).toBe(byRequest['first']);
    expect(byRequest['after-gap']).not.toBe(byRequest['first']);
    const closed = sessionEvents(events).find((event) => event.type === 'SessionClosed');
    expect(closed?.data.session).toMatchObject({ sessionId: byRequest['first'], closeReason: 'idle', requestCount: 2 });
  });

  it('continues a session that reached the maximum length as a new part linked to the previous one', () => {
    const requests = Array.from({ length: 76 }, (_, i) => anIncomingRequest({ at: at(t0, minutes(20 * i)) })); // 25 hours
    const { events } = sessionize(requests);

    const closed = sessionEvents(events).filter((event) => event.type === 'SessionClosed');
    expect(closed).toHaveLength(1);
    expect(closed[0].data.session).toMatchObject({ closeReason: 'max-length', requestCount: 72 }); // 0..23h40
    const secondPart = sessionEvents(events).find((event) => event.type === 'SessionOpened' && event.data.session.sessionId !== closed[0].data.session.sessionId);
    expect(secondPart?.data.session.previousPartId).toBe(closed[0].data.session.sessionId);
  });

  it('keeps the sessions of different keys and applications apart', () => {
    const { events } = sessionize([
      anIncomingRequest({ at: t0, key: 'a' }),
      anIncomingRequest({ at: t0, key: 'b' }),
      anIncomingRequest({ at: t0, key: 'a', application: 'admin' }),
    ]);
    expect(new Set(assignments(events).map((a) => a.sessionId)).size).toBe(3);
  });

  it('skips redelivered requests it has already applied', () => {
    const requests = [0, 1, 2].map((m) => anIncomingRequest({ at: at(t0, minutes(m)) }));
    const first = sessionize(requests);
    const again = decide(first.state, requests, settings, context);
    expect(again.events).toEqual([]);
    expect(again.state).toEqual(first.state);
  });

  it('gives the same sessions, ids, counts and revisions whatever the batch size, late requests included', () => {
    const requests = Array.from({ length: 120 }, (_, i) =>
      anIncomingRequest({ at: at(t0, minutes(i * 7)), key: `k${i % 4}`, id: `r${i}` }),
    );
    // A quiet client, and a request of it that arrives after the watermark passed its session's idle
    // timeout plus the allowed lateness, although it is only 20 minutes after the client's last one.
    requests.unshift(anIncomingRequest({ at: t0, key: 'quiet', id: 'quiet-first' }));
    requests.splice(12, 0, anIncomingRequest({ at: at(t0, minutes(20)), key: 'quiet', id: 'quiet-late' }));
    requests.forEach((request, index) => (request.position = index + 1));
    const whole = sessionize(requests);
    const sessionOf = Object.fromEntries(assignments(whole.events).map((a) => [a.requestId, a.sessionId]));
    expect(sessionOf['quiet-late']).not.toBe(sessionOf['quiet-first']);
    const finalSnapshots = (events: SessionizationEvent[]) => {
      const latest = new Map<string, unknown>();
      for (const event of sessionEvents(events)) latest.set(event.data.session.sessionId, event.data.session);
      return latest;
    };
    for (const batchSize of [1, 7, 50]) {
      const inBatches = sessionize(requests, batchSize);
      expect(assignments(inBatches.events)).toEqual(assignments(whole.events));
      expect(finalSnapshots(inBatches.events)).toEqual(finalSnapshots(whole.events));
    }
  });

  it('closes sessions left behind once event time passes their idle timeout plus the allowed lateness', () => {
    const { state, events } = sessionize([
      anIncomingRequest({ at: t0, key: 'quiet' }),
      anIncomingRequest({ at: at(t0, minutes(30 + 10) + 1), key: 'busy' }),
    ]);
    const quietClosed = sessionEvents(events).find((event) => event.type === 'SessionClosed');
    expect(quietClosed?.data.session).toMatchObject({ keyPoint: 'cookie:sid', requestCount: 1, closeReason: 'idle' });
    expect(Object.keys(state.sessions)).toEqual(['default|shop|busy']);
  });

  it('does not let traffic of another application and era close a session', () => {
    const { state } = sessionize([
      anIncomingRequest({ at: '2015-05-17T10:05:00Z', key: 'old-log', application: 'legacy' }),
      anIncomingRequest({ at: '2026-11-24T10:00:00Z', key: 'live', application: 'shop' }),
    ]);
    expect(Object.keys(state.sessions).sort()).toEqual(['default|legacy|old-log', 'default|shop|live']);
  });

  it('counts the requests with hits and the attack types of a session', () => {
    const attack = anIncomingRequest({ at: t0, key: 'a' });
    attack.request.hits = [
      { type: 'sqli', point: 'query.id', payload: "1' OR '1'='1", score: 0.9, detector: 'sqli/tautology' },
      { type: 'xss', point: 'query.q', payload: '<script>', score: 0.9, detector: 'xss/script' },
    ];
    const { events } = sessionize([attack, anIncomingRequest({ at: at(t0, minutes(1)), key: 'a' })]);
    const [opened] = sessionEvents(events);
    expect(opened.data.session).toMatchObject({ requestCount: 2, attackCount: 1, attackTypes: ['sqli', 'xss'] });
  });

  it('reads a checkpoint saved before attack counts existed', () => {
    const { state } = sessionize([anIncomingRequest({ at: t0, key: 'old' })]);
    const saved = JSON.parse(JSON.stringify(state), (name, value) => (name === 'attackCount' || name === 'attackTypes' ? undefined : value));
    const next = decide(upcastPartitionState(saved), [anIncomingRequest({ at: at(t0, minutes(1)), key: 'old' })], settings, context);
    expect(sessionEvents(next.events)[0].data.session).toMatchObject({ requestCount: 2, attackCount: 0, attackTypes: [] });
  });

  it('derives the revision from the content, so projections keep the newest and a repeated batch the same ids', () => {
    const first = sessionize([anIncomingRequest({ at: t0, key: 'r' })]);
    const second = decide(first.state, [anIncomingRequest({ at: at(t0, minutes(1)), key: 'r' })], settings, context);
    const [updated] = sessionEvents(second.events);
    expect(updated.type).toBe('SessionUpdated');
    expect(updated.data.session.revision).toBe(4);
    expect(updated.id).toBe(`session:${updated.data.session.sessionId}:4`);
    const closing = decide(second.state, [anIncomingRequest({ at: at(t0, minutes(90)), key: 'r' })], settings, context);
    const closed = sessionEvents(closing.events).find((event) => event.type === 'SessionClosed');
    expect(closed?.data.session.revision).toBe(5);
  });
});
