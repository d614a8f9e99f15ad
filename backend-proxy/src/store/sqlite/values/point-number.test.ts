import { pointNumber } from './point-number';

const point = (value: unknown) => JSON.stringify({ time: '2024-01-01T00:00:00Z', value });

test('the number member of a stored point, whichever of the three it is', () => {
  expect(pointNumber(point({ doubleValue: 21.5 }))).toBe(21.5);
  expect(pointNumber(point({ doubleValue: -1.25e-7 }))).toBe(-1.25e-7);
  expect(pointNumber(point({ doubleValue: 1e21 }))).toBe(1e21);
  expect(pointNumber(point({ integerValue: -42 }))).toBe(-42);
  expect(pointNumber(point({ longValue: 9007199254740991 }))).toBe(9007199254740991);
});

test('values that are not numbers have none', () => {
  expect(pointNumber(point({ stringValue: '{"doubleValue":5}}' }))).toBeNull();
  expect(pointNumber(point({ booleanValue: true }))).toBeNull();
  expect(pointNumber(point({ listValue: [{ doubleValue: 1 }] }))).toBeNull();
  expect(pointNumber('not json "doubleValue"')).toBeNull();
});

test('a point of another shape (written with its members in another order) is parsed', () => {
  expect(pointNumber('{"value":{"doubleValue":3.5},"time":"2024-01-01T00:00:00Z"}')).toBe(3.5);
});
