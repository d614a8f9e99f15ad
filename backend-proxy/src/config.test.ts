import { configFrom, durationMs } from './config';

test('the demo is off unless --demo or DOPPEL_DEMO=1 turns it on', () => {
  expect(configFrom({}, {}).demo).toBe(false);
  expect(configFrom({ demo: true }, {}).demo).toBe(true);
  expect(configFrom({}, { DOPPEL_DEMO: '1' }).demo).toBe(true);
  expect(configFrom({}, { DOPPEL_DEMO: 'true' }).demo).toBe(true);
  expect(configFrom({}, { DOPPEL_DEMO: '0' }).demo).toBe(false);
});

test('the demo interval defaults to 5 s and must be a positive whole number of ms', () => {
  expect(configFrom({}, {}).demoIntervalMs).toBe(5_000);
  expect(configFrom({}, { DOPPEL_DEMO_INTERVAL_MS: '250' }).demoIntervalMs).toBe(250);
  expect(() => configFrom({}, { DOPPEL_DEMO_INTERVAL_MS: '0' })).toThrow(
    'DOPPEL_DEMO_INTERVAL_MS must be a positive whole number, got 0',
  );
  expect(() => configFrom({}, { DOPPEL_DEMO_INTERVAL_MS: 'often' })).toThrow(/got often/);
});

test('TimescaleDB is used where the server has it unless DOPPEL_PG_TIMESCALEDB=off; another value is refused', () => {
  expect(configFrom({}, {}).pgTimescaleDb).toBe(true);
  expect(configFrom({}, { DOPPEL_PG_TIMESCALEDB: 'auto' }).pgTimescaleDb).toBe(true);
  expect(configFrom({}, { DOPPEL_PG_TIMESCALEDB: 'off' }).pgTimescaleDb).toBe(false);
  expect(() => configFrom({}, { DOPPEL_PG_TIMESCALEDB: 'no' })).toThrow(
    'DOPPEL_PG_TIMESCALEDB must be auto or off, not "no"',
  );
});

test('a port outside 0–65535 is refused with the value given', () => {
  expect(() => configFrom({}, { DOPPEL_PORT: '70000' })).toThrow(
    '--port must be an integer between 0 and 65535, got 70000',
  );
});

test.each([
  ['5s', 5000],
  ['500ms', 500],
  ['1.5m', 90_000],
  ['250', 250],
])('--connector-poll-interval %s is %d ms', (text, ms) => {
  expect(durationMs('--connector-poll-interval', text)).toBe(ms);
});

test.each(['', 'fast', '5h', '50ms', '2h', '-1s'])(
  '--connector-poll-interval %j is refused, naming the option',
  (text) => {
    expect(() => durationMs('--connector-poll-interval', text)).toThrow(/--connector-poll-interval must be a duration/);
  },
);
