#!/usr/bin/env node
// Builds the console with Vite into dist/console (served by the gateway at `/`). tools/build.mjs calls
// buildConsole() so that one `npm run build` builds everything; `--if-stale` skips the Vite run when
// dist/console/index.html is newer than every console source.
//
// Usage: node apps/console/build-console.mjs [--if-stale] [--quiet]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const consoleRoot = path.dirname(fileURLToPath(import.meta.url));

function newestMtimeMs(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtimeMs(path.join(entry, child)));
  return newest;
}

export function consoleOutputDir(root) {
  return path.join(root, 'dist', 'console');
}

export function consoleIsStale(root) {
  const consoleDir = path.join(root, 'apps', 'console');
  let builtMs;
  try {
    builtMs = fs.statSync(path.join(consoleOutputDir(root), 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  const inputs = ['src', 'index.html', 'vite.config.mjs', 'build-console.mjs'].map((name) => path.join(consoleDir, name)).filter((file) => fs.existsSync(file));
  return Math.max(...inputs.map(newestMtimeMs)) > builtMs;
}

/**
 * @param {{ root: string, ifStale?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ skipped: boolean, elapsedMs?: number }>}
 */
export async function buildConsole({ root, ifStale = false, log = () => {} }) {
  if (ifStale && !consoleIsStale(root)) return { skipped: true };
  const startedMs = performance.now();
  const { build } = await import('vite');
  // Built beside, then swapped in by renames: a gateway serving dist/console (or a second build running
  // at the same time, as parallel test runs do) never sees a half-written folder.
  const outputDir = consoleOutputDir(root);
  const staging = `${outputDir}.${process.pid}.tmp`;
  const retired = `${outputDir}.${process.pid}.old`;
  try {
    await build({ configFile: path.join(root, 'apps', 'console', 'vite.config.mjs'), logLevel: 'warn', mode: 'production', build: { outDir: staging, emptyOutDir: true } });
    if (fs.existsSync(outputDir)) fs.renameSync(outputDir, retired);
    fs.renameSync(staging, outputDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(retired, { recursive: true, force: true });
  }
  const elapsedMs = Math.round(performance.now() - startedMs);
  log(`build: console (Vite) -> dist/console in ${elapsedMs} ms`);
  return { skipped: false, elapsedMs };
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const args = new Set(process.argv.slice(2));
  const root = path.resolve(consoleRoot, '..', '..');
  buildConsole({ root, ifStale: args.has('--if-stale'), log: args.has('--quiet') ? () => {} : (line) => console.log(line) }).catch((error) => {
    console.error(error?.message ?? error);
    process.exit(1);
  });
}
