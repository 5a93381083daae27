import type { Command } from 'commander';
import { stackStatus } from '@sessionscope/stack';
import { appServices, appState } from './app-services';
import type { CliContext } from './cli-context';
import { parseHttpUrl } from './import.command';
import { describeIngestionStats, fetchIngestionStats } from './ingestion-stats';

export function registerStatusCommand(program: Command, context: () => CliContext): void {
  program
    .command('status')
    .description('show whether each app and each service of the stack is up, with its URL')
    .option('--json', 'print the status as JSON', false)
    .option('--gateway-url <url>', 'where the gateway answers, if not where `up` starts it', parseHttpUrl)
    .option('--ingestion-url <url>', 'where ingestion answers, if not where `up` starts it', parseHttpUrl)
    .option('--sessionization-url <url>', 'where sessionization answers, if not where `up` starts it', parseHttpUrl)
    .addHelpText(
      'after',
      '\nWith ingestion up, also shows the ingestion health of the tenant of SESSIONSCOPE_INGEST_TOKEN (GET /v1/stats):\n' +
        'records by source and format, rejections by reason, duplicates, records without a response, clock skew.\n' +
        'Exits with 0 when everything is up, 1 otherwise.',
    )
    .action(async (options: { json: boolean; gatewayUrl?: string; ingestionUrl?: string; sessionizationUrl?: string }) => {
      const urlOf = { gateway: options.gatewayUrl, ingestion: options.ingestionUrl, sessionization: options.sessionizationUrl };
      const ctx = context();
      const { config, log } = ctx;
      const [apps, stack] = await Promise.all([
        Promise.all(appServices.map((service) => appState(ctx, service, urlOf[service.name]))),
        stackStatus({ natsUrl: config.NATS_URL, redisUrl: config.REDIS_URL, opensearchUrl: config.OPENSEARCH_URL }),
      ]);
      const appRows = apps.map((state) => ({
        name: state.service.name,
        url: state.url,
        up: state.healthy,
        detail: !state.sourceExists
          ? 'apps/' + state.service.name + '/src/main.ts does not exist yet'
          : state.process?.alive
            ? `pid ${state.process.pid}${state.healthy ? '' : ', not answering ' + state.service.healthPath}`
            : state.healthy
              ? 'not started from this checkout'
              : 'not running',
      }));
      const stackRows = stack.map((entry) => ({ name: entry.service, url: entry.url, up: entry.up, detail: entry.detail }));
      const ingestion = apps.find((state) => state.service.name === 'ingestion');
      const ingestionStats = ingestion?.healthy ? await fetchIngestionStats(ingestion.url, config.SESSIONSCOPE_INGEST_TOKEN) : null;
      if (options.json) {
        log.result(JSON.stringify({ apps: appRows, stack: stackRows, ingestion: ingestionStats && ('stats' in ingestionStats ? ingestionStats.stats : { problem: ingestionStats.problem }) }, null, 2));
      } else {
        const print = (row: { name: string; url: string; up: boolean; detail: string }) =>
          log.result(`  ${row.name.padEnd(15)} ${(row.up ? 'up' : 'down').padEnd(5)} ${row.url.padEnd(24)} ${row.detail}`);
        log.result('apps');
        appRows.forEach(print);
        log.result('stack');
        stackRows.forEach(print);
        if (ingestionStats) {
          log.result('ingestion health');
          const lines = 'stats' in ingestionStats ? describeIngestionStats(ingestionStats.stats) : [`not available: ${ingestionStats.problem}`];
          lines.forEach((line) => log.result(`  ${line}`));
        }
      }
      if (![...appRows, ...stackRows].every((row) => row.up)) process.exitCode = 1;
    });
}
