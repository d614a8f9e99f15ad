import { DataValue } from '../../api/common';
import { Instant } from './time';

export interface Sample extends Instant {
  value: DataValue;
}

/**
 * The LINEAR-interpolated value at `at` from its neighbours: the last sample at or before
 * it and the first at or after it. No value outside the data (a neighbour missing). A
 * sample exactly at `at` is returned as is. DOUBLE interpolates linearly; INTEGER and LONG
 * too, rounded to a whole number so the value keeps the property's type; other types
 * (strings, booleans, lists, maps) hold the previous value until the next one.
 */
export function interpolateAt(
  at: Instant,
  before: Sample | undefined,
  after: Sample | undefined,
): DataValue | undefined {
  if (!before || !after) return undefined;
  if (before.ms === at.ms && before.ns === at.ns) return before.value;
  if (after.ms === at.ms && after.ns === at.ns) return after.value;
  const span = after.ms - before.ms + (after.ns - before.ns) / 1e6;
  const offset = at.ms - before.ms + (at.ns - before.ns) / 1e6;
  const fraction = span > 0 ? offset / span : 0;
  const a = before.value;
  const b = after.value;
  if (typeof a.doubleValue === 'number' && typeof b.doubleValue === 'number') {
    return { doubleValue: a.doubleValue + (b.doubleValue - a.doubleValue) * fraction };
  }
  if (typeof a.integerValue === 'number' && typeof b.integerValue === 'number') {
    return { integerValue: Math.round(a.integerValue + (b.integerValue - a.integerValue) * fraction) };
  }
  if (typeof a.longValue === 'number' && typeof b.longValue === 'number') {
    return { longValue: Math.round(a.longValue + (b.longValue - a.longValue) * fraction) };
  }
  return a;
}

/**
 * The interval boundaries start + k·interval within [start, end], in the requested order,
 * strictly after `resumeAfter` in that order (pagination). Lazily, since windows can be long.
 */
export function* boundaries(
  start: Instant,
  end: Instant,
  intervalMs: number,
  descending: boolean,
  resumeAfter?: Instant,
  /** the series' first and last samples: boundaries outside them have no value, skip them */
  data?: { first: Instant; last: Instant },
): Generator<Instant> {
  const stepsTo = (t: Instant) => (t.ms - start.ms + (t.ns - start.ns) / 1e6) / intervalMs;
  let lastK = Math.floor(stepsTo(end));
  let firstK = 0;
  if (data) {
    firstK = Math.max(0, Math.ceil(stepsTo(data.first)));
    lastK = Math.min(lastK, Math.floor(stepsTo(data.last)));
  }
  if (lastK < firstK) return;
  if (!descending) {
    let k = firstK;
    if (resumeAfter) k = Math.max(0, Math.floor((resumeAfter.ms - start.ms) / intervalMs) + 1);
    for (; k <= lastK; k++) yield { ms: start.ms + k * intervalMs, ns: start.ns };
  } else {
    let k = lastK;
    if (resumeAfter) k = Math.min(lastK, Math.ceil((resumeAfter.ms - start.ms) / intervalMs) - 1);
    for (; k >= firstK; k--) yield { ms: start.ms + k * intervalMs, ns: start.ns };
  }
}
