module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'sessionization',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
