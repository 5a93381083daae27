import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { sleep } from '@sessionscope/stack';
import { shopApplication, shopSessionConfig } from '@sessionscope/traffic-generator';
import { appServices, baseUrlOf } from './app-services';
import type { CliContext } from './cli-context';
import { defaultIngestionUrl } from './import.command';
import { importTraffic, printImportSummary } from './import-traffic';
import { shownPath } from './workspace';
import { bringUp, ingestTokenShown } from './up.command';
import { writeGeneratedTraffic } from './generate.command';

type DemoDataset = { file: string; description: string; application?: string; host?: string; sampleQuery: string };

const sessionListSchema = z.object({ total: z.number() });
const searchableTimeoutMs = 120_000;
const demoShopRequests = 20_000;

/**
 * The demo's datasets: generated `shop` traffic (users who log in, visitors, clients with only an address,
 * long sessions in parts, a few attacks) over the last three days, with its session configuration; and
 * the real Apache access log of ../shared when this checkout has it.
 */
async function chooseDatasets(context: CliContext, choice: 'auto' | 'apache' | 'generated'): Promise<DemoDataset[]> {
  const { paths, log } = context;
  const datasets: DemoDataset[] = [];
  if (choice !== 'apache') {
    fs.mkdirSync(paths.demoDir, { recursive: true });
    const out = path.join(paths.demoDir, 'shop-traffic.ndjson');
    const startMs = Date.now() - 3 * 24 * 60 * 60 * 1000;
    const { summary } = await writeGeneratedTraffic({ out, requests: demoShopRequests, seed: 1, startMs, shuffleLatenessMs: 0 }, { interactive: context.interactive });
    log.info(`dataset: generated \`shop\` traffic, ${summary.requests.toLocaleString('en-US')} requests of ${summary.sessions.toLocaleString('en-US')} visits, ${summary.firstTime} to ${summary.lastTime}`);
    datasets.push({ file: out, description: 'generated shop traffic', sampleQuery: `application=${shopApplication}&role=admin` });
  }
  const apacheLog = paths.sharedApacheLog;
  if (choice !== 'generated' && fs.existsSync(apacheLog)) {
    log.info(`dataset: the real Apache access log ${shownPath(paths.root, apacheLog)} (10,000 lines, 17-20 May 2015, browsers and crawlers)`);
    datasets.push({
      file: apacheLog,
      description: 'Apache access log',
      application: 'demo-apache',
      // Access-log lines carry no host; this log's own referrers name the site it was taken from.
      host: 'semicomplete.com',
      sampleQuery: 'from=2015-05-17T10:00:00Z&to=2015-05-17T11:00:00Z&application=demo-apache',
    });
  } else if (choice === 'apache') {
    throw new Error(`${shownPath(paths.root, apacheLog)} does not exist (it comes with ../shared/datasets, which a fresh clone has not)`);
  }
  return datasets;
}

/** The session configuration of the generated traffic, set through the gateway as an analyst would. */
async function configureShop(gatewayUrl: string): Promise<void> {
  const response = await fetch(`${gatewayUrl}/api/v1/applications/${shopApplication}/session-config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(shopSessionConfig),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the gateway refused the session configuration of ${shopApplication}: ${response.status} ${await response.text()}`);
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
      new Option('--dataset <which>', 'auto: generated shop traffic, and ../shared/datasets/access-logs/apache_logs.log when present; apache or generated: only that one')
        .choices(['auto', 'apache', 'generated'])
        .default('auto'),
    )
    .action(async (options: { dataset: 'auto' | 'apache' | 'generated' }) => {
      const ctx = context();
      const { log } = ctx;
      if (!(await bringUp(ctx))) throw new Error('Sessionscope is not fully up (see above), so the demo cannot go on');

      const gateway = appServices.find((service) => service.name === 'gateway');
      if (!gateway) throw new Error('no gateway service is defined');
      const gatewayUrl = baseUrlOf(gateway);
      log.step('Choosing the demo datasets');
      const datasets = await chooseDatasets(ctx, options.dataset);
      if (datasets.some((dataset) => dataset.description === 'generated shop traffic')) {
        log.step(`Setting the session configuration of ${shopApplication} (key chain, user and role claims) at the gateway`);
        await configureShop(gatewayUrl);
        // Ingestion follows the stored configurations with a watch: give it a moment to see this one.
        await sleep(1000);
      }
      for (const dataset of datasets) {
        log.step(`Importing the ${dataset.description}`);
        const summary = await importTraffic({
          file: dataset.file,
          format: 'auto',
          application: dataset.application,
          host: dataset.host,
          ingestionUrl: defaultIngestionUrl,
          ingestToken: ctx.config.SESSIONSCOPE_INGEST_TOKEN,
          chunkLines: 5000,
          log,
          progressStream: process.stderr,
          interactive: ctx.interactive,
        });
        printImportSummary({ ...summary, file: shownPath(ctx.paths.root, dataset.file) }, log);
      }

      log.step('Waiting until the sessions are searchable');
      const total = await waitUntilSearchable(ctx, gatewayUrl);
      log.ok(`${total.toLocaleString('en-US')} ${total === 1 ? 'session is' : 'sessions are'} searchable`);

      log.result('');
      log.result(`The demo is ready (${datasets.map((dataset) => dataset.description).join(' and ')}).`);
      log.result(`  console   ${gatewayUrl}/sessions`);
      log.result(`  API docs  ${gatewayUrl}/api/docs`);
      log.result(`  ingest token  ${ingestTokenShown(ctx.config.SESSIONSCOPE_INGEST_TOKEN)}`);
      for (const dataset of datasets) {
        log.result(`  ${dataset.description}:`);
        log.result(`    ${gatewayUrl}/sessions?${dataset.sampleQuery}`);
        log.result(`    curl '${gatewayUrl}/api/v1/sessions?${dataset.sampleQuery}&limit=5'`);
      }
      log.result('  stop everything with: npx sessionscope down --all');
    });
}
