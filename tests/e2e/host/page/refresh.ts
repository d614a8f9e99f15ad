// Dashboard auto-refresh and "live now", as Grafana runs them. The refresh interval is the
// URL's `refresh` over the dashboard's `refresh` (Grafana writes the picker's choice to the URL),
// raised to the server's minimum (min_refresh_interval, 5s by default); each tick re-resolves the
// relative range and re-runs the panels' queries. With `liveNow`, a panel that streams slides its
// range with the clock without re-querying, one step per pixel of its width.
// Follows grafana/grafana public/app/features/dashboard-scene/scene/ (DashboardControls with
// SceneRefreshPicker from @grafana/scenes, min interval from config.minRefreshInterval) and
// @grafana/scenes LiveNowTimer.
import { rangeUtil, type TimeRange } from '@grafana/data';
import { useEffect, useState } from 'react';

import { resolveRange } from './timeRange';

export const MIN_REFRESH_INTERVAL = '5s';

/** The interval to refresh at, in ms (0 = off): "", "off" and unparsable values are off. */
export function refreshIntervalMs(refresh: string | undefined | false): number {
  if (!refresh || refresh === 'off') return 0;
  try {
    const ms = rangeUtil.intervalToMs(refresh);
    return ms > 0 ? Math.max(ms, rangeUtil.intervalToMs(MIN_REFRESH_INTERVAL)) : 0;
  } catch {
    return 0;
  }
}

/** A counter that ticks every `intervalMs` while the page is visible (0 = never). */
export function useRefreshTick(intervalMs: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!intervalMs) return;
    const timer = setInterval(() => {
      // Grafana skips refreshes while the tab is hidden
      if (document.visibilityState !== 'hidden') setTick((t) => t + 1);
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return tick;
}

/** How often a live-now panel moves its range: one pixel's worth of time, at most 4 times a second, at least every second. */
export function liveNowStepMs(range: TimeRange, widthPx: number): number {
  const span = range.to.valueOf() - range.from.valueOf();
  return Math.min(1000, Math.max(250, Math.floor(span / Math.max(1, widthPx))));
}

/** The range to draw: `range` itself, or while `live` (liveNow and streaming, range ending now) the same span re-resolved on a timer. */
export function useLiveRange(range: TimeRange, live: boolean, widthPx: number): TimeRange {
  const [current, setCurrent] = useState(range);
  const endsNow = typeof range.raw.to === 'string' && range.raw.to.startsWith('now');
  useEffect(() => {
    setCurrent(range);
    if (!live || !endsNow) return;
    const timer = setInterval(() => setCurrent(resolveRange(range.raw)), liveNowStepMs(range, widthPx));
    return () => clearInterval(timer);
  }, [range, live, endsNow, widthPx]);
  return current;
}
