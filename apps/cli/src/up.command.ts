import type { Command } from 'commander';
import { developmentIngestToken } from '@sessionscope/shared/config';
import { appServices, baseUrlOf, startApp, type StartOutcome } from './app-services';
import type { CliContext } from './cli-context';
import { ensureBuilt, ensureStack } from './stack-steps';

/** Brings up the stack and the apps; resolves true when every app answers. Shared with `demo`. */
export async function bringUp(context: CliContext): Promise<boolean> {
  const { log } = context;
  await ensureStack(context);
  log.step('Building (only what changed since the last build)');
  await ensureBuilt(context);

  log.step(`Starting ${appServices.map((service) => service.name).join(', ')}`);
  const outcomes: StartOutcome[] = [];
  for (const service of appServices) {
    const outcome = await startApp(context, service);
    outcomes.push(outcome);
    if (outcome.kind === 'started') log.ok(outcome.message);
    else if (outcome.kind === 'reused') {
      log.ok(outcome.message);
      if (outcome.stale) log.warn(`${service.name} runs code older than the last build: \`npx sessionscope down && npx sessionscope up\` restarts it`);
    } else log.error(outcome.message);
  }

  const ready = outcomes.every((outcome) => outcome.kind === 'started' || outcome.kind === 'reused');
  const gateway = appServices.find((service) => service.name === 'gateway');
  const ingestion = appServices.find((service) => service.name === 'ingestion');
  const sessionization = appServices.find((service) => service.name === 'sessionization');
  if (gateway && ingestion && sessionization) {
    log.result('');
    log.result(ready ? 'Sessionscope is up:' : 'Sessionscope is only partly up:');
    log.result(`  console         ${baseUrlOf(gateway)}/sessions`);
    log.result(`  gateway         ${baseUrlOf(gateway)}   (API docs ${baseUrlOf(gateway)}/api/docs)`);
    log.result(`  ingestion       ${baseUrlOf(ingestion)}   (POST /v1/traffic, or: npx sessionscope import <file>)`);
    log.result(`  ingest token    ${ingestTokenShown(context.config.SESSIONSCOPE_INGEST_TOKEN)}`);
    log.result(`  sessionization  ${baseUrlOf(sessionization)}`);
    log.result(`  logs in tmp/logs/<app>.log; stop with: npx sessionscope down`);
  }
  return ready;
}

/** The demo's public token is shown whole (it is in the README anyway); a real one only by its start. */
export function ingestTokenShown(token: string): string {
  return token === developmentIngestToken
    ? `${token}  (tenant default; send it as Authorization: Bearer <token>)`
    : `${token.slice(0, 4)}... (SESSIONSCOPE_INGEST_TOKEN)`;
}

export function registerUpCommand(program: Command, context: () => CliContext): void {
  program
    .command('up')
    .description('start NATS, Redis and OpenSearch when needed, build, then start ingestion, sessionization and gateway (running ones are reused)')
    .addHelpText('after', '\nApps run detached from dist/: pid files in tmp/run/, logs in tmp/logs/<app>.log.')
    .action(async () => {
      if (!(await bringUp(context()))) process.exitCode = 1;
    });
}
