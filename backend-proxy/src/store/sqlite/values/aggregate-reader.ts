import type { Statement } from 'better-sqlite3';
import { AggregateFunction, bucketStart } from '../../../model/values/aggregation';
import { LttbStream } from '../../../model/values/lttb';
import { Instant } from '../../../model/values/time';
import { afterResume, bucketChunk, lttbChunk, resumedWindow } from '../../values-common/aggregate-pages';
import { Db } from '../database';
import { AggregateRead } from '../../values-common/aggregate-read';
import { Chunk, ChunkBuilder, floorSplit } from './series-reader';

export type { AggregateRead };

type BucketFunction = Exclude<AggregateFunction, 'lttb'>;

const NUMBER_MEMBER: Record<string, string> = { DOUBLE: 'doubleValue', INTEGER: 'integerValue', LONG: 'longValue' };

/** The window's ends in epoch ns (the bounds arrive as ms + sub-ms ns; CAST keeps the arithmetic in 64-bit integers). */
const FROM = '(CAST(@fromMs AS INTEGER) * 1000000 + CAST(@fromNs AS INTEGER))';
const TO = '(CAST(@toMs AS INTEGER) * 1000000 + CAST(@toNs AS INTEGER))';
const WIDTH = '(CAST(@widthMs AS INTEGER) * 1000000)';
/** the rows of one bucket of the window (`spans` gives each bucket's part of the window, end exclusive) */
const IN_SPAN = 'FROM property_values WHERE series_id = @seriesId AND time >= lo AND time < hi';

/**
 * The value of one bucket for each bucket function, as a correlated subquery over the
 * bucket's rows. `first`/`last` and `count` read the index only; the numeric functions read
 * the point's number column (`v`). NULL marks an empty bucket (no value answered).
 */
function bucketValue(fn: BucketFunction, v: string): string {
  switch (fn) {
    case 'avg':
      return `(SELECT avg(${v}) ${IN_SPAN})`;
    case 'min':
      return `(SELECT min(${v}) ${IN_SPAN})`;
    case 'max':
      return `(SELECT max(${v}) ${IN_SPAN})`;
    case 'sum':
      // total() never overflows (sum() of LONGs can); NULL when the bucket holds no number
      return `(SELECT CASE WHEN count(v) > 0 THEN total(v) END FROM (SELECT ${v} AS v ${IN_SPAN}))`;
    case 'count':
      return `(SELECT nullif(count(*), 0) ${IN_SPAN})`;
    case 'first':
      return `(SELECT point ${IN_SPAN} ORDER BY time ASC LIMIT 1)`;
    case 'last':
      return `(SELECT point ${IN_SPAN} ORDER BY time DESC LIMIT 1)`;
    case 'minmax':
      // each extreme with its own time: the row of a lone min()/max() gives the bare column
      // `time`; [ms, ns, value] as JSON (SQLite prints reals with 17 digits, so they round-trip)
      return ['min', 'max']
        .map(
          (extreme) =>
            `(SELECT json_array(time / 1000000, time % 1000000, m) FROM (SELECT time, ${extreme}(v) AS m FROM (SELECT time, ${v} AS v ${IN_SPAN})) WHERE m IS NOT NULL)`,
        )
        .join(', ');
  }
}

/**
 * One statement for every bucket of the window in page order: a recursive CTE walks the
 * epoch-aligned bucket starts and each bucket's value is an index range read of its own
 * rows. Unlike `GROUP BY time / width` this needs no sort of the whole window (SQLite cannot
 * tell that buckets of an ordered scan come out ordered), and a page stops reading once it
 * has its buckets.
 */
