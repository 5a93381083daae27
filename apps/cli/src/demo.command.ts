import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { sleep } from '@sessionscope/stack';
import { appServices, baseUrlOf } from './app-services';
import type { CliContext } from './cli-context';
import { defaultIngestionUrl } from './import.command';
import { importTraffic, printImportSummary } from './import-traffic';
import { shownPath } from './workspace';
import { bringUp } from './up.command';

type DemoDataset = { file: string; description: string; application?: string; host?: string; sampleWindow: { from: string; to: string } };

const sessionListSchema = z.object({ total: z.number() });
const searchableTimeoutMs = 120_000;

/** The real Apache log of ../shared when this checkout has it, else generated traffic, and say which. */
function chooseDataset(context: CliContext, choice: 'auto' | 'apache' | 'generated'): DemoDataset {
  const { paths, log } = context;
  const apacheLog = paths.sharedApacheLog;
  if (choice !== 'generated' && fs.existsSync(apacheLog)) {
    log.info(`dataset: the real Apache access log ${shownPath(paths.root, apacheLog)} (10,000 lines, 17-20 May 2015, browsers and crawlers)`);
    return {
      file: apacheLog,
      description: 'Apache access log',
      application: 'demo-apache',
      // Access-log lines carry no host; this log's own referrers name the site it was taken from.
      host: 'semicomplete.com',
      sampleWindow: { from: '2015-05-17T10:00:00Z', to: '2015-05-17T11:00:00Z' },
    };
  }
  if (choice === 'apache') throw new Error(`${shownPath(paths.root, apacheLog)} does not exist (it comes with ../shared/datasets, which a fresh clone has not)`);
  const out = path.join(paths.demoDir, 'demo-traffic.ndjson');
  log.info(
    choice === 'generated'
      ? 'dataset: generated demo traffic (--dataset generated)'
      : `dataset: ${shownPath(paths.root, apacheLog)} is absent, so generated demo traffic is used instead`,
  );
  const generated = spawnSync(process.execPath, [paths.demoGenerator, '--out', out], { cwd: paths.root, env: context.childEnv, encoding: 'utf8' });
  if (generated.status !== 0) throw new Error(`tools/demo/generate-demo-traffic.mjs failed:\n${generated.stderr}`);
  log.info(`${generated.stderr.trim()} (tools/demo/generate-demo-traffic.mjs)`);
  return { file: out, description: 'generated demo traffic', sampleWindow: { from: '2026-01-15T09:00:00Z', to: '2026-01-15T10:00:00Z' } };
}

async function sessionTotal(gatewayUrl: string): Promise<{ total: number } | { problem: string }> {
  try {
    const response = await fetch(`${gatewayUrl}/api/v1/sessions?limit=1`, { signal: AbortSignal.timeout(5000) });
    const body = sessionListSchema.safeParse(await response.json());
    if (response.ok && body.success) return { total: body.data.total };
    return { problem: `HTTP ${response.status}` };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Polls the session list until it has a session (the pipeline has carried the import to search), then
 * until the count holds still for a moment, so the number shown is not that of the first second.
 */
async function waitUntilSearchable(context: CliContext, gatewayUrl: string): Promise<number> {
  const startedMs = Date.now();
  let lastProblem = 'no answer yet';
  let nextReportMs = 10_000;
  while (Date.now() - startedMs < searchableTimeoutMs) {
    const answer = await sessionTotal(gatewayUrl);
    if ('total' in answer && answer.total > 0) return settledTotal(gatewayUrl, answer.total);
    lastProblem = 'total' in answer ? 'no session yet' : answer.problem;
    const elapsedMs = Date.now() - startedMs;
    if (elapsedMs >= nextReportMs) {
      context.log.info(`waiting for sessions to be searchable: ${lastProblem} after ${Math.round(elapsedMs / 1000)} s (timeout ${searchableTimeoutMs / 1000} s)`);
      nextReportMs += 10_000;
    }
    await sleep(1000);
  }
  throw new Error(
    `no session was searchable at ${gatewayUrl}/api/v1/sessions within ${searchableTimeoutMs / 1000} s (${lastProblem}); ` +
      'see tmp/logs/sessionization.log and tmp/logs/gateway.log',
  );
}

async function settledTotal(gatewayUrl: string, first: number): Promise<number> {
  const settleTimeoutMs = 20_000;
  const startedMs = Date.now();
  let previous = first;
  while (Date.now() - startedMs < settleTimeoutMs) {
    await sleep(2000);
    const answer = await sessionTotal(gatewayUrl);
    if (!('total' in answer) || answer.total === previous) return previous;
    previous = answer.total;
  }
  return previous;
}

export function registerDemoCommand(program: Command, context: () => CliContext): void {
  program
    .command('demo')
    .description('`up`, import a demo dataset, wait until its sessions are searchable, and show where to look')
    .addOption(
      new Option('--dataset <which>', 'auto: ../shared/datasets/access-logs/apache_logs.log when present, else generated traffic')
        .choices(['auto', 'apache', 'generated'])
        .default('auto'),
    )
    .action(async (options: { dataset: 'auto' | 'apache' | 'generated' }) => {
      const ctx = context();
      const { log } = ctx;
      if (!(await bringUp(ctx))) throw new Error('Sessionscope is not fully up (see above), so the demo cannot go on');

      log.step('Choosing the demo dataset');
      const dataset = chooseDataset(ctx, options.dataset);
      log.step(`Importing the ${dataset.description}`);
      const summary = await importTraffic({
        file: dataset.file,
        format: 'auto',
        application: dataset.application,
        host: dataset.host,
        ingestionUrl: defaultIngestionUrl,
        chunkLines: 5000,
        log,
        progressStream: process.stderr,
        interactive: ctx.interactive,
      });
      printImportSummary({ ...summary, file: shownPath(ctx.paths.root, dataset.file) }, log);

      const gateway = appServices.find((service) => service.name === 'gateway');
      if (!gateway) throw new Error('no gateway service is defined');
      const gatewayUrl = baseUrlOf(gateway);
      log.step('Waiting until the sessions are searchable');
      const total = await waitUntilSearchable(ctx, gatewayUrl);
      log.ok(`${total.toLocaleString('en-US')} ${total === 1 ? 'session is' : 'sessions are'} searchable`);

      const { from, to } = dataset.sampleWindow;
      log.result('');
      log.result(`The demo is ready (${dataset.description}).`);
      log.result(`  gateway   ${gatewayUrl}`);
      log.result(`  API docs  ${gatewayUrl}/api/docs`);
      log.result('  sessions in one hour of the data:');
      log.result(`    curl '${gatewayUrl}/api/v1/sessions?from=${from}&to=${to}&limit=5'`);
      log.result('  stop everything with: npx sessionscope down --all');
    });
}
