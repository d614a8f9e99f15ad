import { initialAlarmState, SourceValue } from './alarm-state';
import { conditionHolds, evaluateThreshold, ThresholdConfig, thresholdConfigOf } from './threshold';

const config: ThresholdConfig = {
  sourceComponent: 'Heat',
  sourceProperty: 'temperature',
  operator: '>',
  threshold: 200,
  hysteresis: 5,
  delaySeconds: 0,
};
const source = (value: number, ms: number): SourceValue => ({
  componentName: 'Heat',
  propertyName: 'temperature',
  value: { doubleValue: value },
  time: new Date(ms).toISOString(),
});
const NOW = Date.UTC(2024, 4, 1, 12);

/** Feeds [ms, value] pairs to an alarm and returns the status after each. */
function run(c: ThresholdConfig, values: [number, number][]) {
  let state = initialAlarmState();
  return values.map(([ms, v]) => {
    const outcome = evaluateThreshold(c, state, v, ms, source(v, ms), NOW);
    state = outcome.state;
    return [state.status, ...outcome.transitions.map((t) => t.action)];
  });
}

test.each([
  ['>', 201, true, 200, false],
  ['>=', 200, true, 199.9, false],
  ['<', 199, true, 200, false],
  ['<=', 200, true, 200.1, false],
  ['==', 200, true, 200.5, false],
  ['!=', 200.5, true, 200, false],
] as const)('operator %s: %d breaches, %d does not', (operator, yes, y, no, n) => {
  const c = { ...config, operator, hysteresis: 0 };
  expect(conditionHolds(c, yes, false)).toBe(y);
  expect(conditionHolds(c, no, false)).toBe(n);
});

test('hysteresis keeps a raised alarm until the value is back past threshold − hysteresis', () => {
  expect(
    run(config, [
      [0, 150],
      [1, 201],
      [2, 196],
      [3, 195.5],
      [4, 195],
      [5, 199],
    ]),
  ).toEqual([['NORMAL'], ['ACTIVE', 'RAISE'], ['ACTIVE'], ['ACTIVE'], ['NORMAL', 'CLEAR'], ['NORMAL']]);
});

test('for < the hysteresis works upwards', () => {
  const low = { ...config, operator: '<' as const, threshold: 10, hysteresis: 2 };
  expect(
    run(low, [
      [0, 9],
      [1, 11.9],
      [2, 12],
    ]).map((r) => r[0]),
  ).toEqual(['ACTIVE', 'ACTIVE', 'NORMAL']);
});

test('a delay raises only once the condition held from the first breaching value for delaySeconds', () => {
  const delayed = { ...config, delaySeconds: 60 };
  expect(
    run(delayed, [
      [0, 210],
      [59_999, 210],
      [60_000, 210],
    ]).map((r) => r[0]),
  ).toEqual(['NORMAL', 'NORMAL', 'ACTIVE']);
  // a value below the threshold in between starts the wait again
  expect(
    run(delayed, [
      [0, 210],
      [30_000, 100],
      [40_000, 210],
      [90_000, 210],
      [100_000, 210],
    ]).map((r) => r[0]),
  ).toEqual(['NORMAL', 'NORMAL', 'NORMAL', 'NORMAL', 'ACTIVE']);
});

test('the raise records the value that caused it, at the value’s time', () => {
  const outcome = evaluateThreshold(config, initialAlarmState(), 250, 1000, source(250, 1000), NOW);
  expect(outcome.transitions).toEqual([
    { action: 'RAISE', status: 'ACTIVE', previousStatus: 'NORMAL', timeMs: 1000, source: source(250, 1000) },
  ]);
  expect(outcome.state).toMatchObject({ sinceMs: 1000, source: source(250, 1000), breached: true });
});

test('settings come from property values; defaults for hysteresis and delay; missing ones are named', () => {
  expect(
    thresholdConfigOf({
      sourceComponent: { stringValue: 'Heat' },
      sourceProperty: { stringValue: 'temperature' },
      operator: { stringValue: '<=' },
      threshold: { doubleValue: 3 },
    }),
  ).toEqual({ ...config, operator: '<=', threshold: 3, hysteresis: 0, delaySeconds: 0 });
  expect(thresholdConfigOf({ sourceComponent: { stringValue: 'Heat' } })).toEqual({
    problem: 'sourceComponent and sourceProperty are required',
  });
  expect(
    thresholdConfigOf({
      sourceComponent: { stringValue: 'a' },
      sourceProperty: { stringValue: 'b' },
      operator: { stringValue: '=>' },
      threshold: { doubleValue: 1 },
    }),
  ).toHaveProperty('problem');
});
