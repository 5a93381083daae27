import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, EventContractError, parseEvent, parseEventOf } from './events';

const fixturesDir = join(__dirname, 'fixtures');
const readFixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixturesDir, name), 'utf8'));
const goldenEvents = readdirSync(fixturesDir).filter((name) => name.endsWith('.v1.json'));

describe('event contracts', () => {
  it('has a golden fixture for every event of the first slice', () => {
    expect(goldenEvents.sort()).toEqual([
      'request-assigned-to-session.v1.json',
      'request-observed.v1.json',
      'session-closed.v1.json',
      'session-opened.v1.json',
      'session-updated.v1.json',
    ]);
  });

  it.each(goldenEvents)('parses the golden %s unchanged', (name) => {
    const golden = readFixture(name);
    expect(parseEvent(golden)).toEqual(golden);
  });

  it('round-trips an event built with createEvent through JSON', () => {
    const golden = readFixture('session-updated.v1.json') as { data: { session: never } };
    const event = createEvent('SessionUpdated', golden.data, {
      id: 'session:x:2',
      tenant: 'default',
      correlationId: 'c-1',
      occurredAt: '2026-11-24T10:00:01.000Z',
    });
    expect(parseEventOf('SessionUpdated', JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('names the field that broke the contract', () => {
    const broken = readFixture('request-observed.v1.json') as { data: { request: Record<string, unknown> } };
    broken.data.request.status = 'two hundred';
    expect(() => parseEvent(broken)).toThrow(/RequestObserved v1 data is invalid: request\.status/);
  });

  it('rejects unknown types and versions as contract violations', () => {
    const golden = readFixture('session-opened.v1.json');
    expect(() => parseEvent({ ...golden, type: 'SessionExploded' })).toThrow(EventContractError);
    expect(() => parseEvent({ ...golden, version: 9 })).toThrow(/SessionOpened has no version 9/);
  });

  it('refuses an event of another type where a specific one is expected', () => {
    expect(() => parseEventOf('SessionClosed', readFixture('session-opened.v1.json'))).toThrow(/expected a SessionClosed event, got SessionOpened/);
  });
});
