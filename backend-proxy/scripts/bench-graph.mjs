// Knowledge-graph query benchmark over a generated plant of 100,000 entities and about 230,000
// edges (graph-plant.mjs).
// For each query, in the same run (the order rotates each run): the planner's match SQL alone,
// the raw statements the service runs for the page (rows, then documents) on a plain
// better-sqlite3 connection in this process, executeQuery in this process (no HTTP), and
// ExecuteQuery over HTTP against the built service; the legend printed under the table says
// what each column includes. An empty-result query, and the steps every query pays measured
// alone (compile, worker round trip, HTTP with and without auth), show the fixed costs.
// Options: --entities N (default 100000) --runs N (default 200)
//          --data-dir DIR (keep the generated plant there and reuse it on the next run)
//          --profile DIR (the service runs under node --cpu-prof and writes its profile to DIR;
//          run the bench itself with node --cpu-prof to profile the in-process engine)
//          --only TEXT (only the queries whose name contains TEXT)
//          --store sqlite|postgres|both (default sqlite): postgres copies the same plant into a
//          fresh PostgreSQL database (migrate-store; DOPPEL_PG_URL, or one created on
//          127.0.0.1:5432 and dropped after) and measures the same columns there, raw being the
//          service's two statements on a plain `pg` client; both prints the stores side by side
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { authorization, benchDatabase, cpuSeconds, startService } from './bench-common.mjs';
import { generatePlant } from './graph-plant.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// the same build of better-sqlite3 the service loads on this Node
const Database = require(path.join(root, 'dist/store/sqlite/driver.js')).default;
const { checkQuery } = require(path.join(root, 'dist/graph-query/check.js'));
const { executeQuery } = require(path.join(root, 'dist/http/execute-query.js'));
const { SqliteStore } = require(path.join(root, 'dist/store/sqlite/sqlite-store.js'));
const { DEFAULT_LIMITS } = require(path.join(root, 'dist/graph-query/limits.js'));
const graphSql = path.join(root, 'dist/store/graph-sql');
const { planQuery } = require(path.join(graphSql, 'planner.js'));
const { documentsStatement, pageCells, rowsStatement: rowsIn } = require(path.join(graphSql, 'row-documents.js'));
const { documentKeys } = require(path.join(graphSql, 'page-rows.js'));
const backEnd = path.join(root, 'dist/store/sqlite/graph-query');
const { TICK_FUNCTION } = require(path.join(backEnd, 'deadline.js'));
const { sqliteDialect } = require(path.join(backEnd, 'sqlite-dialect.js'));
const { PostgresStore } = require(path.join(root, 'dist/store/postgres/postgres-store.js'));
const { pgDialect } = require(path.join(root, 'dist/store/postgres/graph-query/pg-dialect.js'));
const { bindNamed } = require(path.join(root, 'dist/store/postgres/graph-query/named-params.js'));
const DOCUMENTS_STATEMENT = documentsStatement(sqliteDialect);
const rowsStatement = (plan) => rowsIn(plan, sqliteDialect);
const PG_DOCUMENTS_STATEMENT = documentsStatement(pgDialect);

/** parse, check and plan: what the service does before it runs a query */
const compileQuery = (workspaceId, statement, limits, dialect = sqliteDialect) => ({
  plan: planQuery(checkQuery(statement, limits).ast, workspaceId, limits, dialect),
});
const storeArg = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : 'sqlite';
if (!['sqlite', 'postgres', 'both'].includes(storeArg)) {
  console.error(`--store ${storeArg}: sqlite, postgres or both`);
  process.exit(2);
}
const STORES = storeArg === 'both' ? ['sqlite', 'postgres'] : [storeArg];

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTITIES = arg('entities', 100_000);
const RUNS = arg('runs', 200);
const WS = 'plant';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const profileDir = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : undefined;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (x) => Math.round(x * 100) / 100;

const QUERIES = [
  {
    name: '3-hop (iot-app-kit, undirected)',
    statement: (i) =>
      `SELECT e1, r1, e2, r2, e3, r3, e4 FROM EntityGraph MATCH (e1)-[r1]-(e2)-[r2]-(e3)-[r3]-(e4) WHERE e1.entityId = 'machine-${(i * 7919) % 98000}'`,
  },
  {
    name: '{1,10} reachability',
    statement: (i) =>
      `SELECT COUNT(e) FROM EntityGraph MATCH (m)-[]->{1,10}(e) WHERE m.entityId = 'machine-${(i * 7919) % 98000}'`,
  },
  {
    name: 'property filter',
    statement: (i) =>
      `SELECT e FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyName = 'serial' AND p.propertyValue = 'SN-machine-${(i * 7919) % 98000}'`,
  },
  {
    // nothing matches: what every request costs whatever the query (parse, plan, worker, HTTP)
    name: 'empty result',
    statement: (i) =>
      `SELECT e FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyName = 'serial' AND p.propertyValue = 'SN-none-${i}'`,
  },
  {
    name: 'descendants of a line',
    statement: (i) =>
      `SELECT COUNT(e) FROM EntityGraph MATCH (e)-[:isChildOf]->{1,10}(l) WHERE l.entityId = 'line-${i % 100}'`,
  },
];

