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

  /** The page joined by PostgreSQL (string_agg), so one value crosses into JS per series, not per row. */
  async joined(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Promise<Chunk> {
    const order = descending ? 'DESC' : 'ASC';
    const end = descending ? 'min' : 'max';
    const found = await row<{ count: number; joined: string | null; ms: number | null; ns: number | null }>(
      this.q,
      `SELECT count(*) AS count, string_agg(point, ',' ORDER BY time ${order}) AS joined,
              ${end}(time) / 1000000 AS ms, ${end}(time) % 1000000 AS ns
       FROM (SELECT time, point ${RANGE} ORDER BY time ${order} LIMIT $6) page`,
      [seriesId, from.ms, from.ns, to.ms, to.ns, limit],
    );
    if (!found || found.count === 0) return { count: 0, bytes: EMPTY, last: [0, 0] };
    return { count: found.count, bytes: Buffer.from(found.joined!, 'utf8'), last: floorSplit(found.ms!, found.ns!) };
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
