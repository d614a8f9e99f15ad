// Ingest benchmark: points/s for (a) raw better-sqlite3 upserts into the same table in this
// process, (b) HTTP BatchPutPropertyValues, 10 entries × 10 values per request, from 16
// concurrent connections (the load generator is this process, the service its own), (c) the
// bulk NDJSON path. (a) stores exactly (b)'s rows, one request's 100 rows a transaction, and
// the two alternate over --ingest-rounds (each round the next requests, so both tables grow
// alike); each figure is the median of its rounds, so other work on the machine falls on both.
// Target (SQLite): (b) ≥ 0.5 × (a). (a) with 10,000 rows a transaction, of (c)'s rows, is (c)'s ceiling.
// Options: --requests N (b, all rounds, default 9000) --ingest-rounds N (default 3)
//   --bulk-points N (c, default 1000000) --raw-points N (the ceiling, default 1000000)
//   --store sqlite|postgres|both (default sqlite). postgres: (a) is the service's multi-row upsert
//   (INSERT … SELECT FROM unnest … ON CONFLICT) sent by `pg` from this process, (b) and (c) go to
//   `serve --store postgres`, and (d) BatchPut through 1, 2 and 3 replicas over the one database
//   (--replica-requests N each, default 6000; --rounds N, default 2, alternating, 0: none), the load from a
//   process of its own, with the CPU of the services, of PostgreSQL's backends and of the load
//   generator per point. The database: DOPPEL_PG_URL, or a fresh one on 127.0.0.1:5432 (dropped after).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import {
  benchDatabase,
  call,
  cpuSeconds,
  load,
  machine,
  median,
  pgBackendCpu,
  pgCpuBetween,
  pool,
  printTable,
  root,
  seedModel,
  startService,
  tempDir,
  threadCpuSeconds,
} from './bench-common.mjs';
import { ENTITIES, httpBatches, PROPERTIES, requestRows, seriesName } from './ingest-load.mjs';

