// The history bench's week: one series of 7 days at 1 Hz (604,800 points) drawn at 1,000
// points. Times, as a client sees them (request sent → last byte), GetPropertyValueHistory with
// `aggregation: {avg | minmax | lttb, maxPoints: 1000}` against (1) the raw SQL aggregate: the
// same 15-minute bucket averages by one GROUP BY over a minimal table (series, ts, value REAL)
// holding the same values, in this process; (2) the service's own statement run on its store in
// this process (no HTTP); (3) reading all 604,800 points through the service (61 pages of 10,000).
// The seeded store is kept in $TMPDIR/doppel-bench-week (reused; --fresh rebuilds it).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, pool, root, startService } from './bench-common.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const WEEK_POINTS = 7 * 86_400;
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms) => new Date(ms).toISOString();
const dataDir = path.join(os.tmpdir(), 'doppel-bench-week');
const marker = path.join(dataDir, 'seeded');
const minimalFile = path.join(dataDir, 'minimal.db');
const valueAt = (k) => Math.round((50 + 40 * Math.sin(k / 3600) + (k % 13) * 0.25) * 4) / 4;
const window = { startTime: iso(T0), endTime: iso(T0 + (WEEK_POINTS - 1) * 1000) };
const series = { entityId: 'week', componentName: 's', selectedProperties: ['p0'] };

