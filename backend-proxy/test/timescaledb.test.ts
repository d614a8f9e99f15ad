import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import pg from 'pg';
import { startTestService, TestService } from './harness';
import { entry, seedPlant } from './values-fixture';

/**
 * The value table on TimescaleDB: a server with the extension (DOPPEL_TIMESCALE_ADMIN_URL, else
 * DOPPEL_PG_ADMIN_URL or the local server) gets values in a compressed hypertable, and a table
 * of plain partitions is moved onto it with its values. A server without the extension keeps the
 * partitions; where it has none, the TimescaleDB cases say so and do not run (CI's PostgreSQL is
 * Debian's, which has no TimescaleDB package).
 */
const adminUrl =
  process.env.DOPPEL_TIMESCALE_ADMIN_URL ??
  process.env.DOPPEL_PG_ADMIN_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

const ws = 'tsdb';
const T0 = Date.parse('2021-03-01T00:00:00Z');
const DAY = 86_400_000;
// chunks of 30 days from the epoch: these three points are in three of them
const times = [T0, T0 + 5 * DAY, T0 + 40 * DAY].map((t) => new Date(t).toISOString());

async function admin<T = unknown>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const redacted = (url: string) => url.replace(/\/\/[^@]*@/, '//…@');

// asked before the tests are defined (jest decides skips then), in a child process since that is synchronous
const probe = spawnSync(
  process.execPath,
  [
    '-e',
    `const pg = require('pg');
     const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 5000 });
     c.connect()
       .then(() => c.query("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS has, current_setting('shared_preload_libraries') AS preload"))
       .then(({ rows: [r] }) => { console.log(!r.has ? 'no TimescaleDB extension' : r.preload.includes('timescaledb') ? '' : 'TimescaleDB is not in shared_preload_libraries'); return c.end(); })
       .catch((e) => { console.log('cannot be reached (' + e.message + ')'); process.exit(0); });`,
    adminUrl,
  ],
  { encoding: 'utf8', timeout: 10_000 },
);
const missing = probe.status === 0 ? probe.stdout.trim() : `the probe failed: ${probe.stderr}`;
if (missing) console.warn(`TimescaleDB tests skipped: PostgreSQL at ${redacted(adminUrl)}: ${missing}`);
const maybe = missing ? test.skip : test;

let database: string;
let url: string;
let svc: TestService | undefined;

beforeAll(async () => {
  if (missing) return;
  database = `doppel_tsdb_${crypto.randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${database}`);
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  url = u.toString();
});

afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