const keepDir = process.argv.includes('--data-dir') ? process.argv[process.argv.indexOf('--data-dir') + 1] : undefined;
const dataDir = keepDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-bench-graph-'));
const file = path.join(dataDir, 'doppel.db');
let t = performance.now();
let counts;
if (keepDir && fs.existsSync(file)) {
  const db = new Database(file, { readonly: true });
  counts = {
    entities: db.prepare('SELECT count(*) FROM entities').pluck().get(),
    properties: db.prepare('SELECT count(*) FROM properties').pluck().get(),
    edges: db.prepare('SELECT count(*) FROM graph_edges').pluck().get(),
  };
  db.close();
} else {
  fs.mkdirSync(dataDir, { recursive: true });
  counts = generatePlant(file, { entities: ENTITIES, workspaceId: WS });
  console.log(
    `generated ${counts.entities} entities, ${counts.properties} properties, ${counts.edges} edges in ${ms((performance.now() - t) / 1000)} s`,
  );
}

// PostgreSQL: the same plant, copied by migrate-store into the bench's database
const pgDatabase = STORES.includes('postgres') ? await benchDatabase() : undefined;
if (pgDatabase) {
  const check = new pg.Client({ connectionString: pgDatabase.url });
  await check.connect();
  const present = await check
    .query('SELECT 1 FROM workspaces WHERE workspace_id = $1', [WS])
    .then((r) => r.rowCount > 0)
    .catch(() => false); // a fresh database has no tables yet
  await check.end();
  if (!present) {
    t = performance.now();
    const copy = spawnSync(
      process.execPath,
      [
        path.join(root, 'dist', 'cli.js'),
        'migrate-store',
        '--from',
        `sqlite:${dataDir}`,
        '--to',
        `postgres:${pgDatabase.url}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (copy.status !== 0) throw new Error(`migrate-store into ${pgDatabase.name} failed (${copy.status})`);
    // statistics and visibility maps, as autovacuum would leave them in a while
    const analyze = new pg.Client({ connectionString: pgDatabase.url });
    await analyze.connect();
    await analyze.query('VACUUM ANALYZE');
    await analyze.end();
    console.log(`copied the plant into PostgreSQL (${pgDatabase.name}) in ${ms((performance.now() - t) / 1000)} s`);
  }
}

const cpuMs = (pid) => cpuSeconds(pid) * 1000;
const request = { workspaceId: WS };
const arn = { region: 'us-east-1', accountId: '000000000000' };

/** The store's service, engine and measurements; close() stops them. */
async function setUp(store) {
  const service = await startService(dataDir, 20000 + Math.floor(Math.random() * 20000), {
    profileDir,
    pgUrl: store === 'postgres' ? pgDatabase.url : undefined,
  });
  const client = new Pool(service.url, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const engineStore =
    store === 'postgres' ? await PostgresStore.open(pgDatabase.url, arn) : SqliteStore.open(dataDir, arn);
  const common = {
    // in-process: executeQuery in this process: parse, plan, the store's read, response text
    'in-process': async (statement) => {
      const t0 = performance.now();
      const body = await executeQuery(engineStore, { ...request, queryStatement: statement }, DEFAULT_LIMITS);
      const ms = performance.now() - t0;
      return { ms, rows: JSON.parse(body).rows.length };
    },
    // HTTP: POST /queries/execution on the service (kept-alive connection), to the whole body
    HTTP: async (statement) => {
      const t0 = performance.now();
      const res = await client.request({
        method: 'POST',
        path: '/queries/execution',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ ...request, queryStatement: statement }),
      });
      const text = await res.body.text();
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${text.slice(0, 300)}`);
      return { ms, rows: JSON.parse(text).rows.length };
    },
  };
  const httpSteps = {
    'HTTP GET /healthz (no auth, no store)': async () => {
      const t0 = performance.now();
      const res = await client.request({ method: 'GET', path: '/healthz' });
      await res.body.text();
      return performance.now() - t0;
    },
    'HTTP GET /workspaces/plant (auth, one store read)': async () => {
      const t0 = performance.now();
      const res = await client.request({ method: 'GET', path: `/workspaces/${WS}`, headers: { authorization } });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`GET /workspaces/${WS}: ${res.statusCode}`);
      return performance.now() - t0;
    },
  };
  const emptyStatement = QUERIES.find((q) => q.name === 'empty result').statement(0);
  const stop = async () => {
    await client.close();
    await engineStore.close();
    await service.stop();
  };
  if (store === 'sqlite') {
    // a plain connection, as a program using SQLite directly would have one
    const raw = new Database(file, { readonly: true });
    raw.function(TICK_FUNCTION, { varargs: true, deterministic: false }, () => 1);
    const rawStatements = new Map();
    const prepared = (sql) => {
      if (!rawStatements.has(sql)) rawStatements.set(sql, raw.prepare(sql).raw(true));
      return rawStatements.get(sql);
    };
    return {
      service,
      // Each measurement, for one statement (the first page, maxResults 50 → LIMIT 51):
      measures: {
        // the match alone, keys and values as the planner selects them (no documents): what the
        // query costs before any result is rendered
        'match SQL': async (statement) => {
          const { plan } = compileQuery(WS, statement, DEFAULT_LIMITS);
          const params = { ...plan.params, page_limit: 51, page_offset: plan.offset };
          const stmt = prepared(`${plan.sql}\nLIMIT @page_limit OFFSET @page_offset`);
          const t0 = performance.now();
          const rows = stmt.all(params);
          return { ms: performance.now() - t0, rows: rows.length };
        },
        // raw: the statements the service runs for the page, on the plain connection, fetching every
        // row: the result rows, then the documents of the entities and edges they name (their keys
        // collected in between); compiled beforehand, timed from the first bind to the last row
        raw: async (statement) => {
          const { plan } = compileQuery(WS, statement, DEFAULT_LIMITS);
          const params = { ...plan.params, page_limit: 51, page_offset: plan.offset };
          const stmt = prepared(rowsStatement(plan));
          const documents = prepared(DOCUMENTS_STATEMENT);
          const cells = pageCells(plan);
          const t0 = performance.now();
          const rows = stmt.all(params);
          const keys = documentKeys(rows, cells);
          if (keys) documents.all({ workspace: WS, ...keys });
          return { ms: performance.now() - t0, rows: rows.length };
        },
        ...common,
      },
      steps: {
        'compile (parse, plan, page statement text)': async () => {
          const t0 = performance.now();
          rowsStatement(compileQuery(WS, emptyStatement, DEFAULT_LIMITS).plan);
          return performance.now() - t0;
        },
        'worker round trip (SELECT of one constant)': async () => {
          const t0 = performance.now();
          const documents = { sql: DOCUMENTS_STATEMENT, params: { workspace: WS } };
          await engineStore.graph.runner.run("SELECT CAST('1' AS BLOB)", {}, [0], documents, 10_000);
          return performance.now() - t0;
        },
        ...httpSteps,
      },
      async close() {
        raw.close();
        await stop();
      },
    };
  }
  // a plain `pg` connection in this process; its statements are sent as the service sends
  // them (unnamed: parsed and planned on every run), with the session settings the service
  // gives its graph reads (see pg-page-reader.ts)
  const raw = new pg.Client({ connectionString: pgDatabase.url });
  await raw.connect();
  // a plan gone wrong fails the bench instead of stalling it (the service's limit is 10 s)
  await raw.query('SET statement_timeout = 60000');
  const run = async (sql, params) => (await raw.query({ ...bindNamed(sql, params), rowMode: 'array' })).rows;
  return {
    service,
    measures: {
      'match SQL': async (statement) => {
        const { plan } = compileQuery(WS, statement, DEFAULT_LIMITS, pgDialect);
        const params = { ...plan.params, page_limit: 51, page_offset: plan.offset };
        const sql = `${plan.sql}\nLIMIT @page_limit OFFSET @page_offset`;
        const t0 = performance.now();
        const rows = await run(sql, params);
        return { ms: performance.now() - t0, rows: rows.length };
      },
      raw: async (statement) => {
        const { plan } = compileQuery(WS, statement, DEFAULT_LIMITS, pgDialect);
        const params = { ...plan.params, page_limit: 51, page_offset: plan.offset };
        const sql = rowsIn(plan, pgDialect);
        const cells = pageCells(plan);
        const t0 = performance.now();
        const rows = await run(sql, params);
        const keys = documentKeys(rows, cells);
        if (keys) await run(PG_DOCUMENTS_STATEMENT, { workspace: WS, ...keys });
        return { ms: performance.now() - t0, rows: rows.length };
      },
      ...common,
    },
    steps: {
      'compile (parse, plan, page statement text)': async () => {
        const t0 = performance.now();
        rowsIn(compileQuery(WS, emptyStatement, DEFAULT_LIMITS, pgDialect).plan, pgDialect);
        return performance.now() - t0;
      },
      'pool round trip (read-only transaction, SELECT 1)': async () => {
        const t0 = performance.now();
        const c = await engineStore.db.pool.connect();
        try {
          await c.query('BEGIN READ ONLY');
          await c.query('SELECT 1');
          await c.query('COMMIT');
        } finally {
          c.release();
        }
        return performance.now() - t0;
      },
      ...httpSteps,
    },
    async close() {
      await raw.end();
      await stop();
    },
  };
}

