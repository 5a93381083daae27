import type { AttackType, Hit } from '../types';
import type { CrsStage } from './crs-stage';

/** Detected out of total; a false positive rate is a tally too (flagged out of benign). */
export type Tally = { detected: number; total: number };

/** detected / total, or null when there was nothing to count. */
export function rate(tally: Tally): number | null {
  return tally.total === 0 ? null : tally.detected / tally.total;
}

/**
 * A CRS rule class (the first three digits of a rule id) and the attack type a hit must have to count
 * as finding its payloads; `type: null` (934, generic attacks: SSRF, Node.js, prototype pollution...)
 * accepts a hit of any type. `target`: the classes the issue sets a recall target for.
 */
export type CrsClass = { code: string; name: string; type: AttackType | null; target: boolean };

export const crsClasses: readonly CrsClass[] = [
  { code: '913', name: 'scanner', type: 'scanner', target: false },
  { code: '921', name: 'protocol attack', type: 'crlf', target: false },
  { code: '930', name: 'LFI', type: 'path-traversal', target: true },
  { code: '931', name: 'RFI', type: 'rfi', target: true },
  { code: '932', name: 'RCE', type: 'rce', target: true },
  { code: '933', name: 'PHP', type: 'php', target: true },
  { code: '934', name: 'generic', type: null, target: true },
  { code: '941', name: 'XSS', type: 'xss', target: true },
  { code: '942', name: 'SQLi', type: 'sqli', target: true },
  { code: '944', name: 'Java', type: 'java', target: true },
];

/**
 * CRS rules that file payloads of another attack type under their class, and the types of hit that are
 * the correct finding for them. They count as found in `typed`; `strict` leaves them out, so both
 * figures are reported. Each entry says why.
 */
export const crsRulesOfOtherTypes: Readonly<Record<number, { types: readonly AttackType[]; why: string }>> = {
  941130: {
    types: ['xxe'],
    why: 'CRS 941130 (XSS attribute vectors: `xmlns`, `xlink:href`) also carries XML external entity, XInclude and schema-location probes: those are XXE',
  },
  942290: {
    types: ['nosqli'],
    why: 'CRS 942290 ("basic MongoDB SQL injection") matches MongoDB query operators (`$ne`, `$where`): NoSQL injection, typed nosqli here',
  },
};

export function crsClassOf(ruleId: number): CrsClass | null {
  const code = String(ruleId).slice(0, 3);
  return crsClasses.find((crsClass) => crsClass.code === code) ?? null;
}

/**
 * Whether a stage counts among the positives measured at a paranoia level: a rule of a measured class
 * that must fire, in a test of that paranoia level or below. Tests naming no level are left out.
 */
export function isCrsPositiveAt(stage: CrsStage, paranoia: number): boolean {
  return stage.expectIds.length > 0 && stage.paranoia !== null && stage.paranoia <= paranoia && crsClassOf(stage.ruleId) !== null;
}

/**
 * `typed`: found by a hit of the class's type, or of a type `crsRulesOfOtherTypes` names for the rule;
 * `strict`: by a hit of the class's type only; `anyHit`: by any hit.
 */
export type ClassRecall = { crsClass: CrsClass; typed: Tally; strict: Tally; anyHit: Tally };
/** `typed`, `strict` and `anyHit` at the top add up the target classes only. */
export type CrsRecall = { paranoia: number; classes: ClassRecall[]; typed: Tally; strict: Tally; anyHit: Tally };

export type CrsOutcome = { stage: CrsStage; hits: readonly Hit[] };

/** Recall per class on the positives at a paranoia level: found by a hit of the class's type, and by any hit. */
export function summariseCrsRecall(paranoia: number, outcomes: readonly CrsOutcome[]): CrsRecall {
  const classes = new Map(crsClasses.map((crsClass) => [crsClass.code, { crsClass, typed: zero(), strict: zero(), anyHit: zero() }]));
  for (const { stage, hits } of outcomes) {
    if (!isCrsPositiveAt(stage, paranoia)) continue;
    const recall = classes.get(String(stage.ruleId).slice(0, 3));
    if (recall === undefined) continue;
    const wanted = recall.crsClass.type;
    const alsoAccepted = crsRulesOfOtherTypes[stage.ruleId]?.types ?? [];
    const strict = hits.some((hit) => wanted === null || hit.type === wanted);
    count(recall.strict, strict);
    count(recall.typed, strict || hits.some((hit) => alsoAccepted.includes(hit.type)));
    count(recall.anyHit, hits.length > 0);
  }
  const measured = [...classes.values()];
  const targets = measured.filter((recall) => recall.crsClass.target);
  return {
    paranoia,
    classes: measured,
    typed: sum(targets.map((recall) => recall.typed)),
    strict: sum(targets.map((recall) => recall.strict)),
    anyHit: sum(targets.map((recall) => recall.anyHit)),
  };
}

/** The labels of `payload_train.csv` and the attack type that finds each; `norm` is benign. */
export const payloadLabels = { sqli: 'sqli', xss: 'xss', 'path-traversal': 'path-traversal', cmdi: 'rce' } as const satisfies Record<string, AttackType>;
export type PayloadLabel = keyof typeof payloadLabels | 'norm';

export type PayloadRow = { payload: string; label: PayloadLabel };

