module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'ingestion-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
