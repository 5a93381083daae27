import type { AttackType, Hit } from '../types';
import type { CrsStage } from './crs-stage';
import { crsClassOf, measureThroughput, payloadRowsOf, rate, summariseCrsRecall, summariseFalsePositives, summarisePayloads } from './metrics';
import { valueInJsonBody, valueInQuery } from './payload-requests';

const hit = (type: AttackType, overrides: Partial<Hit> = {}): Hit => ({ type, point: 'query.q', payload: 'x', score: 0.9, detector: `${type}/shape`, ...overrides });

const stage = (overrides: Partial<CrsStage>): CrsStage => ({
  ruleId: 942100,
  paranoia: 1,
  expectIds: [942100],
  noExpectIds: [],
  request: valueInQuery('x'),
  ...overrides,
});

describe('crsClassOf', () => {
  it('given rule ids, when classified, then the first three digits decide', () => {
    expect(crsClassOf(930120)?.type).toBe('path-traversal');
    expect(crsClassOf(9331200)?.type).toBe('php');
    expect(crsClassOf(934100)).toEqual({ code: '934', name: 'generic', type: null, target: true });
    expect(crsClassOf(920100)).toBeNull();
  });
});

describe('summariseCrsRecall', () => {
  it('given positives of several levels, when summarised at paranoia 1, then only level-1 positives of measured classes count', () => {
    const recall = summariseCrsRecall(1, [
      { stage: stage({}), hits: [hit('sqli')] },
      { stage: stage({}), hits: [hit('xss')] },
      { stage: stage({}), hits: [] },
      { stage: stage({ paranoia: 2 }), hits: [] },
      { stage: stage({ paranoia: null }), hits: [] },
      { stage: stage({ expectIds: [] }), hits: [] },
      { stage: stage({ ruleId: 920100, expectIds: [920100] }), hits: [] },
      { stage: stage({ ruleId: 934110, expectIds: [934110] }), hits: [hit('ssrf')] },
      { stage: stage({ ruleId: 913100, expectIds: [913100] }), hits: [] },
    ]);

    const sqli = recall.classes.find((measured) => measured.crsClass.code === '942');
    const generic = recall.classes.find((measured) => measured.crsClass.code === '934');
    expect(sqli?.typed).toEqual({ detected: 1, total: 3 });
    expect(sqli?.anyHit).toEqual({ detected: 2, total: 3 });
    expect(generic?.typed).toEqual({ detected: 1, total: 1 });
    expect(recall.typed).toEqual({ detected: 2, total: 4 });
    expect(recall.classes.find((measured) => measured.crsClass.code === '913')?.typed).toEqual({ detected: 0, total: 1 });
  });

  it('given a rule that CRS files under another type, when its payload has a hit of the named type only, then it counts in typed and not in strict', () => {
    const recall = summariseCrsRecall(1, [
      { stage: stage({ ruleId: 942290, expectIds: [942290] }), hits: [hit('nosqli')] },
      { stage: stage({ ruleId: 942100, expectIds: [942100] }), hits: [hit('nosqli')] },
      { stage: stage({ ruleId: 941130, expectIds: [941130] }), hits: [hit('xxe')] },
      { stage: stage({ ruleId: 941100, expectIds: [941100] }), hits: [hit('xxe')] },
    ]);

    const sqli = recall.classes.find((measured) => measured.crsClass.code === '942');
    const xss = recall.classes.find((measured) => measured.crsClass.code === '941');
    expect(sqli?.typed).toEqual({ detected: 1, total: 2 });
    expect(sqli?.strict).toEqual({ detected: 0, total: 2 });
    expect(xss?.typed).toEqual({ detected: 1, total: 2 });
    expect(xss?.strict).toEqual({ detected: 0, total: 2 });
    expect(recall.strict).toEqual({ detected: 0, total: 4 });
  });

  it('given a level-2 positive, when summarised at paranoia 2, then it counts', () => {
    const recall = summariseCrsRecall(2, [{ stage: stage({ paranoia: 2 }), hits: [hit('sqli')] }]);

    expect(recall.typed).toEqual({ detected: 1, total: 1 });
  });
});

