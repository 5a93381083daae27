#!/usr/bin/env node
// Transpiles apps/*/src and libs/**/src into dist/ with the same relative layout
// (apps/gateway/src/main.ts -> dist/apps/gateway/src/main.js), using the options of .swcrc.json.
// The @sessionscope/* aliases of tsconfig.base.json become relative requires through swc's
// jsc.baseUrl + jsc.paths. Type checking is not done here: that is the typecheck targets' job.
//
// Usage: node tools/build.mjs [--if-stale] [--quiet]
//   --if-stale  do nothing when dist/.build-stamp is newer than every source (what `sessionscope` uses)
//   --quiet     print nothing on success
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildConsole, consoleIsStale } from '../apps/console/build-console.mjs';

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Files whose change must trigger a rebuild even though they are not sources. */
const buildInputs = ['.swcrc.json', 'tsconfig.base.json', 'tools/build.mjs'];

const isSpec = (file) => file.endsWith('.spec.ts');
const isTypeScriptSource = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !isSpec(file);
const isJson = (file) => file.endsWith('.json');

function listDirectories(dir) {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => path.join(dir, entry.name));
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
}

/** The src folders that are built: apps/<app>/src and every src folder below libs/. */
export function sourceRoots(root) {
  const roots = listDirectories(path.join(root, 'apps'))
    .map((app) => path.join(app, 'src'))
    // The console is a browser bundle: Vite builds it (apps/console/build-console.mjs), not swc.
    .filter((dir) => fs.existsSync(dir) && dir !== path.join(root, 'apps', 'console', 'src'));
  const pending = listDirectories(path.join(root, 'libs'));
  while (pending.length > 0) {
    const dir = pending.pop();
    const name = path.basename(dir);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (name === 'src') roots.push(dir);
    else pending.push(...listDirectories(dir));
  }
  return roots.sort();
}

/** Every file below the src folders, with the newest modification time seen (directories count: a deletion changes them). */
function scanSources(root) {
  const files = [];
  let newestMs = 0;
  const pending = sourceRoots(root);
  while (pending.length > 0) {
    const dir = pending.pop();
    newestMs = Math.max(newestMs, fs.statSync(dir).mtimeMs);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') pending.push(file);
      } else if (entry.isFile() && (isTypeScriptSource(file) || isJson(file))) {
        files.push(file);
        newestMs = Math.max(newestMs, fs.statSync(file).mtimeMs);
      }
    }
  }
  for (const input of buildInputs) {
    const file = path.join(root, input);
    if (fs.existsSync(file)) newestMs = Math.max(newestMs, fs.statSync(file).mtimeMs);
  }
  return { files: files.sort(), newestMs };
}

export function stampPath(root = defaultRoot) {
  return path.join(root, 'dist', '.build-stamp');
}

/** True when dist is missing or a source, a build input or a src folder changed after the last build. */
export function isStale(root = defaultRoot) {
  if (consoleIsStale(root)) return true;
  let stampMs;
  try {
    stampMs = fs.statSync(stampPath(root)).mtimeMs;
  } catch {
    return true;
  }
  return scanSources(root).newestMs > stampMs;
}

function swcOptions(root) {
  const options = JSON.parse(fs.readFileSync(path.join(root, '.swcrc.json'), 'utf8'));
  delete options.$comment;
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  return {
    ...options,
    swcrc: false,
    configFile: false,
    // swc rewrites an aliased import to a path relative to the importing file; dist mirrors the
    // source layout, so the same relative path is right there.
    jsc: { ...options.jsc, baseUrl: root, paths: compilerOptions.paths },
  };
}

/** Writes through a temporary file, so a running process that requires lazily never reads half a file. */
function writeAtomically(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

async function mapWithConcurrency(items, concurrency, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Removes outputs in dist/apps and dist/libs whose source is gone. */
function removeStaleOutputs(root, produced) {
  let removed = 0;
  const pending = ['apps', 'libs'].map((dir) => path.join(root, 'dist', dir)).filter((dir) => fs.existsSync(dir));
  while (pending.length > 0) {
    const dir = pending.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(file);
      else if (!produced.has(file) && !file.endsWith('.tmp')) {
        fs.rmSync(file, { force: true });
        removed += 1;
      }
    }
  }
  return removed;
}

/**
 * Builds dist/. Resolves to a summary; rejects with every file that failed to transpile.
 * @param {{ root?: string, ifStale?: boolean, quiet?: boolean, log?: (line: string) => void }} [options]
 */
export async function build(options = {}) {
  const root = options.root ?? defaultRoot;
  const log = options.quiet ? () => {} : (options.log ?? ((line) => console.log(line)));
  if (options.ifStale && !isStale(root)) return { skipped: true };

  const startedMs = performance.now();
  const { default: swc } = await import('@swc/core');
  const baseOptions = swcOptions(root);
  const { files } = scanSources(root);
  const distRoot = path.join(root, 'dist');
  const produced = new Set();
  const failures = [];

  await mapWithConcurrency(files, Math.max(8, os.availableParallelism() * 4), async (file) => {
    const relative = path.relative(root, file);
    if (isJson(file)) {
      const target = path.join(distRoot, relative);
      produced.add(target);
      writeAtomically(target, fs.readFileSync(file));
      return;
    }
    const target = path.join(distRoot, relative.replace(/\.ts$/, '.js'));
    produced.add(target);
    produced.add(`${target}.map`);
    try {
      const source = await fs.promises.readFile(file, 'utf8');
      const output = await swc.transform(source, {
        ...baseOptions,
        filename: file,
        sourceFileName: path.relative(path.dirname(target), file),
      });
      const mapComment = output.map ? `\n//# sourceMappingURL=${path.basename(target)}.map\n` : '\n';
      writeAtomically(target, output.code + mapComment);
      if (output.map) writeAtomically(`${target}.map`, output.map);
    } catch (error) {
      failures.push({ file: relative, message: String(error?.message ?? error) });
    }
  });

  if (failures.length > 0) {
    const error = new Error(
      `build failed: ${failures.length} of ${files.length} files did not transpile\n` +
        failures.map((failure) => `  ${failure.file}: ${failure.message}`).join('\n'),
    );
    error.failures = failures;
    throw error;
  }

  await buildConsole({ root, ifStale: true, log });
  const removed = removeStaleOutputs(root, produced);
  const typescriptCount = files.filter(isTypeScriptSource).length;
  const jsonCount = files.length - typescriptCount;
  const elapsedMs = Math.round(performance.now() - startedMs);
  const summary = { skipped: false, typescriptCount, jsonCount, removed, elapsedMs };
  writeAtomically(stampPath(root), `${JSON.stringify({ builtAt: new Date().toISOString(), ...summary })}\n`);
  log(
    `build: ${typescriptCount} TypeScript and ${jsonCount} JSON files -> dist/ in ${elapsedMs} ms` +
      (removed > 0 ? ` (removed ${removed} stale outputs)` : ''),
  );
  return summary;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const args = new Set(process.argv.slice(2));
  const usage = 'usage: node tools/build.mjs [--if-stale] [--quiet]';
  const unknown = [...args].filter((arg) => !['--if-stale', '--quiet', '--help'].includes(arg));
  if (args.has('--help')) {
    console.log(usage);
    process.exit(0);
  }
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown.join(' ')}\n${usage}`);
    process.exit(2);
  }
  build({ ifStale: args.has('--if-stale'), quiet: args.has('--quiet') }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
