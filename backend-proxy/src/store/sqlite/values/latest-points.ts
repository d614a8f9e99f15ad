import type { Statement } from 'better-sqlite3';
import { Row } from '../../values-common/chunks';
import { Db } from '../database';
import { SeriesReader } from './series-reader';

/**
 * The latest point of each series GetPropertyValue asked for, kept until the series is written.
 * Reading it from the table takes SQLite's WAL read lock (~14 µs here, more than the read).
 *
 * Values are written by the value writer's connection, and the value store calls `forget` with
 * the series of every write once it is committed (or failed: maybe committed), before answering
 * the writer's client: a point kept from before a commit is served only to reads that overlap
 * that write. The main connection's own writes (a deleted entity takes its series' values) drop
 * every kept point, seen by `total_changes()`, which reads no table.
 */
export class LatestPoints {
  private readonly rows = new Map<number, Row>();
  private readonly totalChanges: Statement<[], number>;
  private seenChanges = -1;

  constructor(
    db: Db,
    private readonly reader: SeriesReader,
    private readonly capacity = 100_000,
  ) {
    this.totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  }

  /** The series' latest stored row, undefined when it has none. */
  latest(seriesId: number): Row | undefined {
    const changes = this.totalChanges.get()!;
    if (changes !== this.seenChanges) {
      this.rows.clear();
      this.seenChanges = changes;
    }
    let row = this.rows.get(seriesId);
    if (row === undefined) {
      row = this.reader.latest(seriesId);
      if (row !== undefined) {
        if (this.rows.size >= this.capacity) this.rows.clear();
        this.rows.set(seriesId, row);
      }
    }
    return row;
  }

  /** After a write to these series committed, or may have. */
  forget(seriesIds: readonly number[]): void {
    for (const id of seriesIds) this.rows.delete(id);
  }

  /** After a write that reached series not named (alarm status values), or of unknown extent. */
  forgetAll(): void {
    this.rows.clear();
  }
}