/** The rows of `payload_train.csv` (columns payload, attack_type) with a known label; the others are counted. */
export function payloadRowsOf(records: readonly Record<string, string>[]): { rows: PayloadRow[]; skipped: number } {
  const rows: PayloadRow[] = [];
  let skipped = 0;
  for (const record of records) {
    const label = record['attack_type'];
    if (typeof record['payload'] === 'string' && (label === 'norm' || Object.hasOwn(payloadLabels, label))) rows.push({ payload: record['payload'], label: label as PayloadLabel });
    else skipped++;
  }
  return { rows, skipped };
}

export const placements = ['query', 'json'] as const;
/** Where a payload value was put: the query parameter `q`, or the JSON body field `q`. */
export type Placement = (typeof placements)[number];

export type PayloadOutcome = { row: PayloadRow; placement: Placement; hits: readonly Hit[] };

export type LabelRecall = { label: keyof typeof payloadLabels; type: AttackType; typed: Tally; anyHit: Tally };
/** Per placement: recall per attack label, and the benign (`norm`) values flagged by any hit. */
export type PayloadSummary = Record<Placement, { labels: LabelRecall[]; normFlagged: Tally }>;

export function summarisePayloads(outcomes: readonly PayloadOutcome[]): PayloadSummary {
  const summary = {} as PayloadSummary;
  for (const placement of placements) {
    summary[placement] = {
      labels: Object.entries(payloadLabels).map(([label, type]) => ({ label: label as keyof typeof payloadLabels, type, typed: zero(), anyHit: zero() })),
      normFlagged: zero(),
    };
  }
  for (const { row, placement, hits } of outcomes) {
    const measured = summary[placement];
    if (row.label === 'norm') {
      count(measured.normFlagged, hits.length > 0);
      continue;
    }
    const recall = measured.labels.find((candidate) => candidate.label === row.label);
    if (recall === undefined) continue;
    count(recall.typed, hits.some((hit) => hit.type === recall.type));
    count(recall.anyHit, hits.length > 0);
  }
  return summary;
}

/** A benign request (an access log line) and what detection said of it. */
export type BenignOutcome = { line: number; text: string; hits: readonly Hit[] };

export type FalsePositiveSummary = {
  flagged: Tally;
  /** How many flagged requests each detector shape had a hit in, most first. */
  byDetector: { detector: string; requests: number }[];
  /** The flagged requests a person should look at first: highest hit score first, then file order. */
  top: BenignOutcome[];
};

export function summariseFalsePositives(outcomes: readonly BenignOutcome[], topCount: number): FalsePositiveSummary {
  const flagged = outcomes.filter((outcome) => outcome.hits.length > 0);
  const byDetector = new Map<string, number>();
  for (const outcome of flagged) {
    for (const detector of new Set(outcome.hits.map((hit) => hit.detector))) byDetector.set(detector, (byDetector.get(detector) ?? 0) + 1);
  }
  const topScore = (outcome: BenignOutcome) => Math.max(...outcome.hits.map((hit) => hit.score));
  return {
    flagged: { detected: flagged.length, total: outcomes.length },
    byDetector: [...byDetector].map(([detector, requests]) => ({ detector, requests })).sort((a, b) => b.requests - a.requests || (a.detector < b.detector ? -1 : 1)),
    top: [...flagged].sort((a, b) => topScore(b) - topScore(a) || a.line - b.line).slice(0, topCount),
  };
}

/**
 * `recordsPerSecond` by the wall clock; `recordsPerCpuSecond` by the CPU time of the process (when a CPU
 * clock was given), which other load on a shared machine does not lower.
 */
export type Throughput = { records: number; passes: number; elapsedMs: number; recordsPerSecond: number; cpuMs?: number; recordsPerCpuSecond?: number };

/**
 * Records per second of `run`, single-threaded: `warmUpPasses` untimed passes over the records (so the
 * JIT has compiled the hot paths), then whole timed passes until `minDurationMs` has gone by on `nowMs`.
 * The clocks come in, so this stays free of I/O and testable.
 */
export function measureThroughput<T>(
  records: readonly T[],
  run: (record: T) => unknown,
  options: { nowMs: () => number; cpuMs?: () => number; minDurationMs: number; warmUpPasses: number },
): Throughput {
  if (records.length === 0) return { records: 0, passes: 0, elapsedMs: 0, recordsPerSecond: 0 };
  for (let pass = 0; pass < options.warmUpPasses; pass++) for (const record of records) run(record);
  const startedMs = options.nowMs();
  const startedCpuMs = options.cpuMs?.() ?? 0;
  let passes = 0;
  let elapsedMs = 0;
  do {
    for (const record of records) run(record);
    passes++;
    elapsedMs = options.nowMs() - startedMs;
  } while (elapsedMs < options.minDurationMs);
  const measured = records.length * passes;
  const perSecond = (ms: number) => (ms > 0 ? (measured * 1000) / ms : Number.POSITIVE_INFINITY);
  const throughput: Throughput = { records: measured, passes, elapsedMs, recordsPerSecond: perSecond(elapsedMs) };
  if (options.cpuMs !== undefined) {
    throughput.cpuMs = options.cpuMs() - startedCpuMs;
    throughput.recordsPerCpuSecond = perSecond(throughput.cpuMs);
  }
  return throughput;
}

function zero(): Tally {
  return { detected: 0, total: 0 };
}

function count(tally: Tally, detected: boolean): void {
  tally.total++;
  if (detected) tally.detected++;
}

function sum(tallies: readonly Tally[]): Tally {
  return tallies.reduce((total, tally) => ({ detected: total.detected + tally.detected, total: total.total + tally.total }), zero());
}
