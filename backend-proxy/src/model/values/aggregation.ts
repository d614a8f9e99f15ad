import { aggregationInvalid } from '../../errors';
import { Instant } from './time';

/**
 * Server-side downsampling of history (our extension): `aggregation: {function,
 * intervalInSeconds | maxPoints}`. Bucket functions answer one value per epoch-aligned
 * bucket at the bucket's start time (`minmax`: the bucket's two extremes at their own
 * times); `lttb` picks the points Largest-Triangle-Three-Buckets keeps. The store runs them.
 */
export const AGGREGATE_FUNCTIONS = ['avg', 'min', 'max', 'sum', 'count', 'first', 'last', 'minmax', 'lttb'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** The functions that apply to every data type; the others need a number (DOUBLE, INTEGER, LONG). */
export const ANY_TYPE_FUNCTIONS: readonly AggregateFunction[] = ['count', 'first', 'last'];
export const NUMERIC_TYPES: readonly string[] = ['DOUBLE', 'INTEGER', 'LONG'];

/** The most points lttb keeps (it holds its answer in memory) and the most buckets a window may hold. */
export const MAX_LTTB_POINTS = 100_000;
export const MAX_AGGREGATION_BUCKETS = 1_000_000;

/** What the store computes for one history request. */
export interface Aggregation {
  function: AggregateFunction;
  /** bucket width in ms: buckets start at multiples of it since the epoch */
  intervalMs: number;
  /** lttb: how many points to keep (first and last included) */
  points: number;
}

/** The wire member as sent (checked here rather than by the schema, so the message can say what to fix). */
export interface AggregationMember {
  function?: string;
  intervalInSeconds?: number;
  maxPoints?: number;
}

/**
 * Bucket widths a maxPoints request rounds up to: neighbouring windows (a dashboard
 * refreshing, a panel panned) then share buckets and their values.
 */
const NICE_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
];

/** The first bucket width of the nice ladder (then whole weeks) at least `ms` wide. */
export function niceInterval(ms: number): number {
  for (const step of NICE_MS) if (step >= ms) return step;
  const week = NICE_MS[NICE_MS.length - 1]!;
  return Math.ceil(ms / week) * week;
}

/** Start (epoch ms) of the bucket of width `intervalMs` holding `ms`; floor, so times before 1970 work too. */
export function bucketStart(ms: number, intervalMs: number): number {
  return ms - (((ms % intervalMs) + intervalMs) % intervalMs);
}

/** How many buckets of width `intervalMs` the window [from, to] touches. */
export function bucketCount(from: Instant, to: Instant, intervalMs: number): number {
  return (bucketStart(to.ms, intervalMs) - bucketStart(from.ms, intervalMs)) / intervalMs + 1;
}

/**
 * The request rules of `aggregation` that need no stored data: a known function, exactly one
 * of intervalInSeconds and maxPoints, and a bounded amount of work. `maxPoints` picks the
 * narrowest nice bucket width whose buckets in the window give at most that many points.
 */
export function aggregationOf(
  member: AggregationMember | undefined,
  from: Instant,
  to: Instant,
): Aggregation | undefined {
  if (member === undefined) return undefined;
  const fn = member.function as AggregateFunction;
  if (!AGGREGATE_FUNCTIONS.includes(fn)) {
    throw aggregationInvalid(
      `aggregation.function ${JSON.stringify(member.function ?? null)} is not known: use one of ${AGGREGATE_FUNCTIONS.join(', ')}`,
    );
  }
  const { intervalInSeconds, maxPoints } = member;
  if ((intervalInSeconds === undefined) === (maxPoints === undefined)) {
    throw aggregationInvalid('aggregation needs exactly one of intervalInSeconds (bucket width) and maxPoints');
  }
  if (intervalInSeconds !== undefined) {
    if (!Number.isInteger(intervalInSeconds) || intervalInSeconds < 1) {
      throw aggregationInvalid('aggregation.intervalInSeconds must be a whole number of seconds, at least 1');
    }
    const intervalMs = intervalInSeconds * 1000;
    const buckets = bucketCount(from, to, intervalMs);
    if (buckets > MAX_AGGREGATION_BUCKETS || (fn === 'lttb' && buckets > MAX_LTTB_POINTS)) {
      const most = fn === 'lttb' ? MAX_LTTB_POINTS : MAX_AGGREGATION_BUCKETS;
      throw aggregationInvalid(
        `The window holds ${buckets} buckets of ${intervalInSeconds} s; at most ${most} are allowed: raise aggregation.intervalInSeconds or narrow the window`,
      );
    }
    return { function: fn, intervalMs, points: Math.max(3, buckets) };
  }
  const most = fn === 'lttb' ? MAX_LTTB_POINTS : MAX_AGGREGATION_BUCKETS;
  const least = fn === 'minmax' ? 2 : fn === 'lttb' ? 3 : 1;
  if (!Number.isInteger(maxPoints) || maxPoints! < least || maxPoints! > most) {
    throw aggregationInvalid(`aggregation.maxPoints must be a whole number from ${least} to ${most} for ${fn}`);
  }
  return {
    function: fn,
    intervalMs: intervalFor(fn === 'minmax' ? Math.floor(maxPoints! / 2) : maxPoints!, from, to),
    points: maxPoints!,
  };
}

/** The narrowest nice bucket width that cuts [from, to] into at most `buckets` buckets. */
function intervalFor(buckets: number, from: Instant, to: Instant): number {
  // epoch-aligned buckets always have an edge at 1970-01-01T00:00:00Z: a window across it
  // touches two buckets at any width, so asking for one would never end the search below
  if (buckets === 1 && from.ms < 0 && to.ms >= 0) {
    throw aggregationInvalid(
      'A window across 1970-01-01T00:00:00Z cannot be one bucket (buckets are aligned to it): ask for more maxPoints',
    );
  }
  const span = to.ms - from.ms + 1;
  let intervalMs = niceInterval(Math.max(1, Math.ceil(span / buckets)));
  while (bucketCount(from, to, intervalMs) > buckets) intervalMs = niceInterval(intervalMs + 1);
  return intervalMs;
}

/**
 * Why `fn` does not apply to a property of `dataType`, or undefined when it does: only
 * count, first and last take values that are not numbers.
 */
export function aggregationMismatch(fn: AggregateFunction, dataType: string, propertyName: string): string | undefined {
  if (NUMERIC_TYPES.includes(dataType) || ANY_TYPE_FUNCTIONS.includes(fn)) return undefined;
  return `aggregation.function ${fn} needs a numeric property (${NUMERIC_TYPES.join(', ')}); ${propertyName} is ${dataType}: use ${ANY_TYPE_FUNCTIONS.join(', ')}, or read it without aggregation`;
}

/** The DataValue member an aggregate of `fn` over a `dataType` property is answered in. */
export function resultMember(fn: AggregateFunction, dataType: string): 'doubleValue' | 'integerValue' | 'longValue' {
  if (fn === 'avg') return 'doubleValue';
  if (fn === 'count') return 'longValue';
  // sums of whole numbers outgrow INTEGER's range quickly
  if (fn === 'sum') return dataType === 'DOUBLE' ? 'doubleValue' : 'longValue';
  return dataType === 'INTEGER' ? 'integerValue' : dataType === 'LONG' ? 'longValue' : 'doubleValue';
}
