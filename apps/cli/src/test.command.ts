import { spawn } from 'node:child_process';
import readline from 'node:readline';
import type { Command } from 'commander';
import type { CliContext } from './cli-context';
import { ensureChromium } from '@sessionscope/stack';
import { ensureStack } from './stack-steps';
import { addUpJestTotals, formatTotals } from './test-summary';

const targets = ['lint', 'typecheck', 'test'];

/** Runs nx, echoing its output as it comes, and resolves its exit code with the jest totals seen. */
function runNx(context: CliContext, extraArgs: string[]): Promise<{ code: number; lines: string[] }> {
  const args = ['nx', 'run-many', '-t', ...targets, '--parallel=2', '--skip-nx-cache', '--outputStyle=stream', ...extraArgs];
  context.log.info(`npx ${args.join(' ')}`);
  const child = spawn('npx', args, {
    cwd: context.paths.root,
    env: { ...context.childEnv, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...(context.interactive ? { FORCE_COLOR: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const summaryLines: string[] = [];
  const follow = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      out.write(`${line}\n`);
      if (line.includes('Tests:')) summaryLines.push(line);
    });
    return new Promise<void>((resolve) => lines.once('close', resolve));
  };
  const done = Promise.all([follow(child.stdout, process.stdout), follow(child.stderr, process.stderr)]);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      void done.then(() => resolve({ code: code ?? (signal ? 128 : 1), lines: summaryLines }));
    });
  });
}

export function registerTestCommand(program: Command, context: () => CliContext): void {
  program
    .command('test')
    .description('make sure NATS, Redis and OpenSearch run, then lint, typecheck and test every project (what `npm test` runs)')
    .argument('[nxArgs...]', 'more arguments for nx run-many, e.g. --projects=stack,cli')
    .allowUnknownOption(true)
    .addHelpText('after', '\nRuns: npx nx run-many -t lint typecheck test --parallel=2 --skip-nx-cache --outputStyle=stream\nwith NX_DAEMON=false and NX_NO_CLOUD=true, and exits with its code.')
    .action(async (nxArgs: string[]) => {
      const ctx = context();
      await ensureStack(ctx);
      // The console's browser tests drive Debian's Chromium.
      ctx.log.ok(`chromium   ${ensureChromium(ctx.log.info)}`);
      ctx.log.step(`Running ${targets.join(', ')} for every project`);
      const startedMs = Date.now();
      const { code, lines } = await runNx(ctx, nxArgs);
      const totals = addUpJestTotals(lines);
      const minutes = ((Date.now() - startedMs) / 60_000).toFixed(1);
      (code === 0 ? ctx.log.ok : ctx.log.error)(`nx run-many exited with ${code} after ${minutes} min (${totals.reports} jest runs)`);
      // Last, alone on its line: the totals CI reads.
      ctx.log.result(totals.reports > 0 ? formatTotals(totals) : 'tests: no jest summary was printed');
      process.exitCode = code;
    });
}
