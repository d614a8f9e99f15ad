import { GetPropertyValueHistoryBody, PropertyFilter } from '../../api/values';
import { aggregationInvalid, interpolationInvalid, timeWindowInvalid } from '../../errors';
import { Aggregation, aggregationOf } from './aggregation';
import { refuseUnsupportedMembers, ValueSelection, valueSelection } from './selection';
import { fromEpochSeconds, Instant, parseTime } from './time';

/** A GetPropertyValueHistory request once its own rules hold; what the store reads. */
export interface HistoryQuery {
  selection: ValueSelection;
  /** selectedProperties without repeats, in the order given */
  propertyNames: string[];
  /** the window, both ends included */
  from: Instant;
  to: Instant;
  descending: boolean;
  /** LINEAR interpolation: one value at each multiple of this many ms from `from` */
  intervalMs?: number;
  /** as sent; they are checked against the properties' types where those are known */
  filters: PropertyFilter[];
  /** our downsampling extension: the store answers per bucket instead of per stored value */
  aggregation?: Aggregation;
}

/** Each boundary costs two index lookups: this bounds the work one request can ask for. */
export const MAX_INTERPOLATION_INTERVALS = 1_000_000;

/**
 * The request rules of GetPropertyValueHistory that need no stored data: the time window,
 * the order, the interpolation and its limit, unsupported members and what the request
 * names. Throws a ValidationException that says what to fix.
 */
export function historyQuery(body: GetPropertyValueHistoryBody): HistoryQuery {
  const { from, to } = timeWindow(body);
  const intervalMs = interpolationInterval(body.interpolation, from, to);
  refuseUnsupportedMembers({ componentPath: body.componentPath });
  const aggregation = aggregationOf(body.aggregation, from, to);
  if (aggregation && (body.interpolation || body.propertyFilters)) {
    throw aggregationInvalid(
      `aggregation cannot be combined with ${body.interpolation ? 'interpolation' : 'propertyFilters'}: send one or the other`,
    );
  }
  return {
    selection: valueSelection(body),
    propertyNames: [...new Set(body.selectedProperties)],
    from,
    to,
    descending: body.orderByTime === 'DESCENDING',
    ...(intervalMs !== undefined && { intervalMs }),
    filters: body.propertyFilters ?? [],
    ...(aggregation && { aggregation }),
  };
}

/** startTime/endTime (or the deprecated epoch-second members), start not after end. */
export function timeWindow(body: {
  startTime?: string;
  endTime?: string;
  startDateTime?: number;
  endDateTime?: number;
}): { from: Instant; to: Instant } {
  const from = instant(body.startTime, body.startDateTime, 'startTime', 'startDateTime');
  const to = instant(body.endTime, body.endDateTime, 'endTime', 'endDateTime');
  if (from.ms > to.ms || (from.ms === to.ms && from.ns > to.ns)) {
    throw timeWindowInvalid('startTime must not be after endTime');
  }
  return { from, to };
}

/** The interval of a LINEAR interpolation in ms; undefined when none is asked for. */
export function interpolationInterval(
  interpolation: GetPropertyValueHistoryBody['interpolation'],
  from: Instant,
  to: Instant,
): number | undefined {
  if (!interpolation) return undefined;
  const { interpolationType, intervalInSeconds } = interpolation;
  if (interpolationType !== 'LINEAR') {
    throw interpolationInvalid(
      `interpolation.interpolationType ${JSON.stringify(interpolationType ?? null)} is not supported: use LINEAR`,
    );
  }
  if (intervalInSeconds === undefined || intervalInSeconds < 1) {
    throw interpolationInvalid('interpolation.intervalInSeconds is required: a whole number of seconds, at least 1');
  }
  const intervalMs = intervalInSeconds * 1000;
  const intervals = (to.ms - from.ms) / intervalMs;
  if (intervals > MAX_INTERPOLATION_INTERVALS) {
    throw interpolationInvalid(
      `The window holds ${Math.floor(intervals)} intervals of ${intervalInSeconds} s; at most ${MAX_INTERPOLATION_INTERVALS} are allowed: raise intervalInSeconds or narrow the window`,
    );
  }
  return intervalMs;
}

function instant(time: string | undefined, seconds: number | undefined, name: string, deprecated: string): Instant {
  if (time !== undefined) {
    const parsed = parseTime(time);
    if (typeof parsed === 'string') throw timeWindowInvalid(`${name} ${parsed}`);
    return parsed;
  }
  if (seconds !== undefined) {
    const parsed = fromEpochSeconds(seconds);
    if (typeof parsed === 'string') throw timeWindowInvalid(`${deprecated} ${parsed}`);
    return parsed;
  }
  throw timeWindowInvalid(
    `${name} is required (an ISO-8601 time such as 2024-05-01T12:00:00Z; ${deprecated} in epoch seconds is deprecated)`,
  );
}
