import type { Hit } from '@sessionscope/detection';
import type { LevelReport } from './detection-evaluation';
import { formatLevelReport, formatTally, summaryOf } from './detection-report';

const tally = (detected: number, total: number) => ({ detected, total });
const hit: Hit = { type: 'rce', point: 'header.user-agent', payload: '; id)', score: 0.85, detector: 'rce/separator' };

const report: LevelReport = {
  paranoia: 1,
  crs: {
    paranoia: 1,
    classes: [
      { crsClass: { code: '930', name: 'LFI', type: 'path-traversal', target: true }, typed: tally(55, 56), strict: tally(55, 56), anyHit: tally(56, 56) },
      { crsClass: { code: '942', name: 'SQLi', type: 'sqli', target: true }, typed: tally(10, 20), strict: tally(9, 20), anyHit: tally(12, 20) },
      { crsClass: { code: '921', name: 'protocol attack', type: 'crlf', target: false }, typed: tally(0, 0), strict: tally(0, 0), anyHit: tally(0, 0) },
    ],
    typed: tally(65, 76),
    strict: tally(64, 76),
    anyHit: tally(68, 76),
  },
  payloads: null,
  apache: { flagged: tally(1, 1000), byDetector: [{ detector: 'rce/separator', requests: 1 }], top: [{ line: 7, text: 'GET / "Opera (MTK; id)"', hits: [hit] }] },
  throughput: { records: 60000, passes: 2, elapsedMs: 2000, recordsPerSecond: 30000, cpuMs: 1500, recordsPerCpuSecond: 40000 },
  engineErrors: { count: 0, examples: [] },
};

describe('formatTally', () => {
  it('given counts, when formatted, then the rate comes with its counts; nothing counted is n/a', () => {
    expect(formatTally(tally(1, 3))).toBe('33.3% (1/3)');
    expect(formatTally(tally(4, 10000))).toBe('0.04% (4/10000)');
    expect(formatTally(tally(0, 0))).toBe('n/a');
  });
});

describe('formatLevelReport', () => {
  it('given a level, when formatted, then classes are marked against the target, empty classes left out, flagged lines shown', () => {
    const text = formatLevelReport(report, { targetRecall: 0.95, maxFprPayloads: 0.01, maxFprApache: 0.005 }).join('\n');

    expect(text).toMatch(/930 LFI +path-traversal +98\.2% \(55\/56\) +100\.0% \(56\/56\) +98\.2% \(55\/56\) +ok/);
    expect(text).toMatch(/942 SQLi +sqli \(942290: nosqli\) +50\.0% \(10\/20\) +60\.0% \(12\/20\) +45\.0% \(9\/20\)/);
    expect(text).toContain('(942290) CRS 942290');
    expect(text).toMatch(/942 SQLi .*50\.0% \(10\/20\).*BELOW TARGET/);
    expect(text).not.toContain('921');
    expect(text).toContain('apache_logs.log: requests flagged (false positives) 0.10% (1/1000)  ok');
    expect(text).toContain('line 7: GET / "Opera (MTK; id)"');
    expect(text).toContain('rce at header.user-agent by rce/separator (score 0.85): "; id)"');
    expect(text).toContain('throughput: 30,000 records/s on one core');
    expect(text).toContain('by CPU time of this process: 40,000 records/s');
  });
});

describe('formatLevelReport at paranoia 2', () => {
  it('given a level above 1, when formatted, then classes carry no target mark (the target is on paranoia-1 positives)', () => {
    const text = formatLevelReport({ ...report, paranoia: 2 }, { targetRecall: 0.95, maxFprPayloads: 0.01, maxFprApache: 0.005 }).join('\n');

    expect(text).toMatch(/942 SQLi .*45\.0% \(9\/20\)$/m);
    expect(text).not.toContain('BELOW TARGET');
  });
});

describe('summaryOf', () => {
  it('given reports, when summarised, then every figure is there with its rate', () => {
    const summary = summaryOf([report], { crs: 'crs.jsonl', payloads: null, apacheLog: 'apache.log' });

    expect(summary.files).toEqual({ crs: 'crs.jsonl', payloads: null, apacheLog: 'apache.log' });
    expect(summary.levels[0]).toMatchObject({
      paranoia: 1,
      crs: {
        targetClasses: { detected: 65, total: 76 },
        targetClassesStrict: { detected: 64, total: 76 },
        classes: { '942': { type: 'sqli', recall: { detected: 10, total: 20, rate: 0.5 }, strict: { detected: 9, total: 20, rate: 0.45 } } },
      },
      payloads: null,
      apacheFlagged: { detected: 1, total: 1000, rate: 0.001 },
      recordsPerSecond: 30000,
      recordsPerCpuSecond: 40000,
    });
  });
});
