import type { Command } from 'commander';
import { stackStatus } from '@sessionscope/stack';
import { appServices, appState } from './app-services';
import type { CliContext } from './cli-context';

export function registerStatusCommand(program: Command, context: () => CliContext): void {
  program
    .command('status')
    .description('show whether each app and each service of the stack is up, with its URL')
    .option('--json', 'print the status as JSON', false)
    .addHelpText('after', '\nExits with 0 when everything is up, 1 otherwise.')
    .action(async (options: { json: boolean }) => {
      const ctx = context();
      const { config, log } = ctx;
      const [apps, stack] = await Promise.all([
        Promise.all(appServices.map((service) => appState(ctx, service))),
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
      if (options.json) {
        log.result(JSON.stringify({ apps: appRows, stack: stackRows }, null, 2));
      } else {
        const print = (row: { name: string; url: string; up: boolean; detail: string }) =>
          log.result(`  ${row.name.padEnd(15)} ${(row.up ? 'up' : 'down').padEnd(5)} ${row.url.padEnd(24)} ${row.detail}`);
        log.result('apps');
        appRows.forEach(print);
        log.result('stack');
        stackRows.forEach(print);
      }
      if (![...appRows, ...stackRows].every((row) => row.up)) process.exitCode = 1;
    });
}
