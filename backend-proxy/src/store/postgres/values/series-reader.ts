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

/** Which series a page statement reads: by id ($6), or by its names ($6 workspace … $9 property). */
export type SeriesBy = 'id' | 'names';

/**
 * The page statement of `joined` (exported so the bench's raw baseline runs the same text).
 * Parameters: $1 $2 from (ms, ns), $3 $4 to, $5 the limit, then the series (see SeriesBy).
 */
export function joinedSql(descending: boolean, by: SeriesBy = 'id'): string {
  const order = descending ? 'DESC' : 'ASC';
  const from = '$1::bigint * 1000000 + $2::bigint';
  const to = '$3::bigint * 1000000 + $4::bigint';
  const series = by === 'id' ? '$6::integer' : '(SELECT series_id FROM series)';
  const past = descending ? `time < page.last AND time >= ${from}` : `time > page.last AND time <= ${to}`;
  return `${
    by === 'names'
      ? `WITH series AS (SELECT series_id FROM value_series
         WHERE workspace_id = $6 AND entity_id = $7 AND component_name = $8 AND property_name = $9)
`
      : ''
  }SELECT ${series} AS series_id, count, joined, last / 1000000 AS ms, last % 1000000 AS ns,
       CASE WHEN count = $5 THEN EXISTS (SELECT 1 FROM property_values WHERE series_id = ${series} AND ${past}) ELSE false END AS more
FROM (SELECT count(*) AS count, string_agg(point, ',') AS joined, ${descending ? 'min' : 'max'}(time) AS last
      FROM (SELECT time, point FROM property_values WHERE series_id = ${series} AND time >= ${from} AND time <= ${to}
            ORDER BY time ${order} LIMIT $5) points) page`;
}

const JOINED = { asc: joinedSql(false), desc: joinedSql(true) };
const JOINED_BY_NAMES = { asc: joinedSql(false, 'names'), desc: joinedSql(true, 'names') };

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
    const found = await row<PageRow>(this.q, descending ? JOINED.desc : JOINED.asc, [
      from.ms,
      from.ns,
      to.ms,
      to.ns,
      limit,
      seriesId,
    ]);
    return chunkOf(found);
  }

  /**
   * `joined` of the series of a property named (workspace, entity, component, property), for a
   * read started before the series id is known; with the id it read (undefined: no series).
   */
  async joinedByNames(
    names: [workspaceId: string, entityId: string, componentName: string, propertyName: string],
    from: Instant,
    to: Instant,
    descending: boolean,
    limit: number,
  ): Promise<{ seriesId: number | undefined; chunk: Chunk }> {
    const found = await row<PageRow & { series_id: number | null }>(
      this.q,
      descending ? JOINED_BY_NAMES.desc : JOINED_BY_NAMES.asc,
      [from.ms, from.ns, to.ms, to.ns, limit, ...names],
    );
    return { seriesId: found?.series_id ?? undefined, chunk: chunkOf(found) };
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
