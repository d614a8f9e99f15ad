// The history bench on PostgreSQL (bench-history.mjs --store postgres): 1,000 series of 10,000
// points (one per second) written by SQL into a fresh database (DOPPEL_PG_URL, or one created
// on 127.0.0.1:5432 and dropped after), then, in the same loop, GetPropertyValueHistory of a
// 10,000-point window as one page and as 50 pages of 200 over HTTP (request sent → last byte),
// the store's history call in this process (no HTTP), and from a plain `pg` connection in this
// process: the statement the service runs for the page (PgSeriesReader.joinedByNames: the
// page's points joined by string_agg, and whether more lie past it), the same rows fetched one by one, and the same window of a
// minimal table (series, ts, value) keyed by (series, ts). Then the rate of 1,000-point
// queries from 16 connections. The week of bench-history (aggregation) is SQLite only.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  benchDatabase,
  call,
  callBytes,
  iso,
  load,
  machine,
  msSince,
  percentile,
  pgBackendCpu,
  pgCpuBetween,
  pool,
  printTable,
  root,
  seedModel,
  startService,
  T0,
  tempDir,
  threadCpuSeconds,
} from './bench-common.mjs';

const require = createRequire(import.meta.url);

export async function historyOnPostgres({ iterations, seconds, entities = 100, properties = 10, perSeries = 10_000 }) {
  const { PostgresStore } = require(path.join(root, 'dist/store/postgres/postgres-store.js'));
  const { historyQuery } = require(path.join(root, 'dist/model/values/history-query.js'));
  const { PARTITION_MS } = require(path.join(root, 'dist/store/postgres/values/partitions.js'));
  const { joinedSql: joinedStatement } = require(path.join(root, 'dist/store/postgres/values/series-reader.js'));
  const series = entities * properties;
  const database = await benchDatabase();
  const dataDir = tempDir('doppel-bench-history-pg-');
  const service = await startService(dataDir, 20000 + Math.floor(Math.random() * 2000), { pgUrl: database.url });
  const p = pool(service.url, 16);
  const raw = new pg.Client({ connectionString: database.url });
  await raw.connect();
  let store;
  try {
    await seedModel(p, 'bench', entities, properties);
    // the values by SQL, as the service stores them (a point's JSON, its number, a seq each)
    let t = process.hrtime.bigint();
    const index = Math.floor(T0 / PARTITION_MS);
    const from = BigInt(index) * BigInt(PARTITION_MS) * 1_000_000n;
    await raw.query(
      `CREATE TABLE IF NOT EXISTS property_values_p${index} PARTITION OF property_values FOR VALUES FROM (${from}) TO (${from + BigInt(PARTITION_MS) * 1_000_000n})`,
    );
    await raw.query(
      `INSERT INTO value_series (workspace_id, entity_id, component_name, property_name)
       SELECT 'bench', 'e' || e, 's', 'p' || j FROM generate_series(0, ${entities - 1}) e, generate_series(0, ${properties - 1}) j
       ORDER BY j, e`,
    );
    // value k of series id: ((id * 7 + k) % 1000) + 0.5, as bench-history's SQLite store
    await raw.query(
      `INSERT INTO property_values (series_id, time, point, num, seq)
       SELECT s.series_id, (${T0}::bigint + k * 1000) * 1000000,
         '{"time":"' || to_char(to_timestamp((${T0}::bigint + k * 1000) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","value":{"doubleValue":' || (((s.series_id * 7 + k) % 1000) + 0.5) || '}}',
         ((s.series_id * 7 + k) % 1000) + 0.5, nextval('value_seq')
       FROM value_series s, generate_series(0, ${perSeries - 1}) k
       WHERE s.workspace_id = 'bench' ORDER BY s.series_id, k`,
    );
    await raw.query(
      'CREATE TABLE m (series integer NOT NULL, ts bigint NOT NULL, value double precision NOT NULL, PRIMARY KEY (series, ts))',
    );
    await raw.query(
      `INSERT INTO m SELECT series_id, time / 1000000, num FROM property_values ORDER BY series_id, time`,
    );
    await raw.query('VACUUM ANALYZE');
    console.error(
      `seeded ${(series * perSeries).toLocaleString('en-US')} points in PostgreSQL in ${(msSince(t) / 1000).toFixed(1)} s`,
    );

    const ids = new Map(
      (
        await raw.query("SELECT series_id, entity_id, property_name FROM value_series WHERE workspace_id = 'bench'")
      ).rows.map((r) => [`${r.entity_id}/${r.property_name}`, r.series_id]),
    );
    const random = (n) => Math.floor(Math.random() * n);
    const seriesName = (s) => ({
      entityId: `e${s % entities}`,
      componentName: 's',
      selectedProperties: [`p${Math.floor(s / entities)}`],
    });
    const windowOf = (start, count) => ({
      startTime: iso(T0 + start * 1000),
      endTime: iso(T0 + (start + count - 1) * 1000),
    });
    const history = (body) => call(p, 'POST', '/workspaces/bench/entity-properties/history', body);
    const historyBytes = (body) => callBytes(p, 'POST', '/workspaces/bench/entity-properties/history', body);
    const decodeTimes = [];
    store = await PostgresStore.open(database.url, { region: 'us-east-1', accountId: '000000000000' });
    const lastMs = T0 + (perSeries - 1) * 1000;
    // the statement the service runs for a page's first series (PgSeriesReader.joinedByNames,
    // started beside the graph snapshot): its very text, sent as the service sends it
    const joinedSql = joinedStatement(false, 'names');
    const measures = {
      onePage: async (s) => {
        // to the body's last byte: decoding and parsing it are the client's work (timed apart)
        const t0 = process.hrtime.bigint();
        const bytes = await historyBytes({ ...seriesName(s), ...windowOf(0, perSeries), maxResults: 10_000 });
        const elapsed = msSince(t0);
        const t1 = process.hrtime.bigint();
        const text = bytes.toString('utf8');
        decodeTimes.push(msSince(t1));
        const page = JSON.parse(text);
        if (page.propertyValues[0].values.length !== perSeries || page.nextToken)
          throw new Error('one page did not hold the window');
        return elapsed;
      },
      fiftyPages: async (s) => {
        const t0 = process.hrtime.bigint();
        let nextToken;
        let count = 0;
        let pages = 0;
        do {
          const next = JSON.parse(
            await history({ ...seriesName(s), ...windowOf(0, perSeries), maxResults: 200, nextToken }),
          );
          count += next.propertyValues[0]?.values.length ?? 0;
          nextToken = next.nextToken;
          pages++;
        } while (nextToken);
        const elapsed = msSince(t0);
        if (count !== perSeries || pages !== 50) throw new Error(`paging returned ${count} values in ${pages} pages`);
        return elapsed;
      },
      inProcess: async (s) => {
        const t0 = process.hrtime.bigint();
        const page = await store.values.history(
          'bench',
          historyQuery({ ...seriesName(s), ...windowOf(0, perSeries) }),
          {
            limit: 10_000,
          },
        );
        const elapsed = msSince(t0);
        if (!page) throw new Error('no page');
        return elapsed;
      },
      rawJoined: async (s) => {
        const name = seriesName(s);
        const t0 = process.hrtime.bigint();
        const { rows } = await raw.query(joinedSql, [
          T0,
          0,
          lastMs,
          0,
          10_000,
          'bench',
          name.entityId,
          name.componentName,
          name.selectedProperties[0],
        ]);
        const elapsed = msSince(t0);
        if (Number(rows[0].count) !== perSeries) throw new Error('the joined page missed rows');
        return elapsed;
      },
      rawRows: async (s) => {
        const name = seriesName(s);
        const id = ids.get(`${name.entityId}/${name.selectedProperties[0]}`);
        const t0 = process.hrtime.bigint();
        const { rows } = await raw.query(
          'SELECT time, point FROM property_values WHERE series_id = $1 AND time BETWEEN $2 AND $3 ORDER BY time',
          [id, BigInt(T0) * 1_000_000n, BigInt(lastMs) * 1_000_000n],
        );
        const elapsed = msSince(t0);
        if (rows.length !== perSeries) throw new Error('the raw scan missed rows');
        return elapsed;
      },
      minimal: async (s) => {
        const name = seriesName(s);
        const id = ids.get(`${name.entityId}/${name.selectedProperties[0]}`);
        const t0 = process.hrtime.bigint();
        const { rows } = await raw.query(
          'SELECT ts, value FROM m WHERE series = $1 AND ts BETWEEN $2 AND $3 ORDER BY ts',
          [id, T0, lastMs],
        );
        const elapsed = msSince(t0);
        if (rows.length !== perSeries) throw new Error('the minimal scan missed rows');
        return elapsed;
      },
    };
    const names = Object.keys(measures);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    for (let i = -3; i < iterations; i++) {
      const s = random(series);
      // rotate which goes first: none always reads the series' pages into the cache for the others
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + 3 + k) % names.length];
        const elapsed = await measures[name](s);
        if (i >= 0) times[name].push(elapsed);
      }
    }
    const statOf = (samples) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    };
    const stat = (n) => statOf(times[n]);

    // 1,000-point windows from 16 connections; CPU of the service, PostgreSQL's backends and this process
    const threadsBefore = threadCpuSeconds(service.child.pid);
    const pgBefore = await pgBackendCpu(raw, database.name);
    const clientBefore = process.cpuUsage();
    let queries = 0;
    const deadline = Date.now() + seconds * 1000;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (Date.now() < deadline) {
          await history({
            ...seriesName(random(series)),
            ...windowOf(random(perSeries - 1000), 1000),
            maxResults: 1000,
          });
          queries++;
        }
      }),
    );
    const perSecond = queries / (msSince(started) / 1000);
    const threadsAfter = threadCpuSeconds(service.child.pid);
    const pgAfter = await pgBackendCpu(raw, database.name);
    const clientUsage = process.cpuUsage(clientBefore);
    const perQuery = (s) => (s / queries) * 1e6;
    const split = {
      service: perQuery(threadsAfter.main - threadsBefore.main + threadsAfter.others - threadsBefore.others),
      postgres: perQuery(pgCpuBetween(pgBefore, pgAfter)),
      client: perQuery((clientUsage.user + clientUsage.system) / 1e6),
    };

    const one = stat('onePage');
    // the warm-up rounds decoded too: their times come first
    const decode = statOf(decodeTimes.slice(-iterations));
    const joined = stat('rawJoined');
    const minimal = stat('minimal');
    const f = (n) => n.toFixed(2);
    const rows = [
      {
        query: '10,000-point window, one page (HTTP)',
        'p50 ms': f(one.p50),
        'p99 ms': f(one.p99),
        target: `p50 ≤ 2 × raw statement = ${f(2 * joined.p50)} (now ${f(one.p50 / joined.p50)} ×)`,
      },
      {
        query: "  + the load generator's decode of that body",
        'p50 ms': f(decode.p50),
        'p99 ms': f(decode.p99),
        target: `(not in the one-page time; with it ${f((one.p50 + decode.p50) / joined.p50)} ×)`,
      },
      {
        query: '10,000-point window, 50 pages of 200 (HTTP)',
        'p50 ms': f(stat('fiftyPages').p50),
        'p99 ms': f(stat('fiftyPages').p99),
        target: '',
      },
      {
        query: 'the store in-process, one page (no HTTP)',
        'p50 ms': f(stat('inProcess').p50),
        'p99 ms': f(stat('inProcess').p99),
        target: `${f(stat('inProcess').p50 / joined.p50)} × raw statement`,
      },
      {
        query: "raw: the service's page statement (string_agg), pg",
        'p50 ms': f(joined.p50),
        'p99 ms': f(joined.p99),
        target: 'baseline',
      },
      {
        query: 'raw: the same rows one by one, pg',
        'p50 ms': f(stat('rawRows').p50),
        'p99 ms': f(stat('rawRows').p99),
        target: '',
      },
      {
        query: 'minimal table (series, ts, value), same window, pg',
        'p50 ms': f(minimal.p50),
        'p99 ms': f(minimal.p99),
        target: `one page = ${f(one.p50 / minimal.p50)} × this`,
      },
      {
        query: '1,000-point windows, 16 connections (HTTP)',
        'p50 ms': '',
        'p99 ms': '',
        target: `${Math.round(perSecond)} queries/s`,
      },
    ];
    printTable(rows);
    console.log(
      `1,000-point queries, CPU per query: service ${split.service.toFixed(0)} µs, PostgreSQL backends ${split.postgres.toFixed(0)} µs, load generator ${split.client.toFixed(0)} µs`,
    );
    console.log(
      `load average ${load().toFixed(2)} on ${machine().cpus} cores: other work on the machine lowers every rate`,
    );
    console.log(
      JSON.stringify({
        bench: 'history',
        store: 'postgres',
        machine: machine(),
        points: series * perSeries,
        series,
        onePageP50Ms: +f(one.p50),
        onePageP99Ms: +f(one.p99),
        clientDecodeP50Ms: +f(decode.p50),
        fiftyPagesP50Ms: +f(stat('fiftyPages').p50),
        inProcessP50Ms: +f(stat('inProcess').p50),
        rawStatementP50Ms: +f(joined.p50),
        rawRowsP50Ms: +f(stat('rawRows').p50),
        minimalScanP50Ms: +f(minimal.p50),
        onePageToRawStatement: +(one.p50 / joined.p50).toFixed(2),
        onePageToMinimal: +(one.p50 / minimal.p50).toFixed(2),
        thousandPointQueriesPerSecond: Math.round(perSecond),
        thousandPointServiceCpuMicrosPerQuery: Math.round(split.service),
        thousandPointPostgresCpuMicrosPerQuery: Math.round(split.postgres),
        thousandPointClientCpuMicrosPerQuery: Math.round(split.client),
        loadAverage: +load().toFixed(2),
        targetsMet: { onePage: one.p50 <= 2 * joined.p50 },
      }),
    );
  } finally {
    await store?.close();
    await raw.end();
    await p.close();
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}
