import type { Command } from 'commander';
import { AppError } from '@sessionscope/shared/errors';
import { defaultStartMs, generateTraffic, shopSessionConfig, TrafficSummary } from '@sessionscope/traffic-generator';
import type { CliContext } from './cli-context';
import { openOutputFile } from './output-file';
import { createProgress, formatCount } from './progress-bar';

type GenerateOptions = { requests: string; seed: string; out: string; truth?: string; shuffleLatenessMs: string; start?: string };

/** A whole number from an option, or an error that names the option. */
export function wholeNumberOption(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new AppError('invalid', 'INVALID_OPTION', `--${name} must be a whole number >= ${min}, got "${text}"`);
  }
  return value;
}

export type GeneratedFiles = { out: string; truth?: string; requests: number; seed: number; startMs?: number; shuffleLatenessMs: number };

/** Writes generated `shop` traffic (and its truth) as NDJSON, one record at a time, with a progress bar. */
export async function writeGeneratedTraffic(files: GeneratedFiles, progressOptions: { interactive: boolean }): Promise<{ written: number; summary: TrafficSummary }> {
  // Both files are opened before anything is generated: a path that cannot be written fails at once.
  const out = openOutputFile('--out', files.out);
  const truth = files.truth ? openOutputFile('--truth', files.truth) : null;
  const traffic = generateTraffic({ requests: files.requests, seed: files.seed, shuffleLatenessMs: files.shuffleLatenessMs, startMs: files.startMs });
  const progress = createProgress({ stream: process.stderr, interactive: progressOptions.interactive, label: 'generate', total: files.requests, unit: 'requests' });
  let written = 0;
  for (const generated of traffic.records()) {
    await out.write(`${JSON.stringify(generated.record)}\n`);
    if (truth) await truth.write(`${JSON.stringify(generated.truth)}\n`);
    progress.update(++written);
  }
  await out.close();
  if (truth) await truth.close();
  progress.finish();
  return { written, summary: traffic.summary };
}

export function registerGenerateCommand(program: Command, context: () => CliContext): void {
  program
    .command('generate')
    .description('write deterministic ground-truth traffic of the `shop` application as NDJSON request records, and optionally the true session of each')
    .requiredOption('--out <file>', 'NDJSON file of request records to write')
    .option('--requests <n>', 'how many requests, at least 1', '10000')
    .option('--seed <n>', 'seed of the generator: the same seed gives the same bytes', '1')
    .option('--truth <file>', 'JSON Lines file with the truth of each record: {"id","session","previousPart","user","roles","actor","attack"}')
    .option('--start <time>', `ISO 8601 time of the earliest request (default ${new Date(defaultStartMs).toISOString()}); the visits start within 3 days after it`)
    .option('--shuffle-lateness-ms <ms>', 'shuffle arrival order so that a record comes at most this late after a later-stamped one (0: time order)', '0')
    .addHelpText(
      'after',
      [
        '',
        'The traffic: users who log in (the token of the login response, then in an Authorization header, a',
        '`token` query parameter or a `token` body field), anonymous visitors with a `sid` cookie, clients with',
        'only IP + User-Agent (some behind one NAT address), integrations whose sessions outlive the maximum',
        'length, returns after idle gaps, and a few SQLi/XSS payloads. Its session configuration:',
        JSON.stringify(shopSessionConfig),
      ].join('\n'),
    )
    .action(async (options: GenerateOptions) => {
      const { log, interactive } = context();
      const requests = wholeNumberOption('requests', options.requests, 1);
      const seed = wholeNumberOption('seed', options.seed, 0);
      const shuffleLatenessMs = wholeNumberOption('shuffle-lateness-ms', options.shuffleLatenessMs, 0);
      if (seed > 0xffffffff) throw new AppError('invalid', 'INVALID_OPTION', `--seed must be below 2^32, got ${seed}`);
      const startMs = options.start === undefined ? undefined : Date.parse(options.start);
      if (startMs !== undefined && Number.isNaN(startMs)) throw new AppError('invalid', 'INVALID_OPTION', `--start must be an ISO 8601 time such as 2026-11-02T08:00:00Z, got "${options.start}"`);
      const { written, summary } = await writeGeneratedTraffic({ out: options.out, truth: options.truth, requests, seed, startMs, shuffleLatenessMs }, { interactive });
      const actors = Object.entries(summary.actors)
        .map(([kind, count]) => `${formatCount(count)} ${kind}`)
        .join(', ');
      log.ok(`wrote ${formatCount(written)} requests to ${options.out}${options.truth ? ` and their truth to ${options.truth}` : ''}`);
      log.info(`${summary.firstTime} to ${summary.lastTime}; ${actors}; ${formatCount(summary.sessions)} true sessions in ${formatCount(summary.sessionParts)} parts (${formatCount(summary.sessionsWithParts)} longer than the maximum length)`);
    });
}
