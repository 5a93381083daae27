import { goldenRequestObserved } from '@sessionscope/contracts/testing';
import { packEvents, packLimits, positionOf, sequenceOfPosition, unpackEvents } from './wire-format';

const event = (id: string) => ({ ...goldenRequestObserved(), id });

describe('packing events into messages', () => {
  it('packs the events of each subject together and keeps their order within the subject', () => {
    const packs = packEvents([
      { subject: 'a', event: event('1') },
      { subject: 'a', event: event('2') },
      { subject: 'b', event: event('3') },
      { subject: 'a', event: event('4') },
    ]);
    expect(packs.map((pack) => [pack.subject, pack.events])).toEqual([['a', 3], ['b', 1]]);
    expect(unpackEvents(packs[0].payload).map((item) => (item as { id: string }).id)).toEqual(['1', '2', '4']);
  });

  it('gives a pack the same message id whenever it holds the same events, and a lone event its own id', () => {
    const items = ['1', '2'].map((id) => ({ subject: 'a', event: event(id) }));
    expect(packEvents(items)[0].msgId).toBe(packEvents(items)[0].msgId);
    expect(packEvents([{ subject: 'a', event: event('solo') }])[0].msgId).toBe('solo');
  });

  it('starts a new message at the event count limit', () => {
    const items = Array.from({ length: packLimits.maxEventsPerMessage + 1 }, (_, i) => ({ subject: 'a', event: event(String(i)) }));
    expect(packEvents(items).map((pack) => pack.events)).toEqual([packLimits.maxEventsPerMessage, 1]);
  });

  it('starts a new message before the byte limit, counting bytes rather than characters', () => {
    const large = { ...event('big'), data: '日本'.repeat(60 * 1024) }; // 120 Ki characters, 360 KiB
    const packs = packEvents([large, large].map((item) => ({ subject: 'a', event: item as never })));
    expect(packs).toHaveLength(2);
    expect(packs.every((pack) => pack.payload.length <= packLimits.maxBytesPerMessage)).toBe(true);
  });

  it('reads a message holding one plain envelope as a pack of one', () => {
    expect(unpackEvents(new TextEncoder().encode(JSON.stringify(event('x'))))).toHaveLength(1);
  });

  it('orders positions by message, then by index inside the message', () => {
    expect(positionOf(7, packLimits.maxEventsPerMessage - 1)).toBeLessThan(positionOf(8, 0));
    expect(sequenceOfPosition(positionOf(7, 3))).toBe(7);
  });
});
