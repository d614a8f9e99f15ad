import { Chunk, floorSplit, Row, valueOf } from '../../values-common/chunks';
import { SeriesSource } from '../../values-common/series-source';
import { Sample } from '../../../model/values/interpolation';
import { Instant } from '../../../model/values/time';
import type { Statement } from 'better-sqlite3';
import { Db } from '../database';

// bounds arrive as (ms, ns) JS numbers; CAST keeps the arithmetic in 64-bit integers
const AT = 'CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER)';
const RANGE = `FROM property_values WHERE series_id = ? AND time >= ${AT} AND time <= ${AT}`;
const COLUMNS = 'time / 1000000, time % 1000000, point';

type RangeKind = 'rows-asc' | 'rows-desc' | 'joined-asc' | 'joined-desc';

function rangeSql(kind: RangeKind, limit: number): string {
  const order = kind.endsWith('desc') ? 'DESC' : 'ASC';
  if (kind.startsWith('rows')) return `SELECT ${COLUMNS} ${RANGE} ORDER BY time ${order} LIMIT ${limit}`;
  // SQLite scans and joins the page: one crossing into JS per series instead of one per row.
  // As a BLOB the joined text arrives as bytes, copied once: as TEXT it would be decoded
  // into a JS string and encoded back to UTF-8 for the socket (a third of a one-page read).
  // group_concat takes the rows in the order the LIMITed, ordered subquery yields them (it
  // cannot be flattened); an ORDER BY inside group_concat would add a sort and double the
  // cost. The history tests check the order both ways.
  const end = order === 'ASC' ? 'max' : 'min';
  return `SELECT count(*), CAST(group_concat(point, ',') AS BLOB), ${end}(time) / 1000000, ${end}(time) % 1000000
          FROM (SELECT time, point ${RANGE} ORDER BY time ${order} LIMIT ${limit})`;
}

const EMPTY = Buffer.alloc(0);

/** Statements by their LIMIT: a page size or a filter's read size, a handful of values in practice. */
const MAX_LIMIT_STATEMENTS = 64;

/**
 * Range reads of one series, in time order either way, by prepared statements. The LIMIT
 * of a range read is written into its SQL, one statement per limit: SQLite re-prepares a
 * statement whose LIMIT is a bound parameter on every run (about a tenth of a 1,000-point
 * read).
 */
export { ChunkBuilder, floorSplit, valueOf } from '../../values-common/chunks';
export type { Chunk, Row } from '../../values-common/chunks';

export class SeriesReader implements SeriesSource {
  private readonly byLimit = new Map<string, Statement>();
  private readonly atOrBefore;
  private readonly atOrAfter;
  private readonly latestStmt;

  constructor(private readonly db: Db) {
    this.atOrBefore = db
      .prepare(
        `SELECT ${COLUMNS} FROM property_values WHERE series_id = ? AND time <= ${AT} ORDER BY time DESC LIMIT 1`,
      )
      .raw(true);
    this.atOrAfter = db
      .prepare(`SELECT ${COLUMNS} FROM property_values WHERE series_id = ? AND time >= ${AT} ORDER BY time LIMIT 1`)
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
    const stmt = this.statement(descending ? 'rows-desc' : 'rows-asc', limit);
    const rows = stmt.all(seriesId, from.ms, from.ns, to.ms, to.ns) as Row[];
    for (const row of rows) if (row[1] < 0) [row[0], row[1]] = floorSplit(row[0], row[1]);
    return rows;
  }

  /** The same as `range`, joined into JSON text (UTF-8 bytes) by SQLite. */
  joined(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Chunk {
    const stmt = this.statement(descending ? 'joined-desc' : 'joined-asc', limit);
    const [count, bytes, ms, ns] = stmt.get(seriesId, from.ms, from.ns, to.ms, to.ns) as [
      number,
      Buffer | null,
      number,
      number,
    ];
    return count === 0 ? { count: 0, bytes: EMPTY, last: [0, 0] } : { count, bytes: bytes!, last: floorSplit(ms, ns) };
  }

  private statement(kind: RangeKind, limit: number): Statement {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`range limit ${limit} is not a count`);
    const key = kind + limit;
    let stmt = this.byLimit.get(key);
    if (stmt === undefined) {
      if (this.byLimit.size >= MAX_LIMIT_STATEMENTS) this.byLimit.clear();
      stmt = this.db.prepare(rangeSql(kind, limit)).raw(true);
      this.byLimit.set(key, stmt);
    }
    return stmt;
  }

  before(seriesId: number, at: Instant): Sample | undefined {
    return sample(this.atOrBefore.get(seriesId, at.ms, at.ns) as Row | undefined);
  }

  after(seriesId: number, at: Instant): Sample | undefined {
    return sample(this.atOrAfter.get(seriesId, at.ms, at.ns) as Row | undefined);
  }

  latest(seriesId: number): Row | undefined {
    return this.latestStmt.get(seriesId) as Row | undefined;
  }
}

function sample(row: Row | undefined): Sample | undefined {
  if (!row) return undefined;
  const [ms, ns] = floorSplit(row[0], row[1]);
  return { ms, ns, value: valueOf(row[2]) };
}