const results = [];
const fixed = [];
try {
  for (const store of STORES) {
    const { service, measures, steps, close } = await setUp(store);
    const names = Object.keys(measures);
    try {
      for (const q of QUERIES.filter((q) => !only || q.name.includes(only))) {
        const times = Object.fromEntries(names.map((n) => [n, []]));
        let rows = 0;
        const cpuBefore = cpuMs(service.child.pid);
        for (let i = -5; i < RUNS; i++) {
          const statement = q.statement(i + 5);
          // rotate which goes first, so none always pays for reading the pages into the OS cache
          for (let k = 0; k < names.length; k++) {
            const name = names[(i + 5 + k) % names.length];
            const m = await measures[name](statement).catch((e) => {
              throw new Error(`${store}, ${q.name}, ${name}: ${e.message}`);
            });
            if (i >= 0) times[name].push(m.ms);
            if (i >= 0 && name === 'HTTP') rows += m.rows;
          }
        }
        for (const n of names) times[n].sort((a, b) => a - b);
        const p = (n, at) => percentile(times[n], at);
        results.push({
          query: q.name,
          store,
          'rows/page': ms(rows / RUNS),
          'match SQL p50': ms(p('match SQL', 50)),
          'raw p50': ms(p('raw', 50)),
          'raw p99': ms(p('raw', 99)),
          'in-process p50': ms(p('in-process', 50)),
          'in-process p99': ms(p('in-process', 99)),
          'HTTP p50': ms(p('HTTP', 50)),
          'HTTP p99': ms(p('HTTP', 99)),
          'in-process/raw': ms(p('in-process', 50) / p('raw', 50)),
          'HTTP/raw': ms(p('HTTP', 50) / p('raw', 50)),
          'HTTP-raw ms': ms(p('HTTP', 50) - p('raw', 50)),
          // the service serves only this query's requests meanwhile (all threads, 10 ms ticks)
          'service CPU/request': ms((cpuMs(service.child.pid) - cpuBefore) / (RUNS + 5)),
        });
      }
      // what every query pays whatever it does, each step alone
      for (const [step, measure] of Object.entries(steps)) {
        const times = [];
        for (let i = -5; i < RUNS; i++) {
          const t = await measure();
          if (i >= 0) times.push(t);
        }
        times.sort((a, b) => a - b);
        fixed.push({ step, store, 'p50 ms': ms(percentile(times, 50)), 'p99 ms': ms(percentile(times, 99)) });
      }
    } finally {
      await close();
    }
  }
} finally {
  if (!keepDir) fs.rmSync(dataDir, { recursive: true, force: true });
  await pgDatabase?.drop();
}

