import type { Command } from 'commander';
import { stopOpenSearch } from '@sessionscope/stack';
import { appServices, stopApp } from './app-services';
import type { CliContext } from './cli-context';

export function registerDownCommand(program: Command, context: () => CliContext): void {
  program
    .command('down')
    .description('stop the apps started by `up` (and, with --all, the local OpenSearch node)')
    .option('--all', 'also stop the OpenSearch node started from this checkout', false)
    .addHelpText('after', '\nNATS and Redis are system services shared with other work: `down` never stops them.')
    .action(async (options: { all: boolean }) => {
      const { log, paths } = context();
      log.step('Stopping the apps');
      for (const service of [...appServices].reverse()) {
        const outcome = await stopApp(context(), service);
        (outcome.stopped ? log.ok : log.info)(outcome.message);
      }
      if (options.all) {
        log.step('Stopping OpenSearch');
        const outcome = await stopOpenSearch({ rootDir: paths.root, log: log.info });
        (outcome.stopped ? log.ok : log.info)(outcome.detail);
      }
    });
}
