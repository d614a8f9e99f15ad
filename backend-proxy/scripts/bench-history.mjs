// History benchmark: a store of 10 million points over 1,000 series (10,000 per series, one
// per second), then GetPropertyValueHistory latency for a 10,000-point window as one page
// and as 50 pages of 200, timed as a client sees it (request sent → last byte), against two
// scans in this process: the same rows of the service's own table, and the baseline the
// one-page target is set against, the same values in a minimal table (series, ts, value)
// keyed by (series, ts) fetched whole by one prepared statement (so the cost of the schema
// itself shows); and the rate of 1,000-point queries from 16 connections.
// The seeded store is kept in $TMPDIR/doppel-bench-history (reused; --fresh rebuilds it).
// Then the week: one series of 7 days at 1 Hz (604,800 points) drawn at 1,000 points. Times, as
// a client sees them, of GetPropertyValueHistory with `aggregation: {avg | minmax | lttb,
// maxPoints: 1000}` against (1) the raw SQL aggregate: the same 15-minute bucket averages over a
// minimal table (series, ts, value REAL) holding the same values, in this process, both by one
// GROUP BY and by the walk of bucket ranges the service runs (the faster is the baseline);
// (2) the service's own statement on its store in this process (no HTTP); (3) reading all
// 604,800 points through the service (61 pages of 10,000). Its store is kept in
// $TMPDIR/doppel-bench-week.
// Options: --iterations N (default 40) --seconds S (throughput phase, default 5) --week-only
//   --store postgres: the one-page, paging and rate measurements on PostgreSQL instead, against
//   the raw `pg` statement the service runs (history-on-postgres.mjs); --series-per-entity N
//   (default 10) makes its store smaller
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  arg,
  call,
  callBytes,
  insertSeries,
  iso,
  load,
  machine,
  median,
  MINIMAL_TABLE,
  msSince,
  percentile,
  pool,
  printTable,
  root,
  seedModel,
  startService,
  T0,
  threadCpuSeconds,
} from './bench-common.mjs';

const require = createRequire(import.meta.url);
// the same build of better-sqlite3 the service loads on this Node
const Database = require(path.join(root, 'dist/store/sqlite/driver.js')).default;

const ITERATIONS = arg('iterations', 40);
const SECONDS = arg('seconds', 5);
const ENTITIES = 100;
const PROPERTIES = 10;
const SERIES = ENTITIES * PROPERTIES;
const PER_SERIES = 10_000;
const dataDir = path.join(os.tmpdir(), 'doppel-bench-history');
const marker = path.join(dataDir, 'seeded');
const minimalFile = path.join(dataDir, 'minimal.db');
/** the value the seed writes at step k of series id */
const valueAt = (id, k) => ((id * 7 + k) % 1000) + 0.5;
const port = 20000 + Math.floor(Math.random() * 2000);

