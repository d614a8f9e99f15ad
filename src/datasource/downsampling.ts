import { rangeUtil, type DataFrame } from '@grafana/data';

import type { DataTypeName } from '../common/twinmaker';
import { addNotice } from './frames';

/**
 * History at the width of the panel: how a history query's Resolution (auto | raw | a fixed
 * interval) and the panel become the service's `aggregation` member, and how a downsampled
 * series says so in its frame. Pure functions; fetchQuery sends the requests.
 */

/** What the service computes per bucket (the functions the data source picks among). */
export type DownsampleFunction = 'minmax' | 'last';

/** A history request's `aggregation` member (our extension of GetPropertyValueHistory). */
export type Aggregation =
  { function: DownsampleFunction; maxPoints: number } | { function: DownsampleFunction; intervalInSeconds: number };

/** The Resolution option: read every point, downsample when the window holds more than the panel draws, or fixed buckets. */
export type Resolution = { kind: 'raw' } | { kind: 'auto' } | { kind: 'fixed'; seconds: number };

/** Panels that draw a state over time: the last state of a bucket is what they mean, not its extremes. */
const STATE_PANELS = new Set(['state-timeline', 'status-history']);
const NUMERIC: ReadonlySet<string> = new Set(['DOUBLE', 'INTEGER', 'LONG']);

/**
 * The query's `resolution` text: "raw", "auto" (the default) or an interval such as "30s",
 * "5m", "1h". Throws with what to write for anything else.
 */
export function parseResolution(text: string | undefined): Resolution {
  const value = (text ?? '').trim();
  if (value === '' || value === 'auto') return { kind: 'auto' };
  if (value === 'raw') return { kind: 'raw' };
  let seconds = NaN;
  try {
    seconds = rangeUtil.intervalToSeconds(value);
  } catch {
    // not an interval: said below
  }
  if (!Number.isFinite(seconds) || seconds < 1) {
    throw new Error(`Resolution "${value}" is not auto, raw or an interval of at least 1s (e.g. 30s, 5m, 1h)`);
  }
  return { kind: 'fixed', seconds: Math.round(seconds) };
}

/**
 * `minmax` keeps a graph's spikes; a state timeline (and any property that is not a
 * number, which minmax does not apply to) shows each bucket's last value.
 */
export function downsampleFunction(
  panelPluginId: string | undefined,
  dataType: DataTypeName | undefined,
): DownsampleFunction {
  if (panelPluginId && STATE_PANELS.has(panelPluginId)) return 'last';
  return dataType && NUMERIC.has(dataType) ? 'minmax' : 'last';
}

/** The aggregation member for a function at a resolution; undefined for raw. */
export function aggregationFor(
  fn: DownsampleFunction,
  resolution: Resolution,
  maxDataPoints: number,
): Aggregation | undefined {
  if (resolution.kind === 'raw') return undefined;
  if (resolution.kind === 'fixed') return { function: fn, intervalInSeconds: resolution.seconds };
  // the service needs room for both extremes of a bucket
  return { function: fn, maxPoints: Math.max(fn === 'minmax' ? 2 : 1, Math.floor(maxDataPoints)) };
}

/** Says on a series' frame that the service downsampled it, how, and how to read every point. */
export function markDownsampled(frame: DataFrame, aggregation: Aggregation, reason: 'auto' | 'fixed'): DataFrame {
  const how =
    'maxPoints' in aggregation
      ? `at most ${aggregation.maxPoints.toLocaleString('en-US')} points`
      : `one bucket every ${rangeUtil.secondsToHms(aggregation.intervalInSeconds)}`;
  const what = aggregation.function === 'minmax' ? "each bucket's minimum and maximum" : "each bucket's last value";
  const why = reason === 'auto' ? 'the time range holds more values than the panel draws' : 'Resolution is fixed';
  addNotice(frame, {
    severity: 'info',
    text: `Downsampled by the service to ${how} (${what}): ${why}. Set Resolution to raw to read every value.`,
  });
  frame.meta = { ...frame.meta, custom: { ...frame.meta?.custom, downsampled: { ...aggregation, reason } } };
  return frame;
}
