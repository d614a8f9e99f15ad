import { AggregateFunction } from '../../../model/values/aggregation';
import { LttbStream } from '../../../model/values/lttb';
import { Instant } from '../../../model/values/time';
import { afterResume, bucketChunk, lttbChunk, resumedWindow } from '../../values-common/aggregate-pages';
import { AggregateRead } from '../../values-common/aggregate-read';
import { Chunk, ChunkBuilder, floorSplit } from '../../values-common/chunks';
import { AggregateSource } from '../../values-common/series-source';
import { PgDb } from '../database';

type BucketFunction = Exclude<AggregateFunction, 'lttb'>;

/** The window's ends and the bucket width in epoch ns ($2..$6). */
const FROM = '($2::bigint * 1000000 + $3::bigint)';
const TO = '($4::bigint * 1000000 + $5::bigint)';
const WIDTH = '($6::bigint * 1000000)';

/** Each bucket's value over its rows `r` (NULL: nothing to answer), as in SQLite's bucketValue. */
function bucketValue(fn: BucketFunction): string {
  const extreme = (order: 'ASC' | 'DESC') =>
    `(array_agg(json_build_array(time / 1000000, time % 1000000, num)::text ORDER BY num ${order}, time ASC)
      FILTER (WHERE num IS NOT NULL))[1]`;
  switch (fn) {
    case 'avg':
      return 'avg(num)';
    case 'min':
      return 'min(num)';
    case 'max':
      return 'max(num)';
    case 'sum':
      return 'sum(num)';
    case 'count':
      return 'count(*)';
    case 'first':
      return '(array_agg(point ORDER BY time ASC))[1]';
    case 'last':
      return '(array_agg(point ORDER BY time DESC))[1]';
    case 'minmax':
      return `${extreme('ASC')}, ${extreme('DESC')}`;
  }
}

/**
 * Aggregated history of one series on PostgreSQL: one grouped statement per page, buckets by
 * floor arithmetic on the epoch-ns time (aligned to the epoch as SQLite's walk is), at most
 * `limit + 1` buckets (a page may recompute one bucket of the previous one). The page's points
 * are built by the rules both stores share (values-common/aggregate-pages).
 */
export class PgAggregateReader implements AggregateSource {
  constructor(private readonly db: PgDb) {}

  async chunk(seriesId: number, read: AggregateRead, resume: Instant | undefined, limit: number): Promise<Chunk> {
    if (limit === 0) return new ChunkBuilder().chunk();
    const after = afterResume(read, resume);
    if (read.aggregation.function === 'lttb') return this.lttb(seriesId, read, after, limit);
    const window = resumedWindow(read, resume);
    if (!window) return new ChunkBuilder().chunk();
    const { from, to } = window;
    const fn = read.aggregation.function;
    const bucket = `(time - ((time % ${WIDTH}) + ${WIDTH}) % ${WIDTH})`;
    const result = await this.db.pool.query<unknown[]>({
      text: `SELECT b / 1000000 AS ms, ${bucketValue(fn)}
             FROM (SELECT ${bucket} AS b, time, num, point FROM property_values
                   WHERE series_id = $1 AND time >= ${FROM} AND time <= ${TO}) r
             GROUP BY b ORDER BY b ${read.descending ? 'DESC' : 'ASC'} LIMIT $7`,
      values: [seriesId, from.ms, from.ns, to.ms, to.ns, read.aggregation.intervalMs, limit + 1],
      rowMode: 'array',
    });
    return bucketChunk(result.rows, read, after, limit);
  }

  /** LTTB over the window's numbers, read in time order in one statement (count and rows from one snapshot). */
  private async lttb(
    seriesId: number,
    read: AggregateRead,
    after: (ms: number, ns: number) => boolean,
    limit: number,
  ): Promise<Chunk> {
    const result = await this.db.pool.query<[number, number, number]>({
      text: `SELECT time / 1000000, time % 1000000, num FROM property_values
             WHERE series_id = $1 AND time >= ${FROM} AND time <= ${TO} AND num IS NOT NULL ORDER BY time ASC`,
      values: [seriesId, read.from.ms, read.from.ns, read.to.ms, read.to.ns],
      rowMode: 'array',
    });
    const kept: { x: number; y: number; ms: number; ns: number }[] = [];
    const stream = new LttbStream<{ x: number; y: number; ms: number; ns: number }>(
      result.rows.length,
      read.aggregation.points,
      (p) => kept.push(p),
    );
    for (const [rawMs, rawNs, y] of result.rows) {
      const [ms, ns] = floorSplit(rawMs, rawNs);
      stream.push({ x: ms + ns / 1e6, y, ms, ns });
    }
    return lttbChunk(kept, read, after, limit);
  }
}
