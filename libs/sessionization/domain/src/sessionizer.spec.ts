import { SessionEvent } from '@sessionscope/contracts';
import {
  decide,
  defaultSessionizationSettings,
  holdExpiresAtMs,
  isStreamTick,
  StreamTick,
  initialPartitionState,
  IncomingRequest,
  PartitionState,
  resumePositionOf,
  sessionStep,
  SessionizationEvent,
  SessionizationSettings,
  SessionizerInput,
  upcastPartitionState,
  toSavedState,
} from './sessionizer';
import { anIncomingRequest } from './testing/incoming-request.builder';

/** Requests are released at once (no wait in processing time): the batch-by-batch behaviour is visible. */
const settings: SessionizationSettings = { ...defaultSessionizationSettings(), maxHoldMs: 0 };
const context = { now: '2026-11-24T12:00:00.000Z' };
const minutes = (n: number) => n * 60_000;
const at = (base: string, offsetMs: number) => new Date(Date.parse(base) + offsetMs).toISOString();

const sessionEvents = (events: SessionizationEvent[]) => events.filter((event): event is SessionEvent => event.type !== 'RequestAssignedToSession');
const assignments = (events: SessionizationEvent[]) =>
  events.flatMap((event) => (event.type === 'RequestAssignedToSession' ? [{ requestId: event.data.request.id, sessionId: event.data.sessionId }] : []));

/** Runs requests through decide in batches of `batchSize`, as a consumer would. */
function sessionize(requests: SessionizerInput[], batchSize = requests.length, state: PartitionState = initialPartitionState, using: SessionizationSettings = settings) {
  const events: SessionizationEvent[] = [];
  for (let start = 0; start < requests.length; start += batchSize) {
    const result = decide(state, requests.slice(start, start + batchSize), using, context);
    state = result.state;
    events.push(...result.events);
  }
  return { state, events };
}

