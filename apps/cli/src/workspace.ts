import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above `startDir` holding nx.json and tools/build.mjs. */
export function findRepoRoot(startDir: string): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nx.json')) && fs.existsSync(path.join(dir, 'tools', 'build.mjs'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no Sessionscope checkout (nx.json and tools/build.mjs) above ${startDir}`);
    dir = parent;
  }
}

/** Where the CLI keeps its runtime state, all under the git-ignored tmp/ and dist/. */
export function workspacePaths(root: string) {
  return {
    root,
    runDir: path.join(root, 'tmp', 'run'),
    logsDir: path.join(root, 'tmp', 'logs'),
    demoDir: path.join(root, 'tmp', 'demo'),
    buildScript: path.join(root, 'tools', 'build.mjs'),
    buildStamp: path.join(root, 'dist', '.build-stamp'),
    /** The real access log of ../shared/datasets, absent from a user's fresh clone. */
    sharedApacheLog: path.resolve(root, '..', 'shared', 'datasets', 'access-logs', 'apache_logs.log'),
  };
}

export type WorkspacePaths = ReturnType<typeof workspacePaths>;

/** A path as a person would type it from the repository root. */
export function shownPath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') && !relative.startsWith(`..${path.sep}shared`) ? file : relative;
}
