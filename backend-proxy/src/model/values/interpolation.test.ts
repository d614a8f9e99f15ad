import { boundaries, interpolateAt } from './interpolation';

const at = (ms: number) => ({ ms, ns: 0 });

test('LINEAR interpolation between neighbours, exact samples as they are, nothing outside the data', () => {
  const a = { ...at(1000), value: { doubleValue: 10 } };
  const b = { ...at(3000), value: { doubleValue: 30 } };
  expect(interpolateAt(at(1500), a, b)).toEqual({ doubleValue: 15 });
  expect(interpolateAt(at(1000), a, b)).toEqual({ doubleValue: 10 });
  expect(interpolateAt(at(3000), a, b)).toEqual({ doubleValue: 30 });
  expect(interpolateAt(at(500), undefined, a)).toBeUndefined();
  expect(interpolateAt(at(3500), b, undefined)).toBeUndefined();
  expect(interpolateAt({ ms: 2000, ns: 500000 }, a, b)).toEqual({ doubleValue: 20.005 });
  expect(interpolateAt(at(2000), { ...a, value: { integerValue: 1 } }, { ...b, value: { integerValue: 4 } })).toEqual({
    integerValue: 3,
  });
  expect(interpolateAt(at(2000), { ...a, value: { longValue: 10 } }, { ...b, value: { longValue: 20 } })).toEqual({
    longValue: 15,
  });
  expect(interpolateAt(at(2999), { ...a, value: { stringValue: 'x' } }, { ...b, value: { stringValue: 'y' } })).toEqual(
    { stringValue: 'x' },
  );
});

test('boundaries step from the start, clamp to the data, and resume after a cursor in either order', () => {
  const list = (...args: Parameters<typeof boundaries>) => [...boundaries(...args)].map((b) => b.ms);
  expect(list(at(0), at(10_000), 3000, false)).toEqual([0, 3000, 6000, 9000]);
  expect(list(at(0), at(10_000), 3000, true)).toEqual([9000, 6000, 3000, 0]);
  expect(list(at(0), at(10_000), 3000, false, at(3000))).toEqual([6000, 9000]);
  expect(list(at(0), at(10_000), 3000, true, at(6000))).toEqual([3000, 0]);
  expect(list(at(0), at(10_000), 3000, false, undefined, { first: at(2500), last: at(7000) })).toEqual([3000, 6000]);
  expect(list(at(0), at(10_000), 3000, true, undefined, { first: at(2500), last: at(7000) })).toEqual([6000, 3000]);
  expect(list(at(0), at(10_000), 3000, false, undefined, { first: at(9500), last: at(9900) })).toEqual([]);
  expect(list(at(5000), at(4000), 1000, false)).toEqual([]);
});
