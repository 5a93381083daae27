module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'sessionization-infra',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
