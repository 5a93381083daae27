module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-errors',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
