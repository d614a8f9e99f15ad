import type { Queryable } from '../database';
import { PARTITION_MS } from './partitions';

/** How property_values is stored: TimescaleDB's hypertable, or this store's own range partitions. */
export type ValueTableLayout =
  { kind: 'hypertable'; timescaledb: string; compressAfterDays: number | null } | { kind: 'partitions'; why: string };

async function firstRow<R>(q: Queryable, sql: string): Promise<R | undefined> {
  return (await q.query(sql)).rows[0] as R | undefined;
}

/** Chunks whose newest possible time is older than this are compressed by TimescaleDB's policy. */
export const COMPRESS_AFTER_DAYS = 7;
const NS_PER_MS = 1_000_000n;
const DAY_NS = 86_400_000n * NS_PER_MS;

/**
 * Puts property_values on TimescaleDB where the server has the extension: a hypertable chunked
 * as the partitions would be (30 days of value time), compressed per series once a chunk is a
 * week old, so years of history take a fraction of the disk. Runs under the migration lock after
 * the migrations. A table of plain partitions is converted in one transaction (its rows copied),
 * so a failure leaves it as it was. Without the extension, or where it cannot be created (not
 * preloaded, no privilege), or with `convert` false (DOPPEL_PG_TIMESCALEDB=off), the partitions
 * stay and the answer says why. An Apache-licensed TimescaleDB has no compression: the hypertable
 * is made without it.
 */
export async function adoptTimescaleDb(q: Queryable, { convert }: { convert: boolean }): Promise<ValueTableLayout> {
  if (await isHypertable(q)) return hypertableLayout(q);
  if (!convert) return { kind: 'partitions', why: 'DOPPEL_PG_TIMESCALEDB=off' };
  const ext = await firstRow<{ installed: string | null; available: boolean; preloaded: boolean }>(
    q,
    `SELECT (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS installed,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available,
            current_setting('timescaledb.max_background_workers', true) IS NOT NULL AS preloaded`,
  );
  if (!ext?.installed) {
    if (!ext?.available) return { kind: 'partitions', why: 'the TimescaleDB extension is not installed on the server' };
    // creating it unloaded ends the connection (FATAL), not just the statement; its preloaded
    // loader defines this setting (shared_preload_libraries itself is for superusers to read)
    if (!ext.preloaded) {
      return { kind: 'partitions', why: 'TimescaleDB is installed but not in shared_preload_libraries' };
    }
    await q.query('BEGIN');
    try {
      // in public where there is one, so the extension outlives any one schema a service uses
      const pub = await firstRow<{ yes: boolean }>(q, "SELECT to_regnamespace('public') IS NOT NULL AS yes");
      await q.query(`CREATE EXTENSION IF NOT EXISTS timescaledb${pub?.yes ? ' SCHEMA public' : ''}`);
      await q.query('COMMIT');
    } catch (e) {
      await q.query('ROLLBACK');
      return { kind: 'partitions', why: `CREATE EXTENSION timescaledb failed: ${(e as Error).message}` };
    }
  }
  const ns = await firstRow<{ name: string }>(
    q,
    `SELECT n.nspname AS name FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'timescaledb'`,
  );
  await q.query('BEGIN');
  try {
    await convertToHypertable(q, `"${ns!.name.replace(/"/g, '""')}"`, await compressionLicensed(q));
    await q.query('COMMIT');
  } catch (e) {
    await q.query('ROLLBACK');
    throw new Error(`moving property_values onto TimescaleDB failed: ${(e as Error).message}`);
  }
  return hypertableLayout(q);
}

async function hypertableLayout(q: Queryable): Promise<ValueTableLayout> {
  const found = await firstRow<{ version: string; compressed: boolean }>(
    q,
    `SELECT (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS version,
            EXISTS (SELECT 1 FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'
                    AND hypertable_name = 'property_values' AND hypertable_schema = current_schema()) AS compressed`,
  );
  return {
    kind: 'hypertable',
    timescaledb: found!.version,
    compressAfterDays: found!.compressed ? COMPRESS_AFTER_DAYS : null,
  };
}

/** Compression is in TimescaleDB's community (timescale) license, not in its Apache-only build. */
async function compressionLicensed(q: Queryable): Promise<boolean> {
  const found = await firstRow<{ license: string | null }>(
    q,
    "SELECT current_setting('timescaledb.license', true) AS license",
  );
  return found?.license !== 'apache';
}

/** Whether property_values is a TimescaleDB hypertable (false, without asking, when the extension is absent). */
export async function isHypertable(q: Queryable): Promise<boolean> {
  const found = await firstRow<{ yes: boolean }>(
    q,
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS yes`,
  );
  if (!found?.yes) return false;
  return (
    (
      await firstRow<{ yes: boolean }>(
        q,
        `SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                      WHERE hypertable_name = 'property_values' AND hypertable_schema = current_schema()) AS yes`,
      )
    )?.yes ?? false
  );
}

// The same columns, keys and index as migrations 001-002 give the partitioned table.
// `ts`: the extension's schema, quoted (a service's search_path need not include it)
async function convertToHypertable(q: Queryable, ts: string, compress: boolean): Promise<void> {
  const chunkNs = BigInt(PARTITION_MS) * NS_PER_MS;
  await q.query(`
    CREATE TABLE property_values_ht (
      series_id  integer NOT NULL REFERENCES value_series(series_id) ON DELETE CASCADE,
      time       bigint NOT NULL,
      point      text NOT NULL,
      seq        bigint NOT NULL,
      num        double precision,
      PRIMARY KEY (series_id, time)
    )`);
  await q.query(`SELECT ${ts}.create_hypertable('property_values_ht', ${ts}.by_range('time', ${chunkNs}::bigint))`);
  await q.query(
    `INSERT INTO property_values_ht (series_id, time, point, seq, num)
     SELECT series_id, time, point, seq, num FROM property_values`,
  );
  await q.query('DROP TABLE property_values CASCADE');
  await q.query('ALTER TABLE property_values_ht RENAME TO property_values');
  await q.query('ALTER TABLE property_values RENAME CONSTRAINT property_values_ht_pkey TO property_values_pkey');
  await q.query('CREATE INDEX property_values_by_seq ON property_values(seq)');
  if (!compress) return;
  // the compression policy needs "now" in the time column's unit: epoch nanoseconds
  await q.query(`CREATE OR REPLACE FUNCTION doppel_now_ns() RETURNS bigint LANGUAGE sql STABLE
                 AS $$ SELECT (extract(epoch FROM now()) * 1000000000)::bigint $$`);
  await q.query(`SELECT ${ts}.set_integer_now_func('property_values', 'doppel_now_ns')`);
  // one series' points together, in time order: history reads a series' range. A replica reads
  // each committed write back by its seq range: the min/max of seq per compressed batch keeps that
  // from decompressing every batch (compress_index; a TimescaleDB too old for it goes without)
  const compression = `timescaledb.compress, timescaledb.compress_segmentby = 'series_id', timescaledb.compress_orderby = 'time'`;
  await q.query('SAVEPOINT sparse_index');
  try {
    await q.query(`ALTER TABLE property_values SET (${compression}, timescaledb.compress_index = 'minmax("seq")')`);
  } catch {
    await q.query('ROLLBACK TO SAVEPOINT sparse_index');
    await q.query(`ALTER TABLE property_values SET (${compression})`);
  }
  await q.query(
    `SELECT ${ts}.add_compression_policy('property_values', compress_after => ${BigInt(COMPRESS_AFTER_DAYS) * DAY_NS}::bigint)`,
  );
}
