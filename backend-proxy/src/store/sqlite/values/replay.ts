import { Db } from '../database';

/** [seq, series_id, point] */
export type ReplayRow = [number, number, string];

/**
 * The stored values of some series written after a given seq, in seq order: what a
 * reconnecting stream missed. No index on seq (the writer would pay for it on every point):
 * value_commits (migration 004) gives the earliest time any later transaction wrote, and the
 * series are scanned by their primary key from there. A Last-Event-ID older than every kept
 * commit row takes the minimum over all of them, which covers every stored value. One
 * statement, so the commit rows and the values are read in the same snapshot: a transaction
 * committed between two reads could otherwise hold a backfill older than the bound. The ids
 * go in as one JSON array: a component-type stream can name more series than SQLite allows
 * bound parameters.
 */
export function replayAfter(db: Db, afterSeq: number, seriesIds: number[]): Iterable<ReplayRow> {
  return db
    .prepare(
      `SELECT seq, series_id, point FROM property_values
       WHERE series_id IN (SELECT value FROM json_each(?))
         AND time >= (SELECT min(first_time) FROM value_commits WHERE last_seq > ?)
         AND seq > ?
       ORDER BY seq`,
    )
    .raw(true)
    .iterate(JSON.stringify(seriesIds), afterSeq, afterSeq) as Iterable<ReplayRow>;
}