function bucketSql(fn: BucketFunction, dataType: string, descending: boolean): string {
  // the point's number from its own column (migration 007): extracting it from the JSON
  // cost most of the statement
  const v = NUMBER_MEMBER[dataType] ? 'num' : 'NULL';
  const walk = descending
    ? `SELECT CAST(@lastMs AS INTEGER) * 1000000 UNION ALL SELECT b - ${WIDTH} FROM buckets WHERE b - ${WIDTH} >= CAST(@firstMs AS INTEGER) * 1000000`
    : `SELECT CAST(@firstMs AS INTEGER) * 1000000 UNION ALL SELECT b + ${WIDTH} FROM buckets WHERE b + ${WIDTH} <= CAST(@lastMs AS INTEGER) * 1000000`;
  return `WITH RECURSIVE buckets(b) AS (${walk}),
    spans(b, lo, hi) AS (SELECT b, max(b, ${FROM}), min(b + ${WIDTH}, ${TO} + 1) FROM buckets)
    SELECT b / 1000000, ${bucketValue(fn, v)} FROM spans`;
}

/**
 * Aggregated history of one series (our downsampling extension) over the built-in store.
 * Bucket functions answer at the bucket's start (`minmax`: the extremes at their own times);
 * `lttb` streams the window's numbers once through LttbStream, holding two buckets of them.
 * Pages resume after the last value answered; a page recomputes at most one bucket of the
 * previous one.
 */
export class AggregateReader {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** Up to `limit` aggregated values of one series in page order, strictly after `resume`. */
  chunk(seriesId: number, read: AggregateRead, resume: Instant | undefined, limit: number): Chunk {
    if (limit === 0) return new ChunkBuilder().chunk();
    const after = afterResume(read, resume);
    if (read.aggregation.function === 'lttb') return this.lttb(seriesId, read, after, limit);
    const window = resumedWindow(read, resume);
    if (!window) return new ChunkBuilder().chunk();
    const { from, to } = window;
    const { intervalMs } = read.aggregation;
    const fn = read.aggregation.function;
    const stmt = this.statement(`${fn}:${read.dataType}:${read.descending}`, () =>
      bucketSql(fn, read.dataType, read.descending),
    );
    const params = {
      seriesId,
      fromMs: from.ms,
      fromNs: from.ns,
      toMs: to.ms,
      toNs: to.ns,
      widthMs: intervalMs,
      firstMs: bucketStart(from.ms, intervalMs),
      lastMs: bucketStart(to.ms, intervalMs),
    };
    // lazily: the page stops reading buckets once it is full
    return bucketChunk(stmt.iterate(params) as IterableIterator<unknown[]>, read, after, limit);
  }

  /**
   * LTTB over the window: counts the numbers, then streams them in time order through
   * LttbStream (which keeps two buckets), collecting the kept points (at most maxPoints).
   */
  private lttb(
    seriesId: number,
    read: AggregateRead,
    after: (ms: number, ns: number) => boolean,
    limit: number,
  ): Chunk {
    const member = NUMBER_MEMBER[read.dataType]!;
    const v = 'num';
    const range = `FROM property_values WHERE series_id = @seriesId AND time >= ${FROM} AND time <= ${TO}`;
    const count = this.statement(`lttb-count:${member}`, () => `SELECT count(${v}) ${range}`);
    const rows = this.statement(
      `lttb-rows:${member}`,
      () => `SELECT time / 1000000, time % 1000000, ${v} ${range} ORDER BY time ASC`,
    );
    const params = { seriesId, fromMs: read.from.ms, fromNs: read.from.ns, toMs: read.to.ms, toNs: read.to.ns };
    const kept: { x: number; y: number; ms: number; ns: number }[] = [];
    // one read transaction: the count and the rows see the same snapshot
    this.db.transaction(() => {
      const total = (count.pluck().get(params) as number) ?? 0;
      const stream = new LttbStream<{ x: number; y: number; ms: number; ns: number }>(
        total,
        read.aggregation.points,
        (p) => kept.push(p),
      );
      for (const row of rows.raw(true).iterate(params) as IterableIterator<[number, number, number | null]>) {
        if (row[2] === null) continue;
        const [ms, ns] = floorSplit(row[0], row[1]);
        stream.push({ x: ms + ns / 1e6, y: row[2], ms, ns });
      }
    })();
    return lttbChunk(kept, read, after, limit);
  }

  private statement(key: string, sql: () => string): Statement {
    let stmt = this.statements.get(key);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql()).raw(true);
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}