function printTable(rows) {
  const widths = Object.keys(rows[0]).map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(Object.keys(rows[0])));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(Object.values(r)));
}
// the stores side by side: each query's rows together
const order = QUERIES.map((q) => q.name);
results.sort((a, b) => order.indexOf(a.query) - order.indexOf(b.query));
printTable(results);
console.log(`ms over ${RUNS} runs of each query (first page, maxResults 50); load average ${os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')} on ${os.cpus().length} cpus
  match SQL   the planner's match alone (keys and values, no documents), plain connection in this process
  raw         the statements the service runs for the page, on a plain connection in this process, all
              rows fetched: the result rows (match + rendered cells), then the documents of the entities
              and edges they name; SQLite: compiled beforehand; PostgreSQL: sent unnamed as the
              service sends them (parsed and planned each time), no transaction around them
  in-process  executeQuery in this process: parse, plan, the store's read (SQLite: a worker thread;
              PostgreSQL: a pooled connection, a read-only transaction with statement_timeout), body
  HTTP        POST /queries/execution to the service (one kept-alive connection): auth, the above, the
              response body received
  in-process/raw, HTTP/raw: ratios of the p50s; HTTP-raw ms: the p50 difference
  service CPU/request: CPU the service process used (all threads) per request of the query, mean;
              HTTP p50 above it is time spent waiting, mostly for threads to be woken and scheduled
              (PostgreSQL's backend CPU is not in it)
Fixed costs, each step alone (compare with the empty-result row):`);
printTable(fixed);
console.log(
  JSON.stringify({
    bench: 'graph',
    stores: STORES,
    ...counts,
    runs: RUNS,
    cpus: os.cpus().length,
    loadavg: os.loadavg(),
    node: process.version,
    results,
    fixed,
  }),
);
