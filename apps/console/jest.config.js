module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'console',
  rootDir: __dirname,
  // Pure modules of the console (URL state, time windows, formatting); the screens are covered by apps/console-e2e in Chromium.
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
