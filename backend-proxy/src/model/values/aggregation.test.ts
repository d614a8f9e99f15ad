import fc from 'fast-check';
import { TwinMakerError } from '../../errors';
import {
  aggregationMismatch,
  aggregationOf,
  bucketCount,
  bucketStart,
  niceInterval,
  resultMember,
} from './aggregation';

const at = (ms: number) => ({ ms, ns: 0 });

test('buckets start at multiples of their width since the epoch, before 1970 too', () => {
  expect(bucketStart(61_000, 60_000)).toBe(60_000);
  expect(bucketStart(60_000, 60_000)).toBe(60_000);
  expect(bucketStart(-1, 60_000)).toBe(-60_000);
  expect(bucketStart(-60_000, 60_000)).toBe(-60_000);
});

test('nice widths round up along the ladder, then in whole weeks', () => {
  expect(niceInterval(1)).toBe(1);
  expect(niceInterval(601)).toBe(1_000);
  expect(niceInterval(61_000)).toBe(120_000);
  expect(niceInterval(604_800_001)).toBe(2 * 604_800_000);
});

test('maxPoints never gives more buckets than asked for, whatever the window', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1e12, max: 4e12 }),
      fc.integer({ min: 0, max: 1e11 }),
      fc.integer({ min: 1, max: 5000 }),
      (from, span, maxPoints) => {
        // one bucket cannot hold a window across the epoch: refused (see the test below)
        fc.pre(!(from < 0 && from + span >= 0 && maxPoints <= 3));
        const a = aggregationOf({ function: 'avg', maxPoints }, at(from), at(from + span))!;
        expect(bucketCount(at(from), at(from + span), a.intervalMs)).toBeLessThanOrEqual(maxPoints);
        const m = aggregationOf({ function: 'minmax', maxPoints: Math.max(2, maxPoints) }, at(from), at(from + span))!;
        expect(2 * bucketCount(at(from), at(from + span), m.intervalMs)).toBeLessThanOrEqual(Math.max(2, maxPoints));
      },
    ),
  );
});

test('a week at 1,000 points is cut into 1,000 buckets at most, of a nice width', () => {
  const week = aggregationOf({ function: 'avg', maxPoints: 1000 }, at(0), at(7 * 86_400_000))!;
  expect(week.intervalMs).toBe(900_000); // 15 min: 673 buckets
});

test('count, first and last apply to any type; the others only to numbers', () => {
  expect(aggregationMismatch('last', 'STRING', 'state')).toBeUndefined();
  expect(aggregationMismatch('avg', 'LONG', 'total')).toBeUndefined();
  expect(aggregationMismatch('minmax', 'BOOLEAN', 'running')).toMatch(/running is BOOLEAN: use count, first, last/);
});

test('results keep the property type except averages, sums of whole numbers and counts', () => {
  expect(resultMember('avg', 'INTEGER')).toBe('doubleValue');
  expect(resultMember('sum', 'INTEGER')).toBe('longValue');
  expect(resultMember('count', 'DOUBLE')).toBe('longValue');
  expect(resultMember('min', 'INTEGER')).toBe('integerValue');
});

test('a window of more than a million buckets is refused', () => {
  const refused = () => aggregationOf({ function: 'avg', intervalInSeconds: 1 }, at(0), at(1_000_000_000));
  expect(refused).toThrow(TwinMakerError);
  expect(refused).toThrow(/1000001 buckets of 1 s; at most 1000000/);
});

test('one bucket across the epoch is refused, not searched for forever', () => {
  for (const [fn, maxPoints] of [
    ['avg', 1],
    ['minmax', 2],
    ['minmax', 3],
  ] as const) {
    expect(() => aggregationOf({ function: fn, maxPoints }, at(-1), at(1))).toThrow(/across 1970-01-01T00:00:00Z/);
  }
  expect(aggregationOf({ function: 'avg', maxPoints: 2 }, at(-1), at(1))!.intervalMs).toBe(2);
  expect(aggregationOf({ function: 'avg', maxPoints: 1 }, at(1), at(5_000))!.intervalMs).toBe(10_000);
});
