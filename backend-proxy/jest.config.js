/** Service tests: unit tests beside the code (src/**), integration tests that start the real server (test/**). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testTimeout: 30000,
  // replicas of one service, migrate-store's target and the PostgreSQL store's own history
  // tests need PostgreSQL: those suites run in npm run test:pg only
  testPathIgnorePatterns:
    process.env.DOPPEL_TEST_STORE === 'postgres'
      ? ['/node_modules/']
      : [
          '/node_modules/',
          '/test/replicas\\.test\\.ts$',
          '/test/migrate-store\\.test\\.ts$',
          '/src/store/postgres/values/history\\.test\\.ts$',
        ],
};
