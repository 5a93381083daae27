import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { InvalidArgumentError, type Command } from 'commander';
import type { Paranoia } from '@sessionscope/detection';
import type { CliContext } from './cli-context';
import { parseParanoia } from './detect.command';
import { datasetFiles, evaluateLevel, loadDatasets, recordsPerPass, type LevelReport } from './detection-evaluation';
import { formatLevelReport, summaryOf } from './detection-report';
import { createProgress, formatCount } from './progress-bar';
import { shownPath } from './workspace';

/** The targets, marked in the tables (reported, not asserted). */
const targets = { recall: 0.95, maxFprPayloads: 0.01, maxFprApache: 0.005 };

type EvalOptions = { paranoia: Paranoia[]; datasets?: string; top: number; throughputSeconds: number };

function parseLevels(value: string): Paranoia[] {
  const levels = value.split(',').map((level) => parseParanoia(level.trim()));
  return [...new Set(levels)].sort((a, b) => a - b);
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new InvalidArgumentError('a number of seconds above 0, at most 600, is expected');
  return seconds;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new InvalidArgumentError('a whole number, 0 or more, is expected');
  return count;
}

export function registerEvalDetectionCommand(program: Command, context: () => CliContext): void {
  program
    .command('eval-detection')
    .description('measure attack detection on ../shared/datasets: recall per attack class, false positives on benign traffic, throughput')
    .option('--paranoia <levels>', 'paranoia levels to evaluate, comma-separated', parseLevels, [1, 2] as Paranoia[])
    .option('--datasets <dir>', 'the datasets folder (default: ../shared/datasets next to the repository)')
    .option('--top <n>', 'flagged access log lines to list for a person to judge', parseCount, 15)
    .option('--throughput-seconds <s>', 'how long to time detection for the throughput figure', parseSeconds, 3)
    .addHelpText(
      'after',
      '\nReads crs/crs-regression-tests.jsonl (CRS regression stages, sent the way the CRS test runner sends them),\n' +
        'http-params/payload_train.csv (each value as ?q= and as a JSON body field) and access-logs/apache_logs.log\n' +
        '(real benign traffic). Prints a table per paranoia level on stdout, then one JSON summary line.\n' +
        'Without ../shared (a fresh clone) it says so and exits 0.\n\nExample:\n  npm run eval:detection -- --paranoia 1',
    )
    .action((options: EvalOptions) => {
      const { paths, log, interactive } = context();
      const datasetsDir = options.datasets ? path.resolve(options.datasets) : path.resolve(paths.root, '..', 'shared', 'datasets');
      if (!fs.existsSync(datasetsDir)) {
        if (options.datasets) throw new Error(`no datasets folder at ${datasetsDir}`);
        log.warn(`skipped: ${shownPath(paths.root, datasetsDir)} is absent (a fresh clone has no ../shared); nothing to evaluate`);
        return;
      }
      const files = datasetFiles(datasetsDir);
      log.step(`Evaluating attack detection on ${shownPath(paths.root, datasetsDir)}`);
      const datasets = loadDatasets(files);
      const read: Record<string, string | null> = {};
      const describe = (name: keyof typeof files, present: boolean, what: string) => {
        read[name] = present ? files[name] : null;
        if (present) log.info(`read ${shownPath(paths.root, files[name])}: ${what}`);
        else log.warn(`skipped ${shownPath(paths.root, files[name])}: not found`);
      };
      describe(
        'crs',
        datasets.crs !== null,
        datasets.crs ? `${formatCount(datasets.crs.stages.length)} stages, ${datasets.crs.unreadable.length} unreadable` : '',
      );
      describe(
        'payloads',
        datasets.payloads !== null,
        datasets.payloads ? `${formatCount(datasets.payloads.rows.length)} labelled values, ${datasets.payloads.skipped} with an unknown label skipped` : '',
      );
      describe(
        'apacheLog',
        datasets.apache !== null,
        datasets.apache ? `${formatCount(datasets.apache.lines.length)} requests, ${datasets.apache.unreadable.length} lines unreadable` : '',
      );
      for (const { line, reason } of [...(datasets.crs?.unreadable ?? []).slice(0, 5)]) log.warn(`CRS line ${line} not turned into a request: ${reason}`);
      for (const { line } of [...(datasets.apache?.unreadable ?? []).slice(0, 5)]) log.warn(`access log line ${line} is not a combined log line with a request`);
      if (!datasets.crs && !datasets.payloads && !datasets.apache) {
        log.warn('skipped: none of the evaluation files is there');
        return;
      }

      const reports: LevelReport[] = [];
      for (const paranoia of options.paranoia) {
        const progress = createProgress({ stream: process.stderr, interactive, label: `paranoia ${paranoia}`, total: recordsPerPass(datasets), unit: 'records' });
        const report = evaluateLevel(datasets, {
          paranoia,
          topFlagged: options.top,
          throughputMinMs: options.throughputSeconds * 1000,
          nowMs: () => performance.now(),
          cpuMs: () => {
            const { user, system } = process.cpuUsage();
            return (user + system) / 1000;
          },
          onProgress: (done) => progress.update(done),
        });
        progress.finish();
        reports.push(report);
        log.result(formatLevelReport(report, { targetRecall: targets.recall, maxFprPayloads: targets.maxFprPayloads, maxFprApache: targets.maxFprApache }).join('\n') + '\n');
      }
      log.result(JSON.stringify(summaryOf(reports, read)));
    });
}