describe('payloads', () => {
  it('given CSV records, when read, then unknown labels are skipped and counted', () => {
    expect(payloadRowsOf([{ payload: 'a', attack_type: 'cmdi' }, { payload: 'b', attack_type: 'norm' }, { payload: 'c', attack_type: 'other' }])).toEqual({
      rows: [
        { payload: 'a', label: 'cmdi' },
        { payload: 'b', label: 'norm' },
      ],
      skipped: 1,
    });
  });

  it('given outcomes per placement, when summarised, then cmdi needs an rce hit and norm counts any hit', () => {
    const summary = summarisePayloads([
      { row: { payload: ';id', label: 'cmdi' }, placement: 'query', hits: [hit('rce')] },
      { row: { payload: ';id', label: 'cmdi' }, placement: 'json', hits: [hit('sqli')] },
      { row: { payload: 'madrid', label: 'norm' }, placement: 'json', hits: [hit('xss')] },
      { row: { payload: 'madrid', label: 'norm' }, placement: 'query', hits: [] },
    ]);

    const cmdi = (placement: 'query' | 'json') => summary[placement].labels.find((recall) => recall.label === 'cmdi');
    expect(cmdi('query')?.typed).toEqual({ detected: 1, total: 1 });
    expect(cmdi('json')).toEqual({ label: 'cmdi', type: 'rce', typed: { detected: 0, total: 1 }, anyHit: { detected: 1, total: 1 } });
    expect(summary.json.normFlagged).toEqual({ detected: 1, total: 1 });
    expect(summary.query.normFlagged).toEqual({ detected: 0, total: 1 });
    expect(rate(summary.query.labels[0].typed)).toBeNull();
  });

  it('given a value with quotes and ampersands, when placed, then the query is URL-encoded and the body is JSON', () => {
    const value = `a&b="c" d`;

    expect(valueInQuery(value).query).toBe('q=a%26b%3D%22c%22%20d');
    expect(JSON.parse(valueInJsonBody(value).requestBody ?? '')).toEqual({ q: value });
    expect(valueInJsonBody(value).requestHeaders['content-type']).toBe('application/json');
  });
});

describe('summariseFalsePositives', () => {
  it('given flagged lines, when summarised, then the highest scores come first and detectors are counted per request', () => {
    const summary = summariseFalsePositives(
      [
        { line: 1, text: 'a', hits: [] },
        { line: 2, text: 'b', hits: [hit('sqli', { score: 0.5 }), hit('sqli', { point: 'query.r', score: 0.6 })] },
        { line: 3, text: 'c', hits: [hit('xss', { score: 0.95 })] },
        { line: 4, text: 'd', hits: [hit('sqli', { score: 0.6 })] },
      ],
      2,
    );

    expect(summary.flagged).toEqual({ detected: 3, total: 4 });
    expect(summary.byDetector).toEqual([
      { detector: 'sqli/shape', requests: 2 },
      { detector: 'xss/shape', requests: 1 },
    ]);
    expect(summary.top.map((outcome) => outcome.line)).toEqual([3, 2]);
  });
});

describe('measureThroughput', () => {
  it('given a clock, when measured, then warm-up passes are untimed and whole passes run until the minimum duration', () => {
    let clockMs = 0;
    let runs = 0;
    const throughput = measureThroughput([1, 2, 3, 4], () => {
      runs++;
      clockMs += 1;
    }, { nowMs: () => clockMs, minDurationMs: 10, warmUpPasses: 1 });

    expect(runs).toBe(4 + 12);
    expect(throughput).toEqual({ records: 12, passes: 3, elapsedMs: 12, recordsPerSecond: 1000 });
  });

  it('given a CPU clock too, when measured, then the rate by CPU time comes beside the wall-clock one', () => {
    let clockMs = 0;
    let cpuMs = 0;
    const throughput = measureThroughput([1, 2], () => {
      clockMs += 2;
      cpuMs += 1;
    }, { nowMs: () => clockMs, cpuMs: () => cpuMs, minDurationMs: 4, warmUpPasses: 0 });

    expect(throughput).toEqual({ records: 2, passes: 1, elapsedMs: 4, recordsPerSecond: 500, cpuMs: 2, recordsPerCpuSecond: 1000 });
  });

  it('given no records, when measured, then nothing runs', () => {
    expect(measureThroughput([], () => undefined, { nowMs: () => 0, minDurationMs: 10, warmUpPasses: 1 }).records).toBe(0);
  });
});
