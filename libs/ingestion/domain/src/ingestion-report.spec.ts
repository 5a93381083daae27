import { RequestObserved } from '@sessionscope/contracts';
import { anObservedRequest } from '@sessionscope/contracts/testing';
import { countStoredBatch, emptyIngestionReport, inBatches } from './ingestion-report';
import { LineRejection } from './line-rejection';
import { ObservedLine, toRequestObserved } from './observe-traffic';

function anEvent(id: string): RequestObserved {
  return toRequestObserved(anObservedRequest({ id }), { point: 'ip', hash: 'h' }, { tenant: 'default', correlationId: 'c', now: '2026-11-24T10:00:00.000Z' });
}

const rejection = (line: number): LineRejection => ({ line, field: null, message: `bad ${line}` });

describe('inBatches', () => {
  it('given 5 events and 2 rejections, when batched by 2, then each batch holds at most 2 events and the rejections met on the way', () => {
    const lines: ObservedLine[] = [
      { ok: true, event: anEvent('e1') },
      { ok: false, rejection: rejection(2) },
      { ok: true, event: anEvent('e3') },
      { ok: true, event: anEvent('e4') },
      { ok: true, event: anEvent('e5') },
      { ok: true, event: anEvent('e6') },
      { ok: false, rejection: rejection(7) },
    ];
    const batches = [...inBatches(lines, 2)].map((batch) => ({ events: batch.events.map((event) => event.data.request.id), rejections: batch.rejections.map((r) => r.line) }));
    expect(batches).toEqual([
      { events: ['e1', 'e3'], rejections: [2] },
      { events: ['e4', 'e5'], rejections: [] },
      { events: ['e6'], rejections: [7] },
    ]);
  });

  it('given nothing, when batched, then there is no batch', () => {
    expect([...inBatches([], 10)]).toEqual([]);
  });
});

describe('countStoredBatch', () => {
  it('given batches, when counted, then accepted and rejected add up and errors keep line order', () => {
    let report = emptyIngestionReport();
    report = countStoredBatch(report, { events: [anEvent('a'), anEvent('b')], rejections: [rejection(2)] });
    report = countStoredBatch(report, { events: [anEvent('c')], rejections: [rejection(5), rejection(6)] });
    expect(report).toEqual({ accepted: 3, rejected: 3, errors: [rejection(2), rejection(5), rejection(6)], errorsTruncated: false });
  });

  it('given more rejections than the cap, when counted, then errors stop at the cap, say so, and the count stays exact', () => {
    let report = emptyIngestionReport();
    report = countStoredBatch(report, { events: [], rejections: [rejection(1), rejection(2)] }, 3);
    expect(report.errorsTruncated).toBe(false);
    report = countStoredBatch(report, { events: [], rejections: [rejection(3), rejection(4)] }, 3);
    report = countStoredBatch(report, { events: [], rejections: [rejection(5)] }, 3);
    expect(report).toEqual({ accepted: 0, rejected: 5, errors: [rejection(1), rejection(2), rejection(3)], errorsTruncated: true });
  });

  it('given exactly the cap, when counted, then nothing is said to be truncated', () => {
    const report = countStoredBatch(emptyIngestionReport(), { events: [], rejections: [rejection(1), rejection(2)] }, 2);
    expect(report.errorsTruncated).toBe(false);
  });
});