async function seed() {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const service = await startService(dataDir, port);
  const p = pool(service.url, 4);
  await seedModel(p, 'bench', ENTITIES, PROPERTIES);
  await p.close();
  await service.stop();
  // raw inserts for the bulk of the data: series by series, so every insert appends
  const db = new Database(path.join(dataDir, 'doppel.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const series = db.prepare(
    "INSERT INTO value_series (workspace_id, entity_id, component_name, property_name) VALUES ('bench', ?, 's', ?)",
  );
  const started = Date.now();
  let seq = 0;
  db.transaction(() => {
    for (let e = 0; e < ENTITIES; e++) for (let j = 0; j < PROPERTIES; j++) series.run(`e${e}`, `p${j}`);
  })();
  const ids = db
    .prepare("SELECT series_id FROM value_series WHERE workspace_id = 'bench' ORDER BY series_id")
    .pluck()
    .all();
  for (const id of ids) seq = insertSeries(db, id, T0, PER_SERIES, (k) => valueAt(id, k), seq);
  // the service's writer continues the seq from here; a replay covers these points from T0
  db.prepare('INSERT INTO value_commits (last_seq, first_time) VALUES (?, ?)').run(seq, BigInt(T0) * 1_000_000n);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fs.writeFileSync(marker, String(seq));
  console.error(`seeded ${seq.toLocaleString('en-US')} points in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The minimal table: the same series ids, times (epoch ms) and values, nothing else. */
function seedMinimal() {
  fs.rmSync(minimalFile, { force: true });
  const db = new Database(minimalFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.exec(MINIMAL_TABLE);
  const insert = db.prepare('INSERT INTO m (series, ts, value) VALUES (?, ?, ?)');
  const started = Date.now();
  for (let id = 1; id <= SERIES; id++) {
    db.transaction(() => {
      for (let k = 0; k < PER_SERIES; k++) insert.run(id, T0 + k * 1000, valueAt(id, k));
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.error(`seeded the minimal table in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// ---- the week: 7 days at 1 Hz drawn at 1,000 points (see the header)
const WEEK_POINTS = 7 * 86_400;
const weekDir = path.join(os.tmpdir(), 'doppel-bench-week');
const weekMarker = path.join(weekDir, 'seeded');
const weekMinimalFile = path.join(weekDir, 'minimal.db');
const weekValueAt = (k) => Math.round((50 + 40 * Math.sin(k / 3600) + (k % 13) * 0.25) * 4) / 4;
const weekWindow = { startTime: iso(T0), endTime: iso(T0 + (WEEK_POINTS - 1) * 1000) };
const weekSeries = { entityId: 'week', componentName: 's', selectedProperties: ['p0'] };

async function seedWeek(servicePort) {
  fs.rmSync(weekDir, { recursive: true, force: true });
  fs.mkdirSync(weekDir, { recursive: true });
  const service = await startService(weekDir, servicePort);
  const p = pool(service.url, 1);
  await call(p, 'POST', '/workspaces/bench', {});
  await call(p, 'POST', '/workspaces/bench/component-types/bench.sensor', {
    propertyDefinitions: { p0: { dataType: { type: 'DOUBLE' }, isTimeSeries: true } },
  });
  await call(p, 'POST', '/workspaces/bench/entities', {
    entityId: 'week',
    entityName: 'week',
    components: { s: { componentTypeId: 'bench.sensor' } },
  });
  await p.close();
  await service.stop();
  const db = new Database(path.join(weekDir, 'doppel.db'));
  db.pragma('journal_mode = WAL');
  const id = db
    .prepare(
      "INSERT INTO value_series (workspace_id, entity_id, component_name, property_name) VALUES ('bench', 'week', 's', 'p0') RETURNING series_id",
    )
    .pluck()
    .get();
  const seq = insertSeries(db, id, T0, WEEK_POINTS, weekValueAt, 0);
  db.prepare('INSERT INTO value_commits (last_seq, first_time) VALUES (?, ?)').run(seq, BigInt(T0) * 1_000_000n);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const minimal = new Database(weekMinimalFile);
  minimal.pragma('journal_mode = WAL');
  minimal.exec(MINIMAL_TABLE);
  const m = minimal.prepare('INSERT INTO m (series, ts, value) VALUES (1, ?, ?)');
  minimal.transaction(() => {
    for (let k = 0; k < WEEK_POINTS; k++) m.run(T0 + k * 1000, weekValueAt(k));
  })();
  minimal.pragma('wal_checkpoint(TRUNCATE)');
  minimal.close();
  fs.writeFileSync(weekMarker, 'seeded');
}

/** Runs the week measurements; returns table rows and a JSON summary. */
async function historyWeek({ iterations = 9, servicePort = 24000 + Math.floor(Math.random() * 1000) } = {}) {
  if (process.argv.includes('--fresh') || !fs.existsSync(weekMarker)) await seedWeek(servicePort);
  const minimal = new Database(weekMinimalFile, { readonly: true });
  const width = 900_000; // what maxPoints 1000 picks for a week: 15-minute buckets (672 of them)
  const weekEnd = T0 + (WEEK_POINTS - 1) * 1000;
  // two ways to the same averages: GROUP BY sorts the window's bucket keys; the walk reads
  // each bucket's range by the primary key (the service's plan), which SQLite runs faster here
  const minimalGroupBy = minimal.prepare(
    `SELECT ts - ts % ${width} AS b, avg(value) FROM m WHERE series = 1 AND ts BETWEEN @from AND @to GROUP BY b ORDER BY b`,
  );
  const minimalWalk = minimal.prepare(
    `WITH RECURSIVE buckets(b) AS (SELECT @from - @from % ${width} UNION ALL SELECT b + ${width} FROM buckets WHERE b + ${width} <= @to),
     spans(b, lo, hi) AS (SELECT b, max(b, @from), min(b + ${width}, @to + 1) FROM buckets)
     SELECT b, (SELECT avg(value) FROM m WHERE series = 1 AND ts >= lo AND ts < hi) AS a FROM spans WHERE a IS NOT NULL`,
  );
  const { SqliteStore } = require(path.join(root, 'dist/store/sqlite/sqlite-store.js'));
  const { historyQuery } = require(path.join(root, 'dist/model/values/history-query.js'));

  const service = await startService(weekDir, servicePort + 1);
  const p = pool(service.url, 1);
  const times = { avg: [], minmax: [], lttb: [], groupBy: [], walk: [], store: [], all: [] };
  try {
    const history = (body) => call(p, 'POST', '/workspaces/bench/entity-properties/history', body);
    const aggregated = async (fn) => {
      const t = process.hrtime.bigint();
      const text = await history({
        ...weekSeries,
        ...weekWindow,
        maxResults: 10_000,
        aggregation: { function: fn, maxPoints: 1000 },
      });
      const elapsed = msSince(t);
      const values = JSON.parse(text).propertyValues[0].values;
      if (values.length > 1000 || values.length < 600) throw new Error(`${fn} answered ${values.length} values`);
      return { elapsed, values };
    };
    await aggregated('avg'); // warm-up: JIT and page cache
    const store = SqliteStore.open(weekDir, { region: 'us-east-1', accountId: '000000000000' });
    const agree = (rows, values, how) => {
      if (rows.length !== values.length || Math.abs(rows[5][1] - values[5].value.doubleValue) > 1e-9)
        throw new Error(`the minimal aggregate (${how}) and the service disagree`);
    };
    for (let i = 0; i < iterations; i++) {
      const avg = await aggregated('avg');
      times.avg.push(avg.elapsed);
      times.minmax.push((await aggregated('minmax')).elapsed);
      times.lttb.push((await aggregated('lttb')).elapsed);

      let t = process.hrtime.bigint();
      const grouped = minimalGroupBy.raw(true).all({ from: T0, to: weekEnd });
      times.groupBy.push(msSince(t));
      agree(grouped, avg.values, 'GROUP BY');

      t = process.hrtime.bigint();
      const walked = minimalWalk.raw(true).all({ from: T0, to: weekEnd });
      times.walk.push(msSince(t));
      agree(walked, avg.values, 'walk');

      t = process.hrtime.bigint();
      const query = historyQuery({ ...weekSeries, ...weekWindow, aggregation: { function: 'avg', maxPoints: 1000 } });
      await store.values.history('bench', query, { limit: 10_000 });
      times.store.push(msSince(t));
    }
    await store.close();
    // every point through the service, as the data source read them before: fewer runs, it is slow
    for (let i = 0; i < Math.min(3, iterations); i++) {
      const t = process.hrtime.bigint();
      let nextToken;
      let count = 0;
      do {
        const page = JSON.parse(await history({ ...weekSeries, ...weekWindow, maxResults: 10_000, nextToken }));
        count += page.propertyValues[0]?.values.length ?? 0;
        nextToken = page.nextToken;
      } while (nextToken);
      times.all.push(msSince(t));
      if (count !== WEEK_POINTS) throw new Error(`read ${count} of ${WEEK_POINTS} points`);
    }
  } finally {
    await p.close();
    await service.stop();
    minimal.close();
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const raw = Math.min(m.groupBy, m.walk);
  const f = (n) => n.toFixed(1);
  const rows = [
    {
      query: 'week at 1 Hz → 1,000 points: avg (HTTP)',
      'p50 ms': f(m.avg),
      'p99 ms': '',
      target: `≤ 1.5 × raw SQL aggregate: ${(m.avg / raw).toFixed(2)} ×`,
    },
    {
      query: 'week → 1,000 points: minmax (HTTP)',
      'p50 ms': f(m.minmax),
      'p99 ms': '',
      target: `${(m.minmax / raw).toFixed(2)} × raw SQL aggregate`,
    },
    {
      query: 'week → 1,000 points: lttb (HTTP)',
      'p50 ms': f(m.lttb),
      'p99 ms': '',
      target: `${(m.lttb / raw).toFixed(2)} × raw SQL aggregate`,
    },
    {
      query: 'raw SQL aggregate: bucket walk over (series, ts, value REAL)',
      'p50 ms': f(m.walk),
      'p99 ms': '',
      target: m.walk <= m.groupBy ? 'baseline' : '',
    },
    {
      query: 'raw SQL aggregate: GROUP BY over the same table',
      'p50 ms': f(m.groupBy),
      'p99 ms': '',
      target: m.groupBy < m.walk ? 'baseline' : '',
    },
    {
      query: "the service's avg statement on its store, no HTTP",
      'p50 ms': f(m.store),
      'p99 ms': '',
      target: `HTTP adds ${(m.avg / m.store).toFixed(2)} ×`,
    },
    {
      query: 'week: all 604,800 points through the service',
      'p50 ms': f(m.all),
      'p99 ms': '',
      target: `avg answers ${f(m.all / m.avg)} × faster`,
    },
  ];
  const summary = {
    weekAvgMs: +f(m.avg),
    weekMinmaxMs: +f(m.minmax),
    weekLttbMs: +f(m.lttb),
    weekRawSqlWalkMs: +f(m.walk),
    weekRawSqlGroupByMs: +f(m.groupBy),
    weekStoreAvgMs: +f(m.store),
    weekAllPointsMs: +f(m.all),
    weekAvgToRawSqlAggregate: +(m.avg / raw).toFixed(2),
    weekAllPointsToAvg: +(m.all / m.avg).toFixed(1),
  };
  return { rows, summary, met: m.avg <= 1.5 * raw };
}

if (process.argv.includes('--store') && process.argv[process.argv.indexOf('--store') + 1] === 'postgres') {
  const { historyOnPostgres } = await import('./history-on-postgres.mjs');
  await historyOnPostgres({ iterations: ITERATIONS, seconds: SECONDS, properties: arg('series-per-entity', 10) });
  process.exit(0);
}
const week = await historyWeek();
if (process.argv.includes('--week-only')) {
  printTable(week.rows);
  console.log(`load average ${load().toFixed(2)} on ${machine().cpus} cores`);
  console.log(
    JSON.stringify({
      bench: 'history',
      machine: machine(),
      ...week.summary,
      loadAverage: +load().toFixed(2),
      targetsMet: { week: week.met },
    }),
  );
  process.exit(0);
}

if (process.argv.includes('--fresh') || !fs.existsSync(marker)) await seed();
if (!fs.existsSync(minimalFile)) seedMinimal();

const random = (n) => Math.floor(Math.random() * n);
const seriesName = (s) => ({
  entityId: `e${s % ENTITIES}`,
  componentName: 's',
  selectedProperties: [`p${Math.floor(s / ENTITIES)}`],
});
const ms = msSince;
const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

// raw: the same rows by a range scan on a separate connection in this process
const raw = new Database(path.join(dataDir, 'doppel.db'), { readonly: true });
const rawScan = raw.prepare(
  'SELECT time, point FROM property_values WHERE series_id = ? AND time BETWEEN ? AND ? ORDER BY time',
);
// the baseline: the minimal table, its rows fetched whole (as better-sqlite3 gives them)
const minimal = new Database(minimalFile, { readonly: true });
const minimalScanSql = 'SELECT ts, value FROM m WHERE series = ? AND ts BETWEEN ? AND ? ORDER BY ts';
const minimalScan = minimal.prepare(minimalScanSql);
// the same with rows as arrays, better-sqlite3's cheapest form: the stricter of the two baselines
const minimalArrays = minimal.prepare(minimalScanSql).raw(true);
const seriesIdOf = raw
  .prepare("SELECT series_id FROM value_series WHERE workspace_id = 'bench' AND entity_id = ? AND property_name = ?")
  .pluck();

const service = await startService(dataDir, port);
const p = pool(service.url, 16);
try {
  const history = (body) => call(p, 'POST', '/workspaces/bench/entity-properties/history', body);
  const historyBytes = (body) => callBytes(p, 'POST', '/workspaces/bench/entity-properties/history', body);
  const windowOf = (from, count) => ({
    startTime: iso(T0 + from * 1000),
    endTime: iso(T0 + (from + count - 1) * 1000),
  });

  // warm-up: JIT and page cache
  for (let i = 0; i < 10; i++)
    await history({ ...seriesName(random(SERIES)), ...windowOf(0, PER_SERIES), maxResults: 10_000 });

  const onePage = [];
  const decodeTimes = [];
  const fiftyPages = [];
  const rawTimes = [];
  const minimalTimes = [];
  const minimalArrayTimes = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const s = random(SERIES);
    const name = seriesName(s);
    const window = windowOf(0, PER_SERIES);

    // timed until the whole body has arrived; decoding and parsing it are the client's business
    let t = process.hrtime.bigint();
    const bytes = await historyBytes({ ...name, ...window, maxResults: 10_000 });
    onePage.push(ms(t));
    t = process.hrtime.bigint();
    const text = bytes.toString('utf8');
    decodeTimes.push(ms(t));
    const page = JSON.parse(text);
    if (page.propertyValues[0].values.length !== PER_SERIES || page.nextToken)
      throw new Error('one page did not hold the window');

    t = process.hrtime.bigint();
    let nextToken;
    let count = 0;
    let pages = 0;
    do {
      const next = JSON.parse(await history({ ...name, ...window, maxResults: 200, nextToken })); // a client needs the token
      count += next.propertyValues[0]?.values.length ?? 0;
      nextToken = next.nextToken;
      pages++;
    } while (nextToken);
    fiftyPages.push(ms(t));
    if (count !== PER_SERIES || pages !== 50) throw new Error(`paging returned ${count} values in ${pages} pages`);

    const id = seriesIdOf.get(name.entityId, name.selectedProperties[0]);
    t = process.hrtime.bigint();
    const rows = rawScan.all(id, BigInt(T0) * 1_000_000n, BigInt(T0 + (PER_SERIES - 1) * 1000) * 1_000_000n);
    rawTimes.push(ms(t));
    if (rows.length !== PER_SERIES) throw new Error('raw scan missed rows');

    t = process.hrtime.bigint();
    const minimalRows = minimalScan.all(id, T0, T0 + (PER_SERIES - 1) * 1000);
    minimalTimes.push(ms(t));
    if (minimalRows.length !== PER_SERIES || minimalRows[1].value !== valueAt(id, 1))
      throw new Error('minimal scan missed rows');

    t = process.hrtime.bigint();
    const arrays = minimalArrays.all(id, T0, T0 + (PER_SERIES - 1) * 1000);
    minimalArrayTimes.push(ms(t));
    if (arrays.length !== PER_SERIES) throw new Error('minimal scan missed rows');
  }

  // the service's CPU per one-page read, back to back on one connection: on a busy machine
  // wall-clock latency mostly measures the neighbours, CPU time much less so
  const ONE_PAGE_CPU_RUNS = 100;
  const cpuBefore = threadCpuSeconds(service.child.pid);
  for (let i = 0; i < ONE_PAGE_CPU_RUNS; i++)
    await history({ ...seriesName(random(SERIES)), ...windowOf(0, PER_SERIES), maxResults: 10_000 });
  const cpuAfter = threadCpuSeconds(service.child.pid);
  const onePageCpu = ((cpuAfter.main - cpuBefore.main) / ONE_PAGE_CPU_RUNS) * 1e6;

  // throughput of 1,000-point windows from 16 connections
  let queries = 0;
  const deadline = Date.now() + SECONDS * 1000;
  // reads run on the service's main thread: its CPU per query bounds the rate
  const threadsBefore = threadCpuSeconds(service.child.pid);
  const clientBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (Date.now() < deadline) {
        await history({
          ...seriesName(random(SERIES)),
          ...windowOf(random(PER_SERIES - 1000), 1000),
          maxResults: 1000,
        });
        queries++;
      }
    }),
  );
  const perSecond = queries / (ms(started) / 1000);
  const threadsAfter = threadCpuSeconds(service.child.pid);
  const clientUsage = process.cpuUsage(clientBefore);
  const perQuery = (seconds) => (seconds / queries) * 1e6;
  const querySplit = {
    main: perQuery(threadsAfter.main - threadsBefore.main),
    others: perQuery(threadsAfter.others - threadsBefore.others),
    client: perQuery((clientUsage.user + clientUsage.system) / 1e6),
  };

  // the same queries straight into the service's store in this process (no HTTP): what the
  // storage layer allows on one thread, apart from transport and the load generator
  const { SqliteStore } = require(path.join(root, 'dist/store/sqlite/sqlite-store.js'));
  const { historyQuery } = require(path.join(root, 'dist/model/values/history-query.js'));
  const store = SqliteStore.open(dataDir, { region: 'us-east-1', accountId: '000000000000' });
  let direct = 0;
  const directStarted = process.hrtime.bigint();
  while (ms(directStarted) < SECONDS * 1000) {
    const from = random(PER_SERIES - 1000);
    const query = historyQuery({ ...seriesName(random(SERIES)), ...windowOf(from, 1000) });
    await store.values.history('bench', query, { limit: 1000 });
    direct++;
  }
  const directPerSecond = direct / (ms(directStarted) / 1000);
  await store.close();

  const one = stats(onePage);
  const decode = stats(decodeTimes);
  const fifty = stats(fiftyPages);
  const rawStats = stats(rawTimes);
  const minimalStats = stats(minimalTimes);
  const minimalArrayStats = stats(minimalArrayTimes);
  const f = (n) => n.toFixed(2);
  printTable([
    {
      query: '10,000-point window, one page (maxResults 10000)',
      'p50 ms': f(one.p50),
      'p99 ms': f(one.p99),
      target: `p50 ≤ 2 × minimal = ${f(2 * minimalStats.p50)} (now ${f(one.p50 / minimalStats.p50)} ×)`,
    },
    {
      query: "  + the load generator's decode of that body",
      'p50 ms': f(decode.p50),
      'p99 ms': f(decode.p99),
      target: '(not in the one-page time)',
    },
    { query: '10,000-point window, 50 pages of 200', 'p50 ms': f(fifty.p50), 'p99 ms': f(fifty.p99), target: '' },
    {
      query: 'minimal table (series, ts, value), same window',
      'p50 ms': f(minimalStats.p50),
      'p99 ms': f(minimalStats.p99),
      target: 'baseline',
    },
    {
      query: 'minimal table, rows as arrays (.raw())',
      'p50 ms': f(minimalArrayStats.p50),
      'p99 ms': f(minimalArrayStats.p99),
      target: `one page = ${f(one.p50 / minimalArrayStats.p50)} × this`,
    },
    {
      query: 'the service table scanned raw, same rows',
      'p50 ms': f(rawStats.p50),
      'p99 ms': f(rawStats.p99),
      target: '',
    },
    {
      query: '1,000-point windows, 16 connections',
      'p50 ms': '',
      'p99 ms': '',
      target: `${Math.round(perSecond)} queries/s (≥ 2,000)`,
    },
    {
      query: '1,000-point windows, store in-process (no HTTP)',
      'p50 ms': '',
      'p99 ms': '',
      target: `${Math.round(directPerSecond)} queries/s (one thread)`,
    },
    ...week.rows,
  ]);
  console.log(
    `10,000-point one-page read, service main thread CPU per request: ${onePageCpu.toFixed(0)} µs (${ONE_PAGE_CPU_RUNS} back to back)`,
  );
  console.log(
    `1,000-point queries, CPU per query: service main thread ${querySplit.main.toFixed(0)} µs, service other threads ${querySplit.others.toFixed(0)} µs, load generator ${querySplit.client.toFixed(0)} µs`,
  );
  console.log(
    `load average ${load().toFixed(2)} on ${machine().cpus} cores: other work on the machine lowers every rate`,
  );
  console.log(
    JSON.stringify({
      bench: 'history',
      machine: machine(),
      points: SERIES * PER_SERIES,
      series: SERIES,
      onePageP50Ms: +f(one.p50),
      onePageP99Ms: +f(one.p99),
      clientDecodeP50Ms: +f(decode.p50),
      fiftyPagesP50Ms: +f(fifty.p50),
      fiftyPagesP99Ms: +f(fifty.p99),
      rawScanP50Ms: +f(rawStats.p50),
      rawScanP99Ms: +f(rawStats.p99),
      minimalScanP50Ms: +f(minimalStats.p50),
      minimalScanP99Ms: +f(minimalStats.p99),
      onePageToMinimal: +(one.p50 / minimalStats.p50).toFixed(2),
      minimalArrayScanP50Ms: +f(minimalArrayStats.p50),
      onePageToMinimalArrays: +(one.p50 / minimalArrayStats.p50).toFixed(2),
      onePageToRaw: +(one.p50 / rawStats.p50).toFixed(2),
      onePageMainThreadCpuMicros: Math.round(onePageCpu),
      thousandPointQueriesPerSecond: Math.round(perSecond),
      thousandPointStoreQueriesPerSecond: Math.round(directPerSecond),
      thousandPointMainThreadCpuMicrosPerQuery: Math.round(querySplit.main),
      thousandPointClientCpuMicrosPerQuery: Math.round(querySplit.client),
      ...week.summary,
      loadAverage: +load().toFixed(2),
      targetsMet: { onePage: one.p50 <= 2 * minimalStats.p50, thousandPointRate: perSecond >= 2000, week: week.met },
    }),
  );
} finally {
  await p.close();
  await service.stop();
  raw.close();
  minimal.close();
}