/** The partition of request ids into sessions, as sets of ids keyed by session id. */
function groupsOf(events: SessionizationEvent[]): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const { requestId, sessionId } of assignments(events)) (groups[sessionId] ??= []).push(requestId);
  for (const ids of Object.values(groups)) ids.sort();
  return groups;
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
    expect(state.sessions.size).toBe(1);
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
    // timeout plus the allowed lateness: only 20 minutes after the client's last one, it joins the
    // session the watermark closed, whatever the batches.
    requests.unshift(anIncomingRequest({ at: t0, key: 'quiet', id: 'quiet-first' }));
    requests.splice(12, 0, anIncomingRequest({ at: at(t0, minutes(20)), key: 'quiet', id: 'quiet-late' }));
    requests.forEach((request, index) => (request.position = index + 1));
    const whole = sessionize(requests);
    const sessionOf = Object.fromEntries(assignments(whole.events).map((a) => [a.requestId, a.sessionId]));
    expect(sessionOf['quiet-late']).toBe(sessionOf['quiet-first']);
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
    expect([...state.sessions.keys()]).toEqual(['default|shop|busy']);
  });

  it('does not let traffic of another application and era close a session', () => {
    const { state } = sessionize([
      anIncomingRequest({ at: '2015-05-17T10:05:00Z', key: 'old-log', application: 'legacy' }),
      anIncomingRequest({ at: '2026-11-24T10:00:00Z', key: 'live', application: 'shop' }),
    ]);
    expect([...state.sessions.keys()].sort()).toEqual(['default|legacy|old-log', 'default|shop|live']);
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
    const saved = JSON.parse(JSON.stringify(toSavedState(state)), (name, value) => (name === 'attackCount' || name === 'attackTypes' ? undefined : value));
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

  describe('late and out-of-order traffic', () => {
    const reordering: SessionizationSettings = { ...defaultSessionizationSettings(), maxHoldMs: 60_000 };
    const later = { now: '2026-11-24T12:10:00.000Z' };

    /** The stream's next input after `state`: every held request waited the hold time. */
    const everythingWaited = (state: PartitionState): StreamTick => ({ tick: true, position: state.lastPosition + 1, storedAtMs: Number.MAX_SAFE_INTEGER });

    /** Sessionizes with the reorder buffer, then lets the hold time pass so that nothing stays held. */
    function sessionizeLate(requests: SessionizerInput[], batchSize: number) {
      const { state, events } = sessionize(requests, batchSize, initialPartitionState, reordering);
      const flushed = decide(state, [everythingWaited(state)], reordering, later);
      expect(flushed.state.held).toEqual({});
      return [...events, ...flushed.events];
    }

    function traffic(): IncomingRequest[] {
      // Three clients over four hours; `b` pauses 35 minutes (a new session), `c` returns after 2 hours.
      const minutesOf: Record<string, number[]> = { a: [0, 3, 9, 14, 20, 26, 33, 40], b: [1, 2, 5, 40, 44, 47], c: [4, 8, 130, 131, 139] };
      const requests = Object.entries(minutesOf).flatMap(([key, offsets]) => offsets.map((m) => anIncomingRequest({ at: at(t0, minutes(m)), key, id: `${key}-${m}` })));
      return requests.sort((x, y) => Date.parse(x.request.timestamp) - Date.parse(y.request.timestamp));
    }

    /** A deterministic shuffle in which no request arrives after one more than `boundMs` later in event time. */
    function shuffledWithin(requests: IncomingRequest[], boundMs: number, seed: number): IncomingRequest[] {
      let state = seed;
      const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const keyed = requests.map((request) => ({ request, sortKey: Date.parse(request.request.timestamp) + random() * boundMs }));
      return keyed.sort((x, y) => x.sortKey - y.sortKey).map(({ request }, index) => ({ ...request, position: index + 1 }));
    }

    it('gives the same sessions and ids for any arrival order within the allowed lateness, and any batch size', () => {
      const ordered = traffic().map((request, index) => ({ ...request, position: index + 1 }));
      const expected = groupsOf(sessionizeLate(ordered, ordered.length));
      expect(Object.values(expected).map((ids) => ids.length).sort()).toEqual([2, 3, 3, 3, 8]);
      for (const seed of [1, 2, 3]) {
        for (const batchSize of [1, 4, 100]) {
          expect(groupsOf(sessionizeLate(shuffledWithin(ordered, minutes(9), seed), batchSize))).toEqual(expected);
        }
      }
    });

    it('puts a late request that bridges two idle-separated stretches into one session', () => {
      const requests = [0, 40, 20].map((m, index) => anIncomingRequest({ at: at(t0, minutes(m)), key: 'bridge', id: `bridge-${m}`, position: index + 1 }));
      expect(Object.values(groupsOf(sessionizeLate(requests, 1)))).toEqual([['bridge-0', 'bridge-20', 'bridge-40']]);
    });

    it('holds requests until the watermark passes them by the lateness, or until they waited the hold time in stream time', () => {
      const storedAt = Date.parse(t0);
      const first = decide(initialPartitionState, [{ ...anIncomingRequest({ at: t0, key: 'h', position: 1 }), storedAtMs: storedAt }], reordering, context);
      expect(first.events).toEqual([]);
      const moved = decide(first.state, [{ ...anIncomingRequest({ at: at(t0, minutes(10)), key: 'other', position: 2 }), storedAtMs: storedAt + 1000 }], reordering, context);
      expect(assignments(moved.events).length).toBe(1);
      expect(Object.values(moved.state.held).flat().map((held) => held.position)).toEqual([2]);
      // The service's clock says when a partition without traffic needs a tick; decide reads no clock.
      expect(holdExpiresAtMs(moved.state, reordering.maxHoldMs)).toBe(storedAt + 1000 + reordering.maxHoldMs);
      expect(assignments(decide(moved.state, [], reordering, later).events)).toEqual([]);
      expect(assignments(decide(moved.state, [{ tick: true, position: 3, storedAtMs: storedAt + 1000 + reordering.maxHoldMs - 1 }], reordering, later).events)).toEqual([]);
      const waited = decide(moved.state, [{ tick: true, position: 3, storedAtMs: storedAt + 1000 + reordering.maxHoldMs }], reordering, later);
      expect(assignments(waited.events).length).toBe(1);
      expect(waited.state.held).toEqual({});
      expect(holdExpiresAtMs(waited.state, reordering.maxHoldMs)).toBeNull();
    });

    it('decides the same after a restart anywhere in a stream of requests and ticks, whatever the batches, the clock and how late it is read', () => {
      // Messages stored 20 s apart; every 4th is a tick of a partition without traffic.
      const stream: SessionizerInput[] = [];
      const storedAt = (position: number) => Date.parse(t0) + position * 20_000;
      for (const request of shuffledWithin(traffic(), minutes(9), 5)) {
        if (stream.length % 4 === 3) stream.push({ tick: true, position: stream.length + 1, storedAtMs: storedAt(stream.length + 1) });
        stream.push({ ...request, position: stream.length + 1, storedAtMs: storedAt(stream.length + 1) });
      }
      const uninterrupted = sessionizeLate(stream, 4);
      // The hold time does release requests that the watermark alone would still hold.
      const released = (inputs: SessionizerInput[]) => assignments(sessionize(inputs, 4, initialPartitionState, reordering).events).length;
      const withoutStreamTime = stream.filter((input) => !isStreamTick(input)).map((input) => ({ ...input, storedAtMs: 0 }));
      expect(released(stream)).toBeGreaterThan(released(withoutStreamTime));
      const idsOf = (events: SessionizationEvent[]) => assignments(events).map(({ requestId, sessionId }) => `${requestId}>${sessionId}`).sort();
      for (const cut of [3, 6, 11, 17]) {
        const before = sessionize(stream.slice(0, cut), 2, initialPartitionState, reordering);
        const saved = upcastPartitionState(JSON.parse(JSON.stringify(toSavedState(before.state))));
        // Another owner, another clock, one input at a time: the stream is delivered again from the first held position.
        const resumed = stream.filter((input) => input.position >= resumePositionOf(saved));
        const after = resumed.reduce(
          (run, input) => {
            const next = decide(run.state, [input], reordering, { now: '2027-01-01T00:00:00.000Z' });
            return { state: next.state, events: [...run.events, ...next.events] };
          },
          { state: saved, events: [] as SessionizationEvent[] },
        );
        const flushed = decide(after.state, [everythingWaited(after.state)], reordering, later);
        expect(idsOf([...before.events, ...after.events, ...flushed.events])).toEqual(idsOf(uninterrupted));
      }
    });

    /** Runs `stream` in batches of the given sizes, each followed by a save, a restart and a redelivery from the resume position. */
    function withRestarts(stream: SessionizerInput[], batchSizes: number[], using: SessionizationSettings): Record<string, string> {
      let state: PartitionState = initialPartitionState;
      const sessionOf: Record<string, string> = {};
      let done = 0;
      for (const size of batchSizes) {
        const first = decide(state, stream.slice(done, done + size), using, context);
        done += size;
        state = upcastPartitionState(JSON.parse(JSON.stringify(toSavedState(first.state))));
        const lastDelivered = stream[done - 1].position;
        const again = decide(state, stream.filter((input) => input.position >= resumePositionOf(state) && input.position <= lastDelivered), using, context);
        state = again.state;
        for (const { requestId, sessionId } of assignments([...first.events, ...again.events])) sessionOf[requestId] = sessionId;
      }
      return sessionOf;
    }

    const holding = { ...defaultSessionizationSettings(), maxHoldMs: 5000 };
    /** A request of 24 Nov at `time`, of key and application `client`, stored at `storedAtMs`. */
    const stored = (id: string, client: { key?: string; application?: string }, time: string, position: number, storedAtMs: number): IncomingRequest => ({
      ...anIncomingRequest({ id, key: client.key ?? id, application: client.application, at: `2026-11-24T${time}Z`, position }),
      storedAtMs,
    });

    it('releases by hold time only what waited, whatever the batches: a request the watermark applied does not release later ones', () => {
      // A review's case: E goes with E2 at p3; L comes at p4 and must not go at p5 because E, long applied, waited.
      const stream: SessionizerInput[] = [
        stored('E2', { key: 'x' }, '12:00:00.000', 1, 0),
        stored('E', { key: 'x' }, '11:59:59.000', 2, 1000),
        { tick: true, position: 3, storedAtMs: 5000 },
        stored('L', { key: 'k' }, '11:59:58.000', 4, 5500),
        { tick: true, position: 5, storedAtMs: 6000 },
        stored('M', { key: 'k' }, '11:29:58.500', 6, 6100),
        { tick: true, position: 7, storedAtMs: 100_000 },
      ];
      const whole = withRestarts(stream, [7], holding);
      expect(Object.keys(whole).sort()).toEqual(['E', 'E2', 'L', 'M']);
      expect(withRestarts(stream, [3, 4], holding)).toEqual(whole);
      expect(withRestarts(stream, [1, 1, 1, 1, 1, 1, 1], holding)).toEqual(whole);
    });

    it('measures the hold time against the latest stored time, so that a stream whose stored times step back decides the same after a restart', () => {
      // X stored by a server whose clock is ahead, Y by the next leader, 50 s behind.
      const stream: SessionizerInput[] = [
        stored('X', { application: 'a1' }, '12:00:00.000', 1, 100_000),
        stored('Y', { application: 'a2' }, '12:00:00.000', 2, 50_000),
        { tick: true, position: 3, storedAtMs: 56_000 },
        stored('W', { application: 'a1' }, '12:10:01.000', 4, 57_000),
        { tick: true, position: 5, storedAtMs: 200_000 },
      ];
      const whole = withRestarts(stream, [5], holding);
      for (const batches of [[4, 1], [3, 2], [1, 1, 1, 1, 1], [2, 2, 1]]) expect(withRestarts(stream, batches, holding)).toEqual(whole);
      // Y waited by the stream's clock (100 s, the latest stored time) as soon as it came.
      expect(assignments(decide(initialPartitionState, stream.slice(0, 2), holding, context).events).map(({ requestId }) => requestId)).toEqual(['Y']);
    });

    it('forgets a closed session at a point the stream fixes, not where a batch ended: a request far beyond the lateness decides the same in any batches', () => {
      // A review's case: r4 comes 92 minutes late; whether r1's session may still take it must not depend on the batches.
      for (const maxHoldMs of [0, 5000]) {
        const using: SessionizationSettings = { idleTimeoutMs: minutes(30), maxSessionMs: minutes(24 * 60), allowedLatenessMs: minutes(10), maxHoldMs };
        const request = (position: number, key: string, minute: number): IncomingRequest => ({ ...anIncomingRequest({ at: at(t0, minutes(minute)), key, id: `r${position}`, position }), storedAtMs: position * 1000 });
        const stream: SessionizerInput[] = [request(1, 'k', 0), request(2, 'j', 41), request(3, 'j', 102), request(4, 'k', 10), { tick: true, position: 5, storedAtMs: Number.MAX_SAFE_INTEGER }];
        const whole = withRestarts(stream, [5], using);
        for (const batches of [[2, 1, 2], [3, 2], [1, 1, 1, 1, 1]]) expect(withRestarts(stream, batches, using)).toEqual(whole);
      }
    });

    it('resumes after a restart from a checkpoint without its held requests, and decides as if uninterrupted', () => {
      const requests = shuffledWithin(traffic(), minutes(5), 7);
      const uninterrupted = sessionizeLate(requests, 5);
      const half = sessionize(requests.slice(0, 13), 5, initialPartitionState, reordering);
      const saved = upcastPartitionState(JSON.parse(JSON.stringify(toSavedState(half.state))));
      const resumeAt = resumePositionOf(half.state);
      expect(resumeAt).toBe(resumePositionOf(saved));
      // The stream delivers again from the first held position.
      const rest = sessionize(requests.filter((request) => request.position >= resumeAt), 5, saved, reordering);
      const flushed = decide(rest.state, [everythingWaited(rest.state)], reordering, later);
      expect(groupsOf([...half.events, ...rest.events, ...flushed.events])).toEqual(groupsOf(uninterrupted));
    });
  });

  it('groups traffic imported long after live traffic of the same application by its own times, not one session a request', () => {
    const live = anIncomingRequest({ at: at(t0, 24 * 60 * 60_000), key: 'live', id: 'live' });
    // Yesterday's log of one client, a request every 5 minutes, imported after today's live traffic.
    const backfill = [0, 5, 10, 15, 20].map((m) => anIncomingRequest({ at: at(t0, minutes(m)), key: 'old', id: `old-${m}` }));
    const requests = [live, ...backfill].map((request, index) => ({ ...request, position: index + 1 }));
    for (const batchSize of [1, 2, 6]) {
      const groups = Object.values(groupsOf(sessionize(requests, batchSize).events)).map((ids) => ids.join(','));
      expect(groups.sort()).toEqual(['live', 'old-0,old-10,old-15,old-20,old-5']);
    }
  });

  describe('users, roles and per-application rules', () => {
    it('names the session by the first user seen and gathers its roles', () => {
      const requests = [
        { ...anIncomingRequest({ at: t0, key: 'u' }), identity: { user: null, roles: [] } },
        { ...anIncomingRequest({ at: at(t0, minutes(1)), key: 'u' }), identity: { user: 'alice', roles: ['customer'] } },
        { ...anIncomingRequest({ at: at(t0, minutes(2)), key: 'u' }), identity: { user: 'mallory', roles: ['admin', 'customer'] } },
      ];
      const snapshots = sessionEvents(sessionize(requests).events);
      expect(snapshots.at(-1)?.data.session).toMatchObject({ user: 'alice', roles: ['customer', 'admin'], requestCount: 3 });
    });

    it('keeps the User and Roles of a session in its next part', () => {
      const hourLong: SessionizationSettings = { ...settings, rulesOf: () => ({ idleTimeoutMs: minutes(30), maxSessionMs: minutes(60) }) };
      const first = { ...anIncomingRequest({ at: t0, key: 'long' }), identity: { user: 'alice', roles: ['customer'] } };
      const later = [20, 40, 60, 70].map((m) => anIncomingRequest({ at: at(t0, minutes(m)), key: 'long' }));
      const snapshots = sessionEvents(sessionize([first, ...later], 1, initialPartitionState, hourLong).events).map((event) => event.data.session);
      const [closed, next] = [snapshots.find((s) => s.closeReason === 'max-length'), snapshots.find((s) => s.previousPartId !== null)];
      expect(next).toMatchObject({ previousPartId: closed?.sessionId, user: 'alice', roles: ['customer'] });
    });

    it('applies the idle gap and maximum length of each application', () => {
      const strict: SessionizationSettings = { ...settings, rulesOf: (_tenant, application) => (application === 'bank' ? { idleTimeoutMs: minutes(5), maxSessionMs: minutes(60) } : null) };
      const requests = (application: string) => [0, 10].map((m) => anIncomingRequest({ at: at(t0, minutes(m)), key: 'r', application, id: `${application}-${m}` }));
      const { events } = sessionize([...requests('bank'), ...requests('shop')], 10, initialPartitionState, strict);
      const sizes = Object.entries(groupsOf(events)).map(([, ids]) => ids.join(',')).sort();
      expect(sizes).toEqual(['bank-0', 'bank-10', 'shop-0,shop-10']);
    });
  });
});


