import {
  compositeNotSupported,
  interpolationInvalid,
  isTwinMakerError,
  timeWindowInvalid,
  valueSelectionInvalid,
} from '../../errors';
import { historyQuery, interpolationInterval, MAX_INTERPOLATION_INTERVALS, timeWindow } from './history-query';

const one = { entityId: 'pump-1', componentName: 'sensor', selectedProperties: ['temperature'] };
const day = { startTime: '2024-01-01T00:00:00Z', endTime: '2024-01-02T00:00:00Z' };
const T0 = Date.UTC(2024, 0, 1);

/** The code and message of the ValidationException a call throws. */
function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isTwinMakerError(e) && e.type === 'ValidationException') return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a ValidationException');
}

test('a request for one component reads its window ascending, without interpolation or filters', () => {
  expect(historyQuery({ ...one, ...day })).toEqual({
    selection: { entityId: 'pump-1', componentName: 'sensor' },
    propertyNames: ['temperature'],
    from: { ms: T0, ns: 0 },
    to: { ms: T0 + 86_400_000, ns: 0 },
    descending: false,
    filters: [],
  });
});

test('selected properties named twice are read once, in the order first given', () => {
  const query = historyQuery({ ...one, ...day, selectedProperties: ['b', 'a', 'b'] });
  expect(query.propertyNames).toEqual(['b', 'a']);
});

test('orderByTime DESCENDING reads newest first', () => {
  expect(historyQuery({ ...one, ...day, orderByTime: 'DESCENDING' }).descending).toBe(true);
});

test('a componentTypeId request selects the type', () => {
  const query = historyQuery({ componentTypeId: 'com.acme.sensor', selectedProperties: ['t'], ...day });
  expect(query.selection).toEqual({ componentTypeId: 'com.acme.sensor' });
});

test.each([
  ['startTime/endTime with nanoseconds', { startTime: '2024-01-01T00:00:00.000000001Z', endTime: day.endTime }, 1],
  ['deprecated epoch seconds', { startDateTime: T0 / 1000, endDateTime: T0 / 1000 + 86_400 }, 0],
])('the window comes from %s', (_, members, ns) => {
  expect(timeWindow(members)).toEqual({ from: { ms: T0, ns }, to: { ms: T0 + 86_400_000, ns: 0 } });
});

test('a window of one instant is allowed: both ends are included', () => {
  expect(timeWindow({ startTime: day.startTime, endTime: day.startTime }).from).toEqual({ ms: T0, ns: 0 });
});

test.each([
  ['no start', { endTime: day.endTime }, /startTime is required/],
  ['no end', { startTime: day.startTime }, /endTime is required/],
  ['a start that is not a time', { startTime: 'yesterday', endTime: day.endTime }, /startTime .*not a TwinMaker time/],
  ['an end on a month that does not exist', { ...day, endTime: '2024-13-01T00:00:00Z' }, /endTime .*not a valid date/],
  ['a start after the end', { startTime: day.endTime, endTime: day.startTime }, /startTime must not be after endTime/],
  [
    'a start one nanosecond after the end',
    { startTime: '2024-01-01T00:00:00.000000001Z', endTime: day.startTime },
    /must not be after/,
  ],
])('a window with %s is refused, saying which end is wrong', (_, members, message) => {
  expect(refusal(() => timeWindow(members))).toEqual({
    code: timeWindowInvalid.code,
    message: expect.stringMatching(message),
  });
});

test('LINEAR interpolation gives its interval in ms', () => {
  const from = { ms: T0, ns: 0 };
  const to = { ms: T0 + 60_000, ns: 0 };
  expect(interpolationInterval({ interpolationType: 'LINEAR', intervalInSeconds: 15 }, from, to)).toBe(15_000);
  expect(interpolationInterval(undefined, from, to)).toBeUndefined();
});

test('interpolation may ask for exactly the most intervals allowed, not one more', () => {
  const from = { ms: 0, ns: 0 };
  const at = (n: number) => ({ ms: n * 1000, ns: 0 });
  const linear = { interpolationType: 'LINEAR', intervalInSeconds: 1 };
  expect(interpolationInterval(linear, from, at(MAX_INTERPOLATION_INTERVALS))).toBe(1000);
  expect(refusal(() => interpolationInterval(linear, from, at(MAX_INTERPOLATION_INTERVALS + 1)))).toEqual({
    code: interpolationInvalid.code,
    message: expect.stringMatching(/at most 1000000 are allowed: raise intervalInSeconds or narrow the window/),
  });
});

test.each([
  ['another type', { interpolationType: 'CUBIC', intervalInSeconds: 1 }, /"CUBIC" is not supported: use LINEAR/],
  ['no type', { intervalInSeconds: 1 }, /null is not supported: use LINEAR/],
  ['no interval', { interpolationType: 'LINEAR' }, /intervalInSeconds is required/],
  ['an interval under a second', { interpolationType: 'LINEAR', intervalInSeconds: 0 }, /at least 1/],
])('interpolation with %s is refused', (_, interpolation, message) => {
  expect(refusal(() => historyQuery({ ...one, ...day, interpolation }))).toEqual({
    code: interpolationInvalid.code,
    message: expect.stringMatching(message),
  });
});

test.each([
  ['both forms', { ...one, componentTypeId: 'com.acme.sensor' }, valueSelectionInvalid.code],
  ['an entity without its component', { entityId: 'pump-1', selectedProperties: ['t'] }, valueSelectionInvalid.code],
  [
    'a component without its entity',
    { componentName: 'sensor', selectedProperties: ['t'] },
    valueSelectionInvalid.code,
  ],
  ['neither form', { selectedProperties: ['t'] }, valueSelectionInvalid.code],
  ['a componentPath', { ...one, componentPath: 'a/b' }, compositeNotSupported.code],
])('a request naming %s is refused', (_, request, code) => {
  expect(refusal(() => historyQuery({ ...request, ...day })).code).toBe(code);
});
