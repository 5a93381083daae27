#!/usr/bin/env node
// The `sessionscope` command of package.json's bin (`npx sessionscope ...` from the repository root):
// rebuilds dist/ when it is missing or a source under apps/ or libs/ changed since the last build,
// then runs the CLI from dist/apps/cli/src/main.js.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..', '..');
const cliEntry = path.join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

async function run() {
  const { build, isStale } = await import(pathToFileURL(path.join(root, 'tools', 'build.mjs')).href);
  if (isStale(root)) {
    try {
      // The summary goes to stderr: stdout belongs to the command's results.
      await build({ root, log: (line) => process.stderr.write(`${line}\n`) });
    } catch (error) {
      process.stderr.write(`${error.message}\n`);
      if (!fs.existsSync(cliEntry)) return 1;
      process.stderr.write('sessionscope: running the previous build of the CLI; fix the errors above to pick up your changes\n');
    }
  }
  const { main } = require(cliEntry);
  return main(process.argv);
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`sessionscope: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
