module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'traffic-generator',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
