import Database from '../store/sqlite/driver';
import { Queryable } from '../store/postgres/database';
import { PARTITION_MS, ValuePartitions } from '../store/postgres/values/partitions';
import { pointNumber } from '../store/sqlite/values/point-number';
import { CopyProgress } from './copy-graph';

/** Values read and sent at once: one SQLite page, one INSERT … SELECT FROM unnest. */
const VALUE_BATCH = 5000;

/** The SQL that picks a workspace's stored values, shared by counting and copying. */
const workspaceValues = 'series_id IN (SELECT series_id FROM value_series WHERE workspace_id = ?)';

/**
 * Makes sure the target has a time partition for every 30 days between the workspace's
 * oldest and newest value (each created in a short transaction of its own, as the writer does:
 * partitions are schema, not data, so a failed copy leaving one behind is harmless).
 */
export async function ensureValuePartitions(
  source: Database.Database,
  partitions: ValuePartitions,
  workspaceId: string,
): Promise<void> {
  const range = source
    .prepare(
      `SELECT min(time) / 1000000 AS lo, max(time) / 1000000 AS hi FROM property_values WHERE ${workspaceValues}`,
    )
    .get(workspaceId) as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return;
  const ms: number[] = [];
  for (let t = Math.floor(range.lo / PARTITION_MS) * PARTITION_MS; t <= range.hi; t += PARTITION_MS) ms.push(t);
  ms.push(range.hi);
  await partitions.ensure(ms);
}

/**
 * Copies every stored value of the workspace, with its time (epoch ns, read as BigInt: it
 * exceeds 2^53) and point as stored, in series-then-time order, a page at a time. Each value
 * draws a new seq from the target's sequence (seqs order live streams; the source's belong to
 * its own numbering).
 */
export async function copyWorkspaceValues(
  source: Database.Database,
  q: Queryable,
  workspaceId: string,
  seriesIds: Map<number, number>,
  progress: CopyProgress,
): Promise<void> {
  const page = source
    .prepare(
      `SELECT series_id, time, point FROM property_values
       WHERE ${workspaceValues} AND (series_id, time) > (?, ?) ORDER BY series_id, time LIMIT ${VALUE_BATCH}`,
    )
    .safeIntegers(true);
  let after: [bigint, bigint] = [-1n, -1n];
  for (;;) {
    const rows = page.all(workspaceId, after[0], after[1]) as { series_id: bigint; time: bigint; point: string }[];
    if (rows.length === 0) return;
    // pg sends each array element as text; a BigInt's text is the exact number
    await q.query(
      `INSERT INTO property_values (series_id, time, point, num, seq)
       SELECT s, t, p, n, nextval('value_seq') FROM unnest($1::int4[], $2::int8[], $3::text[], $4::float8[]) AS u(s, t, p, n)`,
      [
        rows.map((r) => seriesIds.get(Number(r.series_id))),
        rows.map((r) => r.time.toString()),
        rows.map((r) => r.point),
        rows.map((r) => pointNumber(r.point)),
      ],
    );
    progress('values', rows.length);
    const last = rows[rows.length - 1]!;
    after = [last.series_id, last.time];
  }
}
