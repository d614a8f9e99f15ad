import { bucketStart, resultMember } from '../../model/values/aggregation';
import { Instant, TimeFormatter } from '../../model/values/time';
import { AggregateRead } from './aggregate-read';
import { Chunk, ChunkBuilder, floorSplit } from './chunks';

/**
 * What both stores share of aggregated history pages (the SQL that computes the buckets is each
 * store's own): where a page resumes, and how bucket rows become the page's points.
 */

/** Whether an answered instant lies after `resume` in page order. */
export function afterResume(read: AggregateRead, resume: Instant | undefined): (ms: number, ns: number) => boolean {
  return (ms, ns) =>
    !resume ||
    (read.descending
      ? ms < resume.ms || (ms === resume.ms && ns < resume.ns)
      : ms > resume.ms || (ms === resume.ms && ns > resume.ns));
}

/**
 * The window a page's buckets are computed over: resumed in the bucket of the last value
 * answered (minmax may have answered one of its two); undefined when nothing is left.
 */
export function resumedWindow(
  read: AggregateRead,
  resume: Instant | undefined,
): { from: Instant; to: Instant } | undefined {
  const { intervalMs } = read.aggregation;
  let { from, to } = read;
  if (resume && read.descending) {
    const end = bucketStart(resume.ms, intervalMs) + intervalMs;
    if (end < to.ms || (end === to.ms && to.ns >= 0)) to = { ms: end, ns: -1 };
  } else if (resume) {
    const start = bucketStart(resume.ms, intervalMs);
    if (start > from.ms) from = { ms: start, ns: 0 };
  }
  if (from.ms > to.ms || (from.ms === to.ms && from.ns > to.ns)) return undefined;
  return { from, to };
}

/**
 * A page of bucket values from rows `[bucketStartMs, value]` in page order (`minmax`:
 * `[bucketStartMs, minJson, maxJson]`, each `[ms, ns, number]`); a null value is an empty
 * bucket. Stops reading rows once the page is full.
 */
export function bucketChunk(
  rows: Iterable<unknown[]>,
  read: AggregateRead,
  after: (ms: number, ns: number) => boolean,
  limit: number,
): Chunk {
  const out = new ChunkBuilder();
  const fn = read.aggregation.function;
  const formatter = new TimeFormatter();
  const member = resultMember(fn, read.dataType);
  for (const row of rows) {
    const ms = row[0] as number;
    if (fn === 'minmax') {
      if (row[1] === null) continue;
      const extremes = [JSON.parse(row[1] as string), JSON.parse(row[2] as string)] as [number, number, number][];
      for (const e of extremes) [e[0], e[1]] = floorSplit(e[0], e[1]);
      extremes.sort((a, b) => (a[0] - b[0] || a[1] - b[1]) * (read.descending ? -1 : 1));
      // one point in the bucket (or min and max at one time): one value
      if (extremes[0]![0] === extremes[1]![0] && extremes[0]![1] === extremes[1]![1]) extremes.pop();
      for (const [t, n, value] of extremes) {
        if (!after(t, n)) continue;
        out.add(t, n, point(formatter.format(t, n), numberValue(member, value)));
        if (out.count === limit) return out.chunk();
      }
      continue;
    }
    const value = row[1];
    if (value === null || !after(ms, 0)) continue;
    const text = fn === 'first' || fn === 'last' ? valueText(value as string) : numberValue(member, value as number);
    out.add(ms, 0, point(formatter.format(ms), text));
    if (out.count === limit) break;
  }
  return out.chunk();
}

/** A page of the points LTTB kept (in time order), in page order. */
export function lttbChunk(
  kept: { ms: number; ns: number; y: number }[],
  read: AggregateRead,
  after: (ms: number, ns: number) => boolean,
  limit: number,
): Chunk {
  const member = resultMember('lttb', read.dataType);
  if (read.descending) kept.reverse();
  const out = new ChunkBuilder();
  const formatter = new TimeFormatter();
  for (const p of kept) {
    if (!after(p.ms, p.ns)) continue;
    out.add(p.ms, p.ns, point(formatter.format(p.ms, p.ns), numberValue(member, p.y)));
    if (out.count === limit) break;
  }
  return out.chunk();
}

function point(time: string, valueJson: string): string {
  return '{"time":"' + time + '","value":' + valueJson + '}';
}

function numberValue(member: 'doubleValue' | 'integerValue' | 'longValue', value: number): string {
  const n = member === 'doubleValue' ? value : Math.round(value);
  return '{"' + member + '":' + String(n) + '}';
}

/** The DataValue text inside a stored point `{"time":"…","value":{…}}`. */
function valueText(stored: string): string {
  return stored.slice(stored.indexOf(',"value":') + 9, -1);
}