const require = createRequire(import.meta.url);
const { openDatabase } = require(path.join(root, 'dist/store/sqlite/database.js'));
const { WRITER_PRAGMAS } = require(path.join(root, 'dist/store/sqlite/values/batch-writer.js'));
const { PgDb } = require(path.join(root, 'dist/store/postgres/database.js'));
const { PARTITION_MS } = require(path.join(root, 'dist/store/postgres/values/partitions.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 9000);
const INGEST_ROUNDS = arg('ingest-rounds', 3);
const BULK_POINTS = arg('bulk-points', 1_000_000);
const RAW_POINTS = arg('raw-points', 1_000_000);
const REPLICA_REQUESTS = arg('replica-requests', 6000);
const ROUNDS = arg('rounds', 2);
const CONNECTIONS = 16;
/** the replica phase's connections in all, shared evenly by 1, 2 or 3 replicas */
const REPLICA_CONNECTIONS = 12;
const storeArg = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : 'sqlite';
if (!['sqlite', 'postgres', 'both'].includes(storeArg)) {
  console.error(`--store ${storeArg}: sqlite, postgres or both`);
  process.exit(2);
}
const STORES = storeArg === 'both' ? ['sqlite', 'postgres'] : [storeArg];
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms) => new Date(ms).toISOString();

/** Requests [from, to)'s rows (requestRows), one request after another. */
function rowsOf(from, to) {
  const rows = [];
  for (let r = from; r < to; r++) rows.push(...requestRows(r));
  return rows;
}

/**
 * Rows in (c)'s pattern, 1,000 series a second (bulk's lines, at its own later times): the
 * ceiling (c) is held to stores these, since their order in the table costs more than (b)'s
 * ten consecutive seconds of ten series.
 */
function bulkRows(points) {
  return Array.from({ length: points }, (_, n) => ({
    series: n % 1000,
    ms: T0 + Math.floor(n / 1000) * 1000,
    value: n * 0.5,
  }));
}

const pointJson = (ms, value) => `{"time":"${iso(ms)}","value":{"doubleValue":${value}}}`;

/**
 * (a) on SQLite, in this process: the upsert the service's writer runs, same schema and the
 * same connection settings as that writer (a smaller cache or more frequent checkpoints would
 * make raw slower than the service can be), and like it one value_commits row per transaction.
 */
function rawSqlite() {
  const dir = tempDir('doppel-bench-raw-');
  const db = openDatabase(path.join(dir, 'raw.db'));
  for (const pragma of WRITER_PRAGMAS) db.pragma(pragma);
  db.prepare("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)").run();
  const series = db.prepare(
    "INSERT INTO value_series (workspace_id, entity_id, component_name, property_name) VALUES ('w', ?, 's', ?)",
  );
  // series_id s + 1 is series s of requestRows
  for (let s = 0; s < ENTITIES * PROPERTIES; s++) series.run(seriesName(s).entityId, seriesName(s).propertyName);
  const upsert = db.prepare(
    `INSERT INTO property_values (series_id, time, point, seq, num) VALUES (?, CAST(? AS INTEGER) * 1000000, ?, ?, ?)
     ON CONFLICT (series_id, time) DO UPDATE SET point = excluded.point, seq = excluded.seq, num = excluded.num`,
  );
  const commit = db.prepare(
    'INSERT INTO value_commits (last_seq, first_time) VALUES (?, CAST(? AS INTEGER) * 1000000)',
  );
  let seq = 0;
  const write = db.transaction((rows) => {
    for (const { series: s, ms, value } of rows) upsert.run(s + 1, ms, pointJson(ms, value), ++seq, value);
    commit.run(seq, rows[0].ms);
  });
  return {
    /** points/s storing `rows`, `perTransaction` a transaction */
    async ingest(rows, perTransaction) {
      const started = process.hrtime.bigint();
      for (let n = 0; n < rows.length; n += perTransaction) write(rows.slice(n, n + perTransaction));
      return rows.length / (Number(process.hrtime.bigint() - started) / 1e9);
    },
    async close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function bulk(p, points, perRequest, connections) {
  const bodies = Math.ceil(points / perRequest);
  let next = 0;
  let accepted = 0;
  const base = T0 + 10 * 365 * 86_400_000; // after the batch rounds
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < bodies) {
        const b = next++;
        const lines = [];
        for (let n = b * perRequest; n < Math.min(points, (b + 1) * perRequest); n++) {
          const s = n % 1000;
          lines.push(
            `{"entityId":"e${s % ENTITIES}","componentName":"s","propertyName":"p${Math.floor(s / ENTITIES)}","time":"${iso(base + Math.floor(n / 1000) * 1000)}","value":{"doubleValue":${n * 0.5}}}`,
          );
        }
        const text = await call(
          p,
          'POST',
          '/doppel/workspaces/bench/values:bulk',
          lines.join('\n'),
          'application/x-ndjson',
        );
        accepted += JSON.parse(text).accepted;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (accepted !== points) throw new Error(`bulk accepted ${accepted} of ${points} points`);
  return points / seconds;
}

// (a) on PostgreSQL: the statement the service's writer runs (values.ts), its rows sent as
// arrays by `pg` from this process, one statement per transaction, into the service's schema
// (in a schema of its own in the bench database)
async function rawPostgres(url, name) {
  const schema = `raw_${name}`;
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await setup.end();
  const schemaUrl = new URL(url);
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
  const db = await PgDb.open(schemaUrl.toString()); // creates the schema's tables
  await db.query("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)");
  await db.query(
    `INSERT INTO value_series (workspace_id, entity_id, component_name, property_name)
     SELECT 'w', 'e' || i, 's', 'p' || j FROM generate_series(0, ${ENTITIES - 1}) i, generate_series(0, ${PROPERTIES - 1}) j`,
  );
  const idOf = new Map(
    (await db.query('SELECT series_id, entity_id, property_name FROM value_series')).map((r) => [
      `${r.entity_id}/${r.property_name}`,
      r.series_id,
    ]),
  );
  const ids = Array.from({ length: ENTITIES * PROPERTIES }, (_, s) => {
    const { entityId, propertyName } = seriesName(s);
    return idOf.get(`${entityId}/${propertyName}`);
  });
  // every partition the rows can reach (the warm-up writes far after the measured rows)
  const client = await db.pool.connect();
  const partitions = new Set();
  return {
    async ingest(rows, perStatement) {
      for (const { ms } of rows) {
        const index = Math.floor(ms / PARTITION_MS);
        if (partitions.has(index)) continue;
        partitions.add(index);
        const from = BigInt(index) * BigInt(PARTITION_MS) * 1_000_000n;
        await db.query(
          `CREATE TABLE IF NOT EXISTS property_values_p${index} PARTITION OF property_values FOR VALUES FROM (${from}) TO (${from + BigInt(PARTITION_MS) * 1_000_000n})`,
        );
      }
      const started = process.hrtime.bigint();
      for (let n = 0; n < rows.length; n += perStatement) {
        const chunk = rows.slice(n, n + perStatement);
        await client.query(
          `INSERT INTO property_values (series_id, time, point, num, seq)
           SELECT s, m * 1000000 + n, p, v, nextval('value_seq')
           FROM unnest($1::integer[], $2::bigint[], $3::bigint[], $4::text[], $5::double precision[])
             WITH ORDINALITY AS t(s, m, n, p, v, i)
           ORDER BY i
           ON CONFLICT (series_id, time) DO UPDATE SET point = excluded.point, num = excluded.num, seq = excluded.seq`,
          [
            chunk.map((r) => ids[r.series]),
            chunk.map((r) => r.ms),
            chunk.map(() => 0),
            chunk.map((r) => pointJson(r.ms, r.value)),
            chunk.map((r) => r.value),
          ],
        );
      }
      return rows.length / (Number(process.hrtime.bigint() - started) / 1e9);
    },
    async close() {
      client.release();
      await db.close();
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`DROP SCHEMA ${schema} CASCADE`);
      await drop.end();
    },
  };
}

const rawTable = (store, url, name) => (store === 'postgres' ? rawPostgres(url, name) : rawSqlite());

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const cpuNote = (micros) => `${micros.toFixed(1)} µs`;

/** (a), (b) and (c) on one store: table rows, a JSON summary and the lines under the table. */
async function ingestOn(store, database) {
  const pgUrl = store === 'postgres' ? database.url : undefined;
  const ceilingTable = await rawTable(store, pgUrl, 'ceiling');
  const raw10k = await ceilingTable.ingest(bulkRows(RAW_POINTS), 10_000);
  await ceilingTable.close();
  const serviceDir = tempDir('doppel-bench-ingest-');
  const service = await startService(serviceDir, 18000 + Math.floor(Math.random() * 2000), { pgUrl });
  const p = pool(service.url, CONNECTIONS);
  const pgClient = pgUrl ? new pg.Client({ connectionString: pgUrl }) : undefined;
  await pgClient?.connect();
  const raw = await rawTable(store, pgUrl, 'batches');
  try {
    await seedModel(p, 'bench', ENTITIES, PROPERTIES);
    // warm-up (JIT, caches) with rows far after the measured ones, the same on both sides
    const WARM = 500_000;
    await raw.ingest(rowsOf(WARM, WARM + 500), 100);
    await httpBatches([p], CONNECTIONS, WARM, 500);
    const perRound = Math.floor(REQUESTS / INGEST_ROUNDS);
    const rawRates = [];
    const batchRates = [];
    // service CPU per point (all its threads) is steadier than wall-clock rates on a shared box;
    // and where (b)'s CPU goes: HTTP, JSON and checks on the main thread; SQLite in the writer
    // thread (PostgreSQL: its backends); and the load generator, which shares the same two cores
    const spent = { service: 0, main: 0, others: 0, client: 0, postgres: 0 };
    for (let round = 0; round < INGEST_ROUNDS; round++) {
      const from = round * perRound;
      const runRaw = async () => rawRates.push(await raw.ingest(rowsOf(from, from + perRound), 100));
      if (round % 2 === 0) await runRaw();
      const cpu = cpuSeconds(service.child.pid);
      const threadsBefore = threadCpuSeconds(service.child.pid);
      const clientBefore = process.cpuUsage();
      const pgBefore = pgClient ? await pgBackendCpu(pgClient, database.name) : undefined;
      batchRates.push((await httpBatches([p], CONNECTIONS, from, perRound)).pointsPerSecond);
      spent.service += cpuSeconds(service.child.pid) - cpu;
      const threadsAfter = threadCpuSeconds(service.child.pid);
      const clientUsage = process.cpuUsage(clientBefore);
      spent.main += threadsAfter.main - threadsBefore.main;
      spent.others += threadsAfter.others - threadsBefore.others;
      spent.client += (clientUsage.user + clientUsage.system) / 1e6;
      if (pgClient) spent.postgres += pgCpuBetween(pgBefore, await pgBackendCpu(pgClient, database.name));
      if (round % 2 === 1) await runRaw();
    }
    const raw100 = median(rawRates);
    const ceiling = Math.max(raw100, raw10k);
    const batchRate = median(batchRates);
    const perPoint = (seconds) => (seconds / (perRound * INGEST_ROUNDS * 100)) * 1e6;
    const batchCpuMicros = perPoint(spent.service);
    const batchSplit = {
      main: perPoint(spent.main),
      others: perPoint(spent.others),
      client: perPoint(spent.client),
      postgres: pgClient ? perPoint(spent.postgres) : NaN,
    };
    const cpu = cpuSeconds(service.child.pid);
    const bulkRate = await bulk(p, BULK_POINTS, 10_000, 2);
    const bulkCpuMicros = ((cpuSeconds(service.child.pid) - cpu) / BULK_POINTS) * 1e6;

    const pgRow = store === 'postgres';
    const rawName = pgRow ? '(a) raw multi-row upsert (pg, unnest)' : '(a) raw upserts';
    const rows = [
      {
        store,
        path: `${rawName} of (b)'s rows, 100 per ${pgRow ? 'statement' : 'transaction'}`,
        'points/s': fmt(raw100),
        'service CPU/point': '',
        target: '',
      },
      {
        store,
        path: `${rawName}, 10,000 per ${pgRow ? 'statement' : 'transaction'}`,
        'points/s': fmt(raw10k),
        'service CPU/point': '',
        target: 'ceiling',
      },
      {
        store,
        path: `(b) HTTP BatchPut 10×10, ${CONNECTIONS} connections`,
        'points/s': fmt(batchRate),
        'service CPU/point': cpuNote(batchCpuMicros),
        target: pgRow
          ? `≥ ${fmt(0.3 * ceiling)} (0.3 × a): ${(batchRate / ceiling).toFixed(2)} ×`
          : `≥ ${fmt(0.5 * raw100)} (0.5 × a, 100): ${(batchRate / raw100).toFixed(2)} ×`,
      },
      {
        store,
        path: '(c) HTTP bulk NDJSON, 10,000 per request',
        'points/s': fmt(bulkRate),
        'service CPU/point': cpuNote(bulkCpuMicros),
        target: pgRow
          ? `≥ ${fmt(0.3 * ceiling)} (0.3 × a): ${(bulkRate / ceiling).toFixed(2)} ×`
          : `≥ ${fmt(ceiling / 2)} (0.5 × a)`,
      },
    ];
    const notes = [
      `${store} (b) CPU per point: service main thread ${batchSplit.main.toFixed(1)} µs, service other threads (${pgRow ? 'GC, pg socket' : 'value writer, GC'}) ${batchSplit.others.toFixed(1)} µs, ${pgRow ? `PostgreSQL backends ${batchSplit.postgres.toFixed(1)} µs, ` : ''}load generator ${batchSplit.client.toFixed(1)} µs`,
    ];
    const summary = {
      rawPointsPerSecond100: Math.round(raw100),
      rawPointsPerSecond10k: Math.round(raw10k),
      batchPutPointsPerSecond: Math.round(batchRate),
      batchPutRequestsPerSecond: Math.round(batchRate / 100),
      bulkPointsPerSecond: Math.round(bulkRate),
      // SQLite: against (a) with 100 a transaction, the rows (b) sends; PostgreSQL: against its ceiling
      batchPutToRawRatio: Math.round((batchRate / (pgRow ? ceiling : raw100)) * 100) / 100,
      bulkToRawRatio: Math.round((bulkRate / ceiling) * 100) / 100,
      batchPutServiceCpuMicrosPerPoint: +batchCpuMicros.toFixed(2),
      batchPutMainThreadCpuMicrosPerPoint: +batchSplit.main.toFixed(2),
      batchPutOtherThreadsCpuMicrosPerPoint: +batchSplit.others.toFixed(2),
      batchPutClientCpuMicrosPerPoint: +batchSplit.client.toFixed(2),
      ...(pgRow ? { batchPutPostgresCpuMicrosPerPoint: +batchSplit.postgres.toFixed(2) } : {}),
      bulkServiceCpuMicrosPerPoint: +bulkCpuMicros.toFixed(2),
      targetsMet: pgRow
        ? { batchPut: batchRate >= 0.3 * ceiling, bulk: bulkRate >= 0.3 * ceiling }
        : { batchPut: batchRate >= 0.5 * raw100, bulk: bulkRate >= 0.5 * ceiling },
    };
    return { rows, notes, summary };
  } finally {
    await raw.close();
    await pgClient?.end();
    await p.close();
    await service.stop();
    fs.rmSync(serviceDir, { recursive: true, force: true });
  }
}

/**
 * (d) BatchPut through 1, 2 and 3 `serve --store postgres` replicas over one database, in
 * alternating rounds, the load from a process of its own (REPLICA_CONNECTIONS in all, shared
 * by the replicas); points/s and CPU per point of the replicas, PostgreSQL's backends and
 * the load generator. Writes new points every phase (requests continue where the last ended).
 */
async function replicaCurve(database) {
  const counts = [1, 2, 3];
  const dirs = counts.map(() => tempDir('doppel-bench-replica-'));
  const services = [];
  for (const dir of dirs)
    services.push(await startService(dir, 18000 + Math.floor(Math.random() * 2000), { pgUrl: database.url }));
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const phases = Object.fromEntries(counts.map((n) => [n, []]));
  // the (b) phase wrote requests below this
  let from = 1_000_000;
  try {
    // every replica warmed up (JIT, its pool's connections)
    for (const s of services) {
      const p = pool(s.url, 4);
      await httpBatches([p], 4, from, 300);
      from += 300;
      await p.close();
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of counts) {
        const used = services.slice(0, n);
        const cpuBefore = used.map((s) => cpuSeconds(s.child.pid));
        const pgBefore = await pgBackendCpu(admin, database.name);
        const generator = spawn(
          process.execPath,
          [
            path.join(root, 'scripts', 'ingest-load.mjs'),
            '--urls',
            used.map((s) => s.url).join(','),
            '--connections',
            String(REPLICA_CONNECTIONS / n),
            '--from',
            String(from),
            '--requests',
            String(REPLICA_REQUESTS),
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        generator.stdout.on('data', (d) => (out += d));
        // the generator's CPU from /proc just before it exits would miss its last moments;
        // its own count (it prints it) covers the whole run
        const exitCode = await new Promise((r) => generator.once('exit', r));
        if (exitCode !== 0) throw new Error(`load generator exited ${exitCode}`);
        const result = JSON.parse(out.trim().split('\n').pop());
        from += REPLICA_REQUESTS;
        const pgAfter = await pgBackendCpu(admin, database.name);
        const points = REPLICA_REQUESTS * 100;
        const perPoint = (seconds) => (seconds / points) * 1e6;
        phases[n].push({
          pointsPerSecond: result.pointsPerSecond,
          service: perPoint(used.reduce((sum, s, i) => sum + cpuSeconds(s.child.pid) - cpuBefore[i], 0)),
          postgres: perPoint(pgCpuBetween(pgBefore, pgAfter)),
          generator: perPoint(result.cpuSeconds),
          load: load(),
        });
      }
    }
  } finally {
    await admin.end();
    for (const s of services) await s.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  const rows = counts.map((n) => {
    const m = (key) => median(phases[n].map((x) => x[key]));
    return {
      replicas: n,
      'points/s': fmt(m('pointsPerSecond')),
      'each round': phases[n].map((x) => fmt(x.pointsPerSecond)).join(', '),
      'services CPU/point': cpuNote(m('service')),
      'PostgreSQL CPU/point': cpuNote(m('postgres')),
      'load generator CPU/point': cpuNote(m('generator')),
      'CPU/point in all': cpuNote(m('service') + m('postgres') + m('generator')),
      'cores busy': ((m('pointsPerSecond') * (m('service') + m('postgres') + m('generator'))) / 1e6).toFixed(2),
      load: phases[n].map((x) => x.load.toFixed(1)).join(', '),
    };
  });
  const summary = counts.map((n) => ({
    replicas: n,
    pointsPerSecond: Math.round(median(phases[n].map((x) => x.pointsPerSecond))),
    rounds: phases[n].map((x) => Math.round(x.pointsPerSecond)),
    serviceCpuMicrosPerPoint: +median(phases[n].map((x) => x.service)).toFixed(2),
    postgresCpuMicrosPerPoint: +median(phases[n].map((x) => x.postgres)).toFixed(2),
    generatorCpuMicrosPerPoint: +median(phases[n].map((x) => x.generator)).toFixed(2),
  }));
  return { rows, summary };
}

const rows = [];
const notes = [];
const summaries = {};
let replicas;
for (const store of STORES) {
  const database = store === 'postgres' ? await benchDatabase() : undefined;
  try {
    const result = await ingestOn(store, database);
    rows.push(...result.rows);
    notes.push(...result.notes);
    summaries[store] = result.summary;
    if (store === 'postgres' && ROUNDS > 0) replicas = await replicaCurve(database);
  } finally {
    await database?.drop();
  }
}
printTable(rows);
for (const note of notes) console.log(note);
if (replicas) {
  console.log(
    `\n(d) BatchPut 10×10 through replicas of serve --store postgres over one database, ${REPLICA_CONNECTIONS} connections in all from a load generator process, ${fmt(REPLICA_REQUESTS * 100)} points a phase, medians of ${ROUNDS} alternating rounds:`,
  );
  printTable(replicas.rows);
}
console.log(
  `(a, 100) and (b): medians of ${INGEST_ROUNDS} alternating rounds of ${fmt(Math.floor(REQUESTS / INGEST_ROUNDS))} requests; load average ${load().toFixed(2)} on ${machine().cpus} cores: other work on the machine lowers every rate`,
);
console.log(
  JSON.stringify({
    bench: 'ingest',
    machine: machine(),
    ...(STORES.length === 1 ? summaries[STORES[0]] : summaries),
    ...(replicas ? { replicas: replicas.summary } : {}),
    loadAverage: +load().toFixed(2),
  }),
);
