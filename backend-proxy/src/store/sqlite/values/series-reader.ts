import { DataValue } from '../../../api/common';
import { Sample } from '../../../model/values/interpolation';
import { Instant } from '../../../model/values/time';
import { Db } from '../database';

/** A stored row as SQL returns it: [epoch ms, sub-ms nanoseconds, DataValue JSON text]. */
export type Row = [ms: number, ns: number, value: string];

/** SQL splits epoch-ns with truncating division; times before 1970 need the floor instead. */
export function fixRow(row: Row): Row {
  if (row[1] < 0) {
    row[1] += 1_000_000;
    row[0] -= 1;
  }
  return row;
}

const COLUMNS = 'time / 1000000, time % 1000000, value';

/** Range reads of one series, in time order either way, by prepared statements. */
export class SeriesReader {
  private readonly ascending;
  private readonly descending;
  private readonly atOrBefore;
  private readonly atOrAfter;
  private readonly latestStmt;

  constructor(db: Db) {
    const range = `SELECT ${COLUMNS} FROM property_values
      WHERE series_id = ? AND time >= CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER) AND time <= CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER)`;
    this.ascending = db.prepare(`${range} ORDER BY time LIMIT ?`).raw(true);
    this.descending = db.prepare(`${range} ORDER BY time DESC LIMIT ?`).raw(true);
    this.atOrBefore = db
      .prepare(
        `SELECT ${COLUMNS} FROM property_values WHERE series_id = ? AND time <= CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER) ORDER BY time DESC LIMIT 1`,
      )
      .raw(true);
    this.atOrAfter = db
      .prepare(
        `SELECT ${COLUMNS} FROM property_values WHERE series_id = ? AND time >= CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER) ORDER BY time LIMIT 1`,
      )
      .raw(true);
    this.latestStmt = db
      .prepare(`SELECT ${COLUMNS} FROM property_values WHERE series_id = ? ORDER BY time DESC LIMIT 1`)
      .raw(true);
  }

  /**
   * Up to `limit` rows within [from, to] (instants; ns may step outside 0..999999, SQL adds
   * them up), ascending or descending.
   */
  range(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Row[] {
    const stmt = descending ? this.descending : this.ascending;
    const rows = stmt.all(seriesId, from.ms, from.ns, to.ms, to.ns, limit) as Row[];
    if (rows.length > 0 && (rows[0]![0] <= 0 || rows[rows.length - 1]![0] <= 0)) rows.forEach(fixRow);
    return rows;
  }

  before(seriesId: number, at: Instant): Sample | undefined {
    return sample(this.atOrBefore.get(seriesId, at.ms, at.ns) as Row | undefined);
  }

  after(seriesId: number, at: Instant): Sample | undefined {
    return sample(this.atOrAfter.get(seriesId, at.ms, at.ns) as Row | undefined);
  }

  latest(seriesId: number): Row | undefined {
    const row = this.latestStmt.get(seriesId) as Row | undefined;
    return row && fixRow(row);
  }
}

function sample(row: Row | undefined): Sample | undefined {
  if (!row) return undefined;
  fixRow(row);
  return { ms: row[0], ns: row[1], value: JSON.parse(row[2]) as DataValue };
}
