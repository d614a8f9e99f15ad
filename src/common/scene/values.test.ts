import { replacesValue, sceneTime, scalarOf, valueAsOf } from './values';

const NOW = Date.UTC(2026, 0, 1, 12);

describe('time-travel value selection', () => {
  test('a range ending at now is live; one ending in the past shows its end', () => {
    expect(sceneTime({ to: NOW, rawTo: 'now' }, NOW)).toEqual({ live: true, at: NOW });
    expect(sceneTime({ to: NOW - 3_600_000, rawTo: 'now-1h' }, NOW)).toEqual({ live: false, at: NOW - 3_600_000 });
    expect(sceneTime({ to: NOW - 5_000 }, NOW).live).toBe(true);
    expect(sceneTime({ to: NOW - 3_600_000 }, NOW).live).toBe(false);
  });

  test('the last value at or before the moment shown is picked, in whatever order they come', () => {
    const points = [
      { time: 3000, value: 'c' },
      { time: 1000, value: 'a' },
      { time: 2000, value: 'b' },
    ];
    expect(valueAsOf(points, 2500)).toEqual({ time: 2000, value: 'b' });
    expect(valueAsOf(points, 2000)).toEqual({ time: 2000, value: 'b' });
    expect(valueAsOf(points, 500)).toBeUndefined();
    expect(valueAsOf(points, undefined)).toEqual({ time: 3000, value: 'c' });
  });

  test('live, an older value never replaces a newer one', () => {
    expect(replacesValue({ time: 2000, value: 1 }, { time: 1000, value: 2 }, undefined)).toBe(false);
    expect(replacesValue({ time: 2000, value: 1 }, { time: 2000, value: 2 }, undefined)).toBe(true);
  });

  test('DataValues become scalars', () => {
    expect(scalarOf({ doubleValue: 1.5 })).toBe(1.5);
    expect(scalarOf({ stringValue: 'ACTIVE' })).toBe('ACTIVE');
    expect(scalarOf({ booleanValue: false })).toBe(false);
    expect(scalarOf({ listValue: [{ integerValue: 1 }] })).toBe('[1]');
    expect(scalarOf(undefined)).toBeNull();
  });
});