afterAll(async () => {
  if (database) await admin(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

/** A service on its own schema of the test database (so each case starts from an empty store). */
async function serviceOn(schema: string, timescaleDb = true): Promise<TestService> {
  await admin(url, `CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return startTestService({ config: { store: 'postgres', pgUrl: u.toString(), pgTimescaleDb: timescaleDb } });
}

async function history(s: TestService, order: 'ASCENDING' | 'DESCENDING' = 'ASCENDING') {
  const res = await s.call('POST', `/workspaces/${ws}/entity-properties/history`, {
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    startTime: '2021-01-01T00:00:00Z',
    endTime: '2021-12-31T00:00:00Z',
    orderByTime: order,
  });
  expect(res.status).toBe(200);
  return (res.body.propertyValues[0]?.values ?? []).map((v: any) => [v.time, v.value.doubleValue]);
}

async function put(s: TestService, values: [string, number][]) {
  const res = await s.call('POST', `/workspaces/${ws}/entity-properties`, {
    entries: [
      entry(
        'pump-1',
        'temperature',
        values.map(([time, v]) => ({ time, value: { doubleValue: v } })),
      ),
    ],
  });
  expect(res.status).toBe(200);
  expect(res.body.errorEntries).toEqual([]);
}

function inSchema<T = unknown>(schema: string, sql: string) {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema},public`);
  return admin<T>(u.toString(), sql);
}

maybe(
  'on TimescaleDB, values go to a hypertable compressed by series, and read and write through compressed chunks',
  async () => {
    svc = await serviceOn('fresh');
    const [info] = (await admin<{ compression_enabled: boolean }>(
      url,
      "SELECT compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_schema = 'fresh' AND hypertable_name = 'property_values'",
    )) as { compression_enabled: boolean }[];
    expect(info).toEqual({ compression_enabled: true });
    const settings = await admin<{ attname: string; segmentby_column_index: number | null }>(
      url,
      "SELECT attname, segmentby_column_index FROM timescaledb_information.compression_settings WHERE hypertable_schema = 'fresh' AND hypertable_name = 'property_values' AND segmentby_column_index IS NOT NULL",
    );
    expect(settings.map((r) => r.attname)).toEqual(['series_id']);
    const jobs = await admin(
      url,
      "SELECT 1 FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_schema = 'fresh'",
    );
    expect(jobs).toHaveLength(1);

    await seedPlant(svc, ws, 2);
    await put(svc, [
      [times[0]!, 1.5],
      [times[1]!, 2.5],
      [times[2]!, 3.5],
    ]);
    const compressed = await inSchema(
      'fresh',
      "SELECT public.compress_chunk(c) FROM public.show_chunks('property_values') c",
    );
    expect(compressed.length).toBeGreaterThanOrEqual(3);
    const chunks = await admin<{ is_compressed: boolean }>(
      url,
      "SELECT is_compressed FROM timescaledb_information.chunks WHERE hypertable_schema = 'fresh' AND hypertable_name = 'property_values'",
    );
    expect(chunks.length).toBe(compressed.length);
    expect(chunks.every((c) => c.is_compressed)).toBe(true);

    expect(await history(svc)).toEqual([
      [times[0], 1.5],
      [times[1], 2.5],
      [times[2], 3.5],
    ]);
    expect(await history(svc, 'DESCENDING')).toEqual([
      [times[2], 3.5],
      [times[1], 2.5],
      [times[0], 1.5],
    ]);
    // a point put again at a compressed time replaces it
    await put(svc, [[times[1]!, 9.5]]);
    expect((await history(svc)).map(([, v]: [string, number]) => v)).toEqual([1.5, 9.5, 3.5]);

    // deleting the entity deletes its values, compressed or not
    const del = await svc.call('DELETE', `/workspaces/${ws}/entities/pump-1?isRecursive=false`);
    expect(del.status).toBe(200);
    const left = await inSchema('fresh', 'SELECT count(*)::int AS n FROM property_values');
    expect(left).toEqual([{ n: 0 }]);
  },
);

maybe('a table of plain partitions is moved onto TimescaleDB with its values at the next start', async () => {
  svc = await serviceOn('moved', false);
  await seedPlant(svc, ws, 1);
  await put(svc, [
    [times[0]!, 1.5],
    [times[2]!, 3.5],
  ]);
  const [before] = (await inSchema(
    'moved',
    "SELECT relkind::text AS kind FROM pg_class WHERE relname = 'property_values' AND relnamespace = 'moved'::regnamespace",
  )) as { kind: string }[];
  expect(before).toEqual({ kind: 'p' });
  const dataDir = svc.dataDir;
  await svc.close(true);
  svc = undefined;

  const u = new URL(url);
  u.searchParams.set('options', '-c search_path=moved');
  svc = await startTestService({ dataDir, config: { store: 'postgres', pgUrl: u.toString(), pgTimescaleDb: true } });
  const found = await admin(
    url,
    "SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_schema = 'moved' AND hypertable_name = 'property_values'",
  );
  expect(found).toHaveLength(1);
  expect(await history(svc)).toEqual([
    [times[0], 1.5],
    [times[2], 3.5],
  ]);
  await put(svc, [[times[1]!, 2.5]]);
  expect((await history(svc)).map(([, v]: [string, number]) => v)).toEqual([1.5, 2.5, 3.5]);
});
