// Shared jest settings: swc transpiles TypeScript (with Nest's decorator metadata), and the path
// aliases of tsconfig.base.json resolve to sources, so tests never need a build.
const path = require('node:path');
const fs = require('node:fs');

const root = __dirname;
const swcOptions = JSON.parse(fs.readFileSync(path.join(root, '.swcrc.json'), 'utf8'));
delete swcOptions.$comment;
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/[/.]/g, '\\$&')}$`] = path.join(root, target);
}

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
};
