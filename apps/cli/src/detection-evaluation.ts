import fs from 'node:fs';
import path from 'node:path';
import {
  detect,
  measureThroughput,
  parseCombinedLogLine,
  parseCrsStage,
  parseCsvRecords,
  payloadRowsOf,
  summariseCrsRecall,
  summariseFalsePositives,
  summarisePayloads,
  valueInJsonBody,
  valueInQuery,
  type BenignOutcome,
  type CrsOutcome,
  type CrsRecall,
  type CrsStage,
  type DetectableRequest,
  type FalsePositiveSummary,
  type Hit,
  type Paranoia,
  type PayloadOutcome,
  type PayloadRow,
  type PayloadSummary,
  type Throughput,
} from '@sessionscope/detection';

/** The three files of ../shared/datasets the evaluation reads, by their place in that folder. */
export function datasetFiles(datasetsDir: string) {
  return {
    crs: path.join(datasetsDir, 'crs', 'crs-regression-tests.jsonl'),
    payloads: path.join(datasetsDir, 'http-params', 'payload_train.csv'),
    apacheLog: path.join(datasetsDir, 'access-logs', 'apache_logs.log'),
  };
}

export type DatasetFiles = ReturnType<typeof datasetFiles>;

export type Unreadable = { line: number; reason: string };

/** What was read; a part is null when its file is absent. */
export type Datasets = {
  crs: { file: string; stages: CrsStage[]; unreadable: Unreadable[] } | null;
  payloads: { file: string; rows: PayloadRow[]; skipped: number; query: DetectableRequest[]; json: DetectableRequest[] } | null;
  apache: { file: string; lines: { line: number; text: string; request: DetectableRequest }[]; unreadable: Unreadable[] } | null;
};

export function loadDatasets(files: DatasetFiles): Datasets {
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null);
  const crsText = read(files.crs);
  const payloadText = read(files.payloads);
  const apacheText = read(files.apacheLog);
  return {
    crs: crsText === null ? null : { file: files.crs, ...readCrs(crsText) },
    payloads: payloadText === null ? null : { file: files.payloads, ...readPayloads(payloadText) },
    apache: apacheText === null ? null : { file: files.apacheLog, ...readApache(apacheText) },
  };
}

function readCrs(text: string): { stages: CrsStage[]; unreadable: Unreadable[] } {
  const stages: CrsStage[] = [];
  const unreadable: Unreadable[] = [];
  textLines(text).forEach((lineText, index) => {
    if (lineText.trim() === '') return;
    const parsed = parseCrsStage(lineText);
    if (parsed.ok) stages.push(parsed.stage);
    else unreadable.push({ line: index + 1, reason: parsed.reason });
  });
  return { stages, unreadable };
}

function readPayloads(text: string) {
  const { rows, skipped } = payloadRowsOf(parseCsvRecords(text));
  return { rows, skipped, query: rows.map((row) => valueInQuery(row.payload)), json: rows.map((row) => valueInJsonBody(row.payload)) };
}

function readApache(text: string) {
  const lines: { line: number; text: string; request: DetectableRequest }[] = [];
  const unreadable: Unreadable[] = [];
  textLines(text).forEach((lineText, index) => {
    if (lineText.trim() === '') return;
    const request = parseCombinedLogLine(lineText);
    if (request) lines.push({ line: index + 1, text: lineText, request });
    else unreadable.push({ line: index + 1, reason: 'not a combined log line with a request' });
  });
  return { lines, unreadable };
}

function textLines(text: string): string[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** How many records one evaluation pass sends through detection (the progress bar's total). */
export function recordsPerPass(datasets: Datasets): number {
  return (datasets.crs?.stages.length ?? 0) + (datasets.payloads ? datasets.payloads.rows.length * 2 : 0) + (datasets.apache?.lines.length ?? 0);
}

/** The typical API traffic throughput is measured on: the access log's requests and the payload rows in both placements. */
export function throughputRecords(datasets: Datasets): DetectableRequest[] {
  return [...(datasets.apache?.lines.map((line) => line.request) ?? []), ...(datasets.payloads?.query ?? []), ...(datasets.payloads?.json ?? [])];
}

export type LevelReport = {
  paranoia: Paranoia;
  crs: CrsRecall | null;
  payloads: PayloadSummary | null;
  apache: FalsePositiveSummary | null;
  throughput: Throughput | null;
  /** Records on which `detect` threw: counted as without hits, the first few kept to show. */
  engineErrors: { count: number; examples: string[] };
};

export type LevelOptions = {
  paranoia: Paranoia;
  topFlagged: number;
  throughputMinMs: number;
  nowMs: () => number;
  /** The CPU time of the process, for a throughput figure that other load on the machine does not lower. */
  cpuMs?: () => number;
  /** Called every few hundred records with the number done in this pass. */
  onProgress: (done: number) => void;
};

/** One paranoia level: every record of every dataset through detection, then a timed throughput pass. */
export function evaluateLevel(datasets: Datasets, options: LevelOptions): LevelReport {
  const engineErrors = { count: 0, examples: [] as string[] };
  const detectionOptions = { paranoia: options.paranoia };
  let done = 0;
  const run = (request: DetectableRequest, what: string): Hit[] => {
    done++;
    if (done % 500 === 0) options.onProgress(done);
    try {
      return detect(request, detectionOptions);
    } catch (error) {
      engineErrors.count++;
      if (engineErrors.examples.length < 5) engineErrors.examples.push(`${what}: ${(error as Error).message}`);
      return [];
    }
  };

  const crs = datasets.crs
    ? summariseCrsRecall(
        options.paranoia,
        datasets.crs.stages.map((stage): CrsOutcome => ({ stage, hits: run(stage.request, `CRS rule ${stage.ruleId}`) })),
      )
    : null;
  let payloads: PayloadSummary | null = null;
  if (datasets.payloads) {
    const { rows, query, json } = datasets.payloads;
    const outcomes: PayloadOutcome[] = [];
    rows.forEach((row, index) => {
      outcomes.push({ row, placement: 'query', hits: run(query[index], `payload row ${index + 1} in query`) });
      outcomes.push({ row, placement: 'json', hits: run(json[index], `payload row ${index + 1} in JSON body`) });
    });
    payloads = summarisePayloads(outcomes);
  }
  const apache = datasets.apache
    ? summariseFalsePositives(
        datasets.apache.lines.map(({ line, text, request }): BenignOutcome => ({ line, text, hits: run(request, `access log line ${line}`) })),
        options.topFlagged,
      )
    : null;
  options.onProgress(done);

  const records = throughputRecords(datasets);
  // The evaluation pass above has already warmed detection up on these very records.
  const throughput =
    records.length > 0
      ? measureThroughput(
          records,
          (request) => {
            try {
              detect(request, detectionOptions);
            } catch {
              // Counted in the evaluation pass already.
            }
          },
          { nowMs: options.nowMs, cpuMs: options.cpuMs, minDurationMs: options.throughputMinMs, warmUpPasses: 0 },
        )
      : null;
  return { paranoia: options.paranoia, crs, payloads, apache, throughput, engineErrors };
}
