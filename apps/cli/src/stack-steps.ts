import { spawn } from 'node:child_process';
import { ensureNats, ensureOpenSearch, ensureRedis, type EnsureResult } from '@sessionscope/stack';
import type { CliContext } from './cli-context';

export type StackPart = 'nats' | 'redis' | 'opensearch';

/** Makes sure the given parts of the stack answer, starting the local ones that do not. */
export async function ensureStack(context: CliContext, parts: StackPart[] = ['nats', 'redis', 'opensearch']): Promise<void> {
  const { config, log, paths } = context;
  context.log.step('Checking the stack (NATS, Redis, OpenSearch)');
  const daemonOptions = { log: log.info, installMissing: true, searchPath: config.PATH };
  const report = (result: EnsureResult) =>
    log.ok(`${result.service.padEnd(10)} ${result.url.padEnd(24)} ${result.started ? 'started' : 'running'} (${result.detail})`);
  if (parts.includes('nats')) report(await ensureNats({ ...daemonOptions, url: config.NATS_URL }));
  if (parts.includes('redis')) report(await ensureRedis({ ...daemonOptions, url: config.REDIS_URL }));
  if (parts.includes('opensearch')) report(await ensureOpenSearch({ rootDir: paths.root, url: config.OPENSEARCH_URL, heapMb: context.localStackConfig().OPENSEARCH_HEAP_MB, log: log.info }));
}

/** Rebuilds dist/ when a source changed since the last build (tools/build.mjs --if-stale). */
export function ensureBuilt(context: CliContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [context.paths.buildScript, '--if-stale'], {
      cwd: context.paths.root,
      env: context.childEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the build failed (node tools/build.mjs exited with ${code})`))));
  });
}
