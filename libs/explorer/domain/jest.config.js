module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'explorer-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
