/* eslint-disable @typescript-eslint/no-require-imports -- jest loads this config as CommonJS */
// Plugin unit tests (src/**). The service has its own jest config in backend-proxy/.
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

module.exports = {
  ...base,
  setupFilesAfterEnv: ['<rootDir>/jest.setup.js'],
  // editor tests drive real @grafana/ui selects; a loaded 2-core machine needs more than 5 s
  testTimeout: 20000,
  // three's CommonJS build re-imports its ES module build, so jest transforms it too
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, 'three'])],
  // the test host's page modules (tests/e2e/host/page) have their unit tests beside them
  testMatch: [...base.testMatch, '<rootDir>/tests/e2e/host/page/**/*.test.{ts,tsx}'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/backend-proxy/', '/tests/(?!e2e/host/page/)'],
};
