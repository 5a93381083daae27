import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { ConfigError } from '@sessionscope/shared/config';
import { AppError, describeError } from '@sessionscope/shared/errors';
import { lazyCommandConfigs, loadCliConfig } from './cli-config';
import type { CliContext } from './cli-context';
import { registerBenchIngestCommand } from './bench-ingest.command';
import { registerBenchSessionizeCommand } from './bench-sessionize.command';
import { registerBenchIngestFormatsCommand } from './bench-ingest-formats.command';
import { registerDemoCommand } from './demo.command';
import { registerDetectCommand } from './detect.command';
import { registerDownCommand } from './down.command';
import { registerEvalDetectionCommand } from './eval-detection.command';
import { registerGenerateCommand } from './generate.command';
import { registerImportCommand } from './import.command';
import { registerIngestTokenCommand } from './ingest-token.command';
import { createLogger } from './logger';
import { registerReplayCommand } from './replay.command';
import { registerSchemaCommand } from './schema.command';
import { registerStatusCommand } from './status.command';
import { registerTestCommand } from './test.command';
import { registerUpCommand } from './up.command';
import { findRepoRoot, workspacePaths } from './workspace';

export type RegisterCommand = (program: Command, context: () => CliContext) => void;

/**
 * One file per command (`<name>.command.ts`), each exporting its register function; a new command is
 * one more entry here.
 */
const commands: RegisterCommand[] = [
  registerUpCommand,
  registerDownCommand,
  registerStatusCommand,
  registerImportCommand,
  registerIngestTokenCommand,
  registerDemoCommand,
  registerReplayCommand,
  registerSchemaCommand,
  registerTestCommand,
  registerBenchIngestCommand,
  registerBenchSessionizeCommand,
  registerGenerateCommand,
  registerBenchIngestFormatsCommand,
  registerDetectCommand,
  registerEvalDetectionCommand,
];

/** Built on first use, so `--help` works even where the configuration would not parse. */
function lazyContext(): () => CliContext {
  let context: CliContext | undefined;
  return () => {
    if (!context) {
      const config = loadCliConfig(process.env);
      const commandConfigs = lazyCommandConfigs(process.env);
      context = {
        paths: workspacePaths(findRepoRoot(__dirname)),
        config,
        localStackConfig: commandConfigs.localStack,
        replayConfig: commandConfigs.replay,
        log: createLogger({ stderr: process.stderr, stdout: process.stdout, color: Boolean(process.stderr.isTTY) && !config.NO_COLOR }),
        childEnv: process.env,
        interactive: Boolean(process.stderr.isTTY),
      };
    }
    return context;
  };
}

/** The version of the checkout, from its package.json. */
function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(findRepoRoot(__dirname), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

export function buildProgram(context: () => CliContext): Command {
  const program = new Command('sessionscope')
    .description('Sessionscope, the API Sessions explorer: run the local stack, import traffic, test')
    .version(packageVersion(), '-V, --version', 'print the version of Sessionscope')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nStart here:\n  npx sessionscope demo      everything up, demo data imported, a query to try\n  npx sessionscope status    what runs where',
    );
  for (const register of commands) register(program, context);
  return program;
}

/** Runs the CLI; resolves the process's exit code. Errors become one clear message, never a stack. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const context = lazyContext();
  try {
    await buildProgram(context).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const message = error instanceof AppError ? `${error.message} [${error.code}]` : error instanceof ConfigError ? describeConfigError(error) : describeError(error);
    process.stderr.write(`\nerror: ${message}\n`);
    return 1;
  }
}

/** The CLI's configuration comes only from the environment: say so, so that a person knows where to look. */
export function describeConfigError(error: ConfigError): string {
  const plural = error.problems.length > 1 ? 's' : '';
  return `invalid environment variable${plural}:\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}`;
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