async function seed(port) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const service = await startService(dataDir, port);
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
  const db = new Database(path.join(dataDir, 'doppel.db'));
  db.pragma('journal_mode = WAL');
  const id = db
    .prepare(
      "INSERT INTO value_series (workspace_id, entity_id, component_name, property_name) VALUES ('bench', 'week', 's', 'p0') RETURNING series_id",
    )
    .pluck()
    .get();
  const insert = db.prepare('INSERT INTO property_values (series_id, time, point, seq) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let k = 0; k < WEEK_POINTS; k++) {
      const ms = T0 + k * 1000;
      insert.run(id, BigInt(ms) * 1_000_000n, `{"time":"${iso(ms)}","value":{"doubleValue":${valueAt(k)}}}`, k + 1);
    }
  })();
  db.prepare('INSERT INTO value_commits (last_seq, first_time) VALUES (?, ?)').run(
    WEEK_POINTS,
    BigInt(T0) * 1_000_000n,
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const minimal = new Database(minimalFile);
  minimal.pragma('journal_mode = WAL');
  minimal.exec(
    'CREATE TABLE m (series INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (series, ts)) WITHOUT ROWID',
  );
  const m = minimal.prepare('INSERT INTO m (series, ts, value) VALUES (1, ?, ?)');
  minimal.transaction(() => {
    for (let k = 0; k < WEEK_POINTS; k++) m.run(T0 + k * 1000, valueAt(k));
  })();
  minimal.pragma('wal_checkpoint(TRUNCATE)');
  minimal.close();
  fs.writeFileSync(marker, 'seeded');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const since = (t) => Number(process.hrtime.bigint() - t) / 1e6;

/** Runs the week measurements; returns table rows and a JSON summary. */
export async function historyWeek({ iterations = 9, port = 24000 + Math.floor(Math.random() * 1000) } = {}) {
  if (process.argv.includes('--fresh') || !fs.existsSync(marker)) await seed(port);
  const minimal = new Database(minimalFile, { readonly: true });
  const width = 900_000; // what maxPoints 1000 picks for a week: 15-minute buckets (672 of them)
  const minimalAggregate = minimal.prepare(
    `SELECT ts - ts % ${width} AS b, avg(value) FROM m WHERE series = 1 AND ts BETWEEN ? AND ? GROUP BY b ORDER BY b`,
  );
  const { SqliteStore } = require(path.join(root, 'dist/store/sqlite/sqlite-store.js'));
  const { historyQuery } = require(path.join(root, 'dist/model/values/history-query.js'));

  const service = await startService(dataDir, port + 1);
  const p = pool(service.url, 1);
  const times = { avg: [], minmax: [], lttb: [], minimal: [], store: [], all: [] };
  try {
    const history = (body) => call(p, 'POST', '/workspaces/bench/entity-properties/history', body);
    const aggregated = async (fn) => {
      const t = process.hrtime.bigint();
      const text = await history({
        ...series,
        ...window,
        maxResults: 10_000,
        aggregation: { function: fn, maxPoints: 1000 },
      });
      const elapsed = since(t);
      const values = JSON.parse(text).propertyValues[0].values;
      if (values.length > 1000 || values.length < 600) throw new Error(`${fn} answered ${values.length} values`);
      return { elapsed, values };
    };
    await aggregated('avg'); // warm-up: JIT and page cache
    const store = SqliteStore.open(dataDir, { region: 'us-east-1', accountId: '000000000000' });
    for (let i = 0; i < iterations; i++) {
      const avg = await aggregated('avg');
      times.avg.push(avg.elapsed);
      times.minmax.push((await aggregated('minmax')).elapsed);
      times.lttb.push((await aggregated('lttb')).elapsed);

      let t = process.hrtime.bigint();
      const rows = minimalAggregate.all(T0, T0 + (WEEK_POINTS - 1) * 1000);
      times.minimal.push(since(t));
      if (rows.length !== avg.values.length || Math.abs(rows[5][1] - avg.values[5].value.doubleValue) > 1e-9)
        throw new Error('the minimal aggregate and the service disagree');

      t = process.hrtime.bigint();
      const query = historyQuery({ ...series, ...window, aggregation: { function: 'avg', maxPoints: 1000 } });
      await store.values.history('bench', query, { limit: 10_000 });
      times.store.push(since(t));
    }
    await store.close();
    // every point through the service, as the data source read them before: fewer runs, it is slow
    for (let i = 0; i < Math.min(3, iterations); i++) {
      const t = process.hrtime.bigint();
      let nextToken;
      let count = 0;
      do {
        const page = JSON.parse(await history({ ...series, ...window, maxResults: 10_000, nextToken }));
        count += page.propertyValues[0]?.values.length ?? 0;
        nextToken = page.nextToken;
      } while (nextToken);
      times.all.push(since(t));
      if (count !== WEEK_POINTS) throw new Error(`read ${count} of ${WEEK_POINTS} points`);
    }
  } finally {
    await p.close();
    await service.stop();
    minimal.close();
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const f = (n) => n.toFixed(1);
  const rows = [
    {
      query: 'week at 1 Hz → 1,000 points: avg (HTTP)',
      'p50 ms': f(m.avg),
      'p99 ms': '',
      target: `≤ 1.5 × raw SQL aggregate: ${f(m.avg / m.minimal)} ×`,
    },
    {
      query: 'week → 1,000 points: minmax (HTTP)',
      'p50 ms': f(m.minmax),
      'p99 ms': '',
      target: `${f(m.minmax / m.minimal)} × raw SQL aggregate`,
    },
    {
      query: 'week → 1,000 points: lttb (HTTP)',
      'p50 ms': f(m.lttb),
      'p99 ms': '',
      target: `${f(m.lttb / m.minimal)} × raw SQL aggregate`,
    },
    {
      query: 'raw SQL aggregate: GROUP BY over (series, ts, value REAL)',
      'p50 ms': f(m.minimal),
      'p99 ms': '',
      target: 'baseline',
    },
    {
      query: "the service's avg statement on its store, no HTTP",
      'p50 ms': f(m.store),
      'p99 ms': '',
      target: `HTTP adds ${f(m.avg / m.store)} ×`,
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
    weekRawSqlAggregateMs: +f(m.minimal),
    weekStoreAvgMs: +f(m.store),
    weekAllPointsMs: +f(m.all),
    weekAvgToRawSqlAggregate: +(m.avg / m.minimal).toFixed(2),
    weekAllPointsToAvg: +(m.all / m.avg).toFixed(1),
  };
  return { rows, summary, met: m.avg <= 1.5 * m.minimal };
}
