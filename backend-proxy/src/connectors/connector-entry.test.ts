import { arnMatches, entryProblem, redact, resolveHeaders } from './connector-entry';

test('an ARN pattern’s * matches any run of characters, and nothing else is special', () => {
  expect(
    arnMatches('arn:aws:lambda:*:*:function:udq-*', 'arn:aws:lambda:eu-west-1:123456789012:function:udq-reader'),
  ).toBe(true);
  expect(arnMatches('arn:aws:lambda:*:*:function:udq-*', 'arn:aws:lambda:eu-west-1:123456789012:function:other')).toBe(
    false,
  );
  expect(arnMatches('arn:aws:lambda:us-east-1:1.3:function:x', 'arn:aws:lambda:us-east-1:123:function:x')).toBe(false);
});

test('headers are filled from the environment, and every filled value is a secret to mask', () => {
  const { headers, secrets } = resolveHeaders(
    { url: 'http://x', arn: 'a', headers: { Authorization: 'Bearer ${TOKEN}', 'X-Site': 'plant-7' } },
    { TOKEN: 'abc123secret' },
  );
  expect(headers).toEqual({ Authorization: 'Bearer abc123secret', 'X-Site': 'plant-7' });
  expect(redact('echo: Bearer abc123secret and abc123secret', secrets)).toBe('echo: *** and ***');
});

test('entries are checked field by field', () => {
  expect(entryProblem('p', { type: 'prometheus', url: 'http://127.0.0.1:9090' })).toBeUndefined();
  expect(entryProblem('p', { type: 'prometheus', url: 'http://x', arn: 'a' })).toContain('lambda connectors only');
  expect(entryProblem('m', { type: 'mqtt', url: 'mqtt://127.0.0.1:1883' })).toContain('needs mapping');
  expect(entryProblem('m', { type: 'mqtt', url: 'mqtt://127.0.0.1:1883', mapping: 'm.yaml' })).toBeUndefined();
  expect(entryProblem('x', { url: 'http://x', arn: 'a', extra: 1 })).toContain('connector x');
});
