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
  it('given 5 events and 2 rejections, when batched by 2, then each batch holds at most 2 lines, accepted or rejected', () => {
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
      { events: ['e1'], rejections: [2] },
      { events: ['e3', 'e4'], rejections: [] },
      { events: ['e5', 'e6'], rejections: [] },
      { events: [], rejections: [7] },
    ]);
  });

  it('given only rejected lines, when batched, then they are handed on in bounded batches, not held whole', () => {
    const lines = (function* (): Generator<ObservedLine> {
      for (let line = 1; line <= 10; line++) yield { ok: false, rejection: rejection(line) };
    })();
    expect([...inBatches(lines, 4)].map((batch) => batch.rejections.length)).toEqual([4, 4, 2]);
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
    expect(report).toEqual({ accepted: 3, duplicates: 0, rejected: 3, skipped: 0, errors: [rejection(2), rejection(5), rejection(6)], errorsTruncated: false });
  });

  it('given more rejections than the cap, when counted, then errors stop at the cap, say so, and the count stays exact', () => {
    let report = emptyIngestionReport();
    report = countStoredBatch(report, { events: [], rejections: [rejection(1), rejection(2)] }, 3);
    expect(report.errorsTruncated).toBe(false);
    report = countStoredBatch(report, { events: [], rejections: [rejection(3), rejection(4)] }, 3);
    report = countStoredBatch(report, { events: [], rejections: [rejection(5)] }, 3);
    expect(report).toEqual({ accepted: 0, duplicates: 0, rejected: 5, skipped: 0, errors: [rejection(1), rejection(2), rejection(3)], errorsTruncated: true });
  });

  it('given skipped items (spans that are not HTTP requests), when counted, then they are listed but not counted as rejected', () => {
    const skip = { entry: 4, field: 'kind', message: 'not an HTTP server span', skipped: true as const };
    const report = countStoredBatch(emptyIngestionReport(), { events: [anEvent('a')], rejections: [rejection(2), skip] });
    expect(report).toMatchObject({ accepted: 1, rejected: 1, skipped: 1, errors: [rejection(2), skip] });
  });

  it('given batches with records stored before, when counted, then those are duplicates, not accepted', () => {
    let report = countStoredBatch(emptyIngestionReport(), { events: [anEvent('a')], rejections: [], duplicates: 2 });
    report = countStoredBatch(report, { events: [], rejections: [], duplicates: 1 });
    expect(report).toMatchObject({ accepted: 1, duplicates: 3, rejected: 0 });
  });

  it('given exactly the cap, when counted, then nothing is said to be truncated', () => {
    const report = countStoredBatch(emptyIngestionReport(), { events: [], rejections: [rejection(1), rejection(2)] }, 2);
    expect(report.errorsTruncated).toBe(false);
  });
});
