// The dashboard time range: URL `from`/`to` (relative like now-6h, or epoch ms) over the
// dashboard's own `time`, as Grafana reads them.
import { dateMath, dateTime, type DateTime, type RawTimeRange, type TimeRange } from '@grafana/data';
import { locationService } from '@grafana/runtime';

function parse(text: string, roundUp: boolean): DateTime {
  if (/^\d+$/.test(text)) return dateTime(Number(text));
  const parsed = dateMath.parse(text, roundUp, 'utc');
  if (!parsed || !parsed.isValid()) throw new Error(`Invalid time "${text}"`);
  return parsed;
}

export function currentRawRange(fallback?: { from?: string; to?: string }): RawTimeRange {
  const search = locationService.getSearchObject();
  return {
    from: String(search.from ?? fallback?.from ?? 'now-6h'),
    to: String(search.to ?? fallback?.to ?? 'now'),
  };
}

/** Resolves the raw range now (relative ends move with the clock). */
export function resolveRange(raw: RawTimeRange): TimeRange {
  return { from: parse(String(raw.from), false), to: parse(String(raw.to), true), raw };
}
