module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'session-keys',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
