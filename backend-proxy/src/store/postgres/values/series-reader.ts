import { Sample } from '../../../model/values/interpolation';
import { Instant } from '../../../model/values/time';
import { Chunk, floorSplit, Row, valueOf } from '../../values-common/chunks';
import { SeriesSource } from '../../values-common/series-source';
import { Queryable, row, rows } from '../database';

// bounds arrive as (ms, ns) JS numbers; the arithmetic stays in bigint
const AT = (ms: number, ns: number) => `$${ms}::bigint * 1000000 + $${ns}::bigint`;
const RANGE = `FROM property_values WHERE series_id = $1 AND time >= ${AT(2, 3)} AND time <= ${AT(4, 5)}`;
const COLUMNS = 'time / 1000000 AS ms, time % 1000000 AS ns, point';
const EMPTY = Buffer.alloc(0);

type PointRow = { ms: number; ns: number; point: string };
type PageRow = { count: number; joined: string | null; ms: number | null; ns: number | null; more: boolean };

/** The page statement of `joined` (exported for the bench's raw baseline to run the same text). */
export function joinedSql(descending: boolean): string {
  const order = descending ? 'DESC' : 'ASC';
  const past = descending ? `time < page.last AND time >= ${AT(2, 3)}` : `time > page.last AND time <= ${AT(4, 5)}`;
  return `SELECT count, joined, last / 1000000 AS ms, last % 1000000 AS ns,
       CASE WHEN count = $6 THEN EXISTS (SELECT 1 FROM property_values WHERE series_id = $1 AND ${past}) ELSE false END AS more
FROM (SELECT count(*) AS count, string_agg(point, ',') AS joined, ${descending ? 'min' : 'max'}(time) AS last
      FROM (SELECT time, point ${RANGE} ORDER BY time ${order} LIMIT $6) points) page`;
}

const JOINED_ASC = joinedSql(false);
const JOINED_DESC = joinedSql(true);

function chunkOf(found: PageRow | undefined): Chunk {
  if (!found || found.count === 0) return { count: 0, bytes: EMPTY, last: [0, 0], more: false };
  return {
    count: found.count,
    bytes: Buffer.from(found.joined!, 'utf8'),
    last: floorSplit(found.ms!, found.ns!),
    more: found.more,
  };
}

/** Range reads of one series on PostgreSQL (SeriesSource); each is one statement on the pool. */
export class PgSeriesReader implements SeriesSource {
  constructor(private readonly q: Queryable) {}

  async range(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Promise<Row[]> {
    const found = await rows<PointRow>(
      this.q,
      `SELECT ${COLUMNS} ${RANGE} ORDER BY time ${descending ? 'DESC' : 'ASC'} LIMIT $6`,
      [seriesId, from.ms, from.ns, to.ms, to.ns, limit],
    );
    return found.map((r) => [...floorSplit(r.ms, r.ns), r.point]);
  }

  /**
   * The page joined by PostgreSQL (string_agg), so one value crosses into JS per series, not
   * per row. The same statement says whether the window holds more past the page (one index
   * probe, only for a full page): the reader then needs no second round trip to look past it.
   * string_agg takes the rows in the order the LIMITed, ordered subquery yields them (it is not
   * flattened); an ORDER BY inside the aggregate would sort the page again. The history tests
   * check the order both ways.
   */
  async joined(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Promise<Chunk> {
    const found = await row<PageRow>(this.q, descending ? JOINED_DESC : JOINED_ASC, [
      seriesId,
      from.ms,
      from.ns,
      to.ms,
      to.ns,
      limit,
    ]);
    return chunkOf(found);
  }

  async before(seriesId: number, at: Instant): Promise<Sample | undefined> {
    return sample(
      await row<PointRow>(
        this.q,
        `SELECT ${COLUMNS} FROM property_values WHERE series_id = $1 AND time <= ${AT(2, 3)} ORDER BY time DESC LIMIT 1`,
        [seriesId, at.ms, at.ns],
      ),
    );
  }

  async after(seriesId: number, at: Instant): Promise<Sample | undefined> {
    return sample(
      await row<PointRow>(
        this.q,
        `SELECT ${COLUMNS} FROM property_values WHERE series_id = $1 AND time >= ${AT(2, 3)} ORDER BY time LIMIT 1`,
        [seriesId, at.ms, at.ns],
      ),
    );
  }

  /** The newest stored point of a series (its JSON text), undefined when it has none. */
  async latest(seriesId: number): Promise<string | undefined> {
    return (
      await row<{ point: string }>(
        this.q,
        'SELECT point FROM property_values WHERE series_id = $1 ORDER BY time DESC LIMIT 1',
        [seriesId],
      )
    )?.point;
  }
}

function sample(r: PointRow | undefined): Sample | undefined {
  if (!r) return undefined;
  const [ms, ns] = floorSplit(r.ms, r.ns);
  return { ms, ns, value: valueOf(r.point) };
}
