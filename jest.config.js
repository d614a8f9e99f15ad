/* eslint-disable @typescript-eslint/no-require-imports -- jest loads this config as CommonJS */
// Plugin unit tests (src/**). The service has its own jest config in backend-proxy/.
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  ...base,
  setupFilesAfterEnv: ['<rootDir>/jest.setup.js'],
  // editor tests drive real @grafana/ui selects; a loaded 2-core machine needs more than 5 s
  testTimeout: 20000,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/backend-proxy/', '/tests/'],
};