describe('sessionStep', () => {
  const rules = { idleTimeoutMs: 30 * 60_000, maxSessionMs: 4 * 60 * 60_000 };
  const open = { firstSeenMs: 10 * 60_000, lastSeenMs: 60 * 60_000, partStartMs: 10 * 60_000 };
  it.each<[string, number, number, string]>([
    ['no open session', NaN, 0, 'open'],
    ['within the gap', 80 * 60_000, 0, 'join'],
    ['exactly the gap after', 90 * 60_000, 0, 'join'],
    ['past the gap', 90 * 60_000 + 1, 0, 'open'],
    ['past the maximum length and the gap', 4 * 60 * 60_000 + 10 * 60_000, 0, 'open'],
    ['before the session by more than the gap', 0 - 60_000 * 30, 0, 'alone'],
  ])('%s', (_case, timeMs, _unused, step) => {
    expect(sessionStep(Number.isNaN(timeMs) ? undefined : open, Number.isNaN(timeMs) ? 0 : timeMs, rules)).toBe(step);
  });

  it('continues a session that keeps going past the maximum length in its next part', () => {
    const busy = { firstSeenMs: 0, lastSeenMs: 4 * 60 * 60_000 - 60_000, partStartMs: 0 };
    expect(sessionStep(busy, 4 * 60 * 60_000, rules)).toBe('next-part');
  });
});
