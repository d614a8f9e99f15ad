import { limitsFromEnv } from './limits';

test('limits can be raised through DOPPEL_QUERY_* variables', () => {
  expect(
    limitsFromEnv({ DOPPEL_QUERY_MAX_HOPS: '50', DOPPEL_QUERY_TIMEOUT_MS: '2000', DOPPEL_QUERY_MAX_LIMIT: 'x' }),
  ).toMatchObject({
    maxHops: 50,
    timeoutMs: 2000,
    maxLimit: 3000,
  });
});
