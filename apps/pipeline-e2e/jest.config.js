module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'pipeline-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
