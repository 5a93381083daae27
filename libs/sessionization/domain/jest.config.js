module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'sessionization-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
