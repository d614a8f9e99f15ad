// Knowledge-graph query benchmark: a generated plant of 100,000 entities (hierarchy 5 deep:
// plant → 10 halls → 100 lines → 1,000 cells → 98,889 machines; relationships `feed` (machine →
// next machine of its cell), `powers` (line → 10 machines of its cells) and `monitors` (30 % of
// machines → a random machine anywhere)), written with raw SQL into the service's tables.
// For each query: latency of ExecuteQuery over HTTP against the built service, and of the
// very SQL the planner emits, run directly with better-sqlite3 in this process, same run;
// plus the query engine in this process (parse, plan, worker thread, result documents) without
// HTTP, to show where the time over the raw SQL goes.
// Options: --entities N (default 100000) --runs N (default 60)
//          --data-dir DIR (keep the generated plant there and reuse it on the next run)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const { openDatabase } = require(path.join(root, 'dist/store/sqlite/database.js'));
const { compileQuery, executeQuery } = require(path.join(root, 'dist/graph-query/executor.js'));
const { SqliteStore } = require(path.join(root, 'dist/store/sqlite/sqlite-store.js'));
const { DEFAULT_LIMITS } = require(path.join(root, 'dist/graph-query/limits.js'));
const { TICK_FUNCTION } = require(path.join(root, 'dist/graph-query/planner.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTITIES = arg('entities', 100_000);
const RUNS = arg('runs', 60);
const WS = 'plant';
const KEY = { id: 'BENCHGRAPHADMIN00001', secret: 'bench-graph-secret-0123456789abcdef012345' };

// deterministic pseudo-random numbers, so every run builds the same plant
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (n) => Math.floor(random() * n);

function generate(file) {
  const db = openDatabase(file);
  const now = Date.now() / 1000;
  const arn = (id) => `arn:aws:iottwinmaker:us-east-1:000000000000:workspace/${WS}/entity/${id}`;
  db.prepare('INSERT INTO workspaces (workspace_id, arn, creation_time, update_time) VALUES (?, ?, ?, ?)').run(
    WS,
    `arn:aws:iottwinmaker:us-east-1:000000000000:workspace/${WS}`,
    now,
    now,
  );
  const entity = db.prepare(
    'INSERT INTO entities (workspace_id, entity_id, entity_name, description, parent_key, arn, creation_time, update_time) VALUES (?, ?, ?, NULL, ?, ?, ?, ?)',
  );
  const component = db.prepare(
    "INSERT INTO components (entity_key, component_name, component_type_id) VALUES (?, 'equipment', 'com.example.machine')",
  );
  const property = db.prepare(
    'INSERT INTO properties (component_key, property_name, definition_json, value_json, plain_value_json) VALUES (?, ?, ?, ?, ?)',
  );
  const relationship = db.prepare(
    'INSERT INTO relationships (property_key, source_entity_key, relationship_name, list_index, target_entity_key, target_entity_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const def = (type) =>
    JSON.stringify({ dataType: { type }, isTimeSeries: false, isRequiredInEntity: false, isExternalId: false });
  const listDef = JSON.stringify({ dataType: { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } } });

  const levels = [1, 10, 100, 1000];
  levels.push(ENTITIES - levels.reduce((a, b) => a + b, 0));
  const names = ['plant', 'hall', 'line', 'cell', 'machine'];
  const byLevel = [];
  const ids = new Map(); // key → id
  const componentOf = new Map();
  db.transaction(() => {
    for (let level = 0; level < levels.length; level++) {
      const keys = [];
      for (let i = 0; i < levels[level]; i++) {
        const id = `${names[level]}-${i}`;
        const parent = level === 0 ? null : byLevel[level - 1][i % levels[level - 1]];
        const key = Number(entity.run(WS, id, id, parent, arn(id), now, now).lastInsertRowid);
        const c = Number(component.run(key).lastInsertRowid);
        property.run(
          c,
          'serial',
          def('STRING'),
          JSON.stringify({ stringValue: `SN-${id}` }),
          JSON.stringify(`SN-${id}`),
        );
        const status = ['ok', 'ok', 'ok', 'warn', 'fault'][pick(5)];
        property.run(c, 'status', def('STRING'), JSON.stringify({ stringValue: status }), JSON.stringify(status));
        const rating = pick(100);
        property.run(c, 'rating', def('INTEGER'), JSON.stringify({ integerValue: rating }), String(rating));
        keys.push(key);
        ids.set(key, id);
        componentOf.set(key, c);
      }
      byLevel.push(keys);
    }
    const machines = byLevel[4];
    const cells = levels[3];
    const relate = (source, name, targets) => {
      const value = { listValue: targets.map((t) => ({ relationshipValue: { targetEntityId: ids.get(t) } })) };
      const plain = targets.map((t) => ({ targetEntityId: ids.get(t) }));
      const p = Number(
        property.run(componentOf.get(source), name, listDef, JSON.stringify(value), JSON.stringify(plain))
          .lastInsertRowid,
      );
      targets.forEach((t, i) => relationship.run(p, source, name, i, t, ids.get(t)));
    };
    // machines i and i + cells share a cell (machines are dealt round-robin to cells)
    for (let i = 0; i + cells < machines.length; i++) relate(machines[i], 'feed', [machines[i + cells]]);
    for (const line of byLevel[2])
      relate(
        line,
        'powers',
        Array.from({ length: 10 }, () => machines[pick(machines.length)]),
      );
    for (const m of machines) if (random() < 0.3) relate(m, 'monitors', [machines[pick(machines.length)]]);
  })();
  const counts = {
    entities: db.prepare('SELECT count(*) FROM entities').pluck().get(),
    properties: db.prepare('SELECT count(*) FROM properties').pluck().get(),
    edges: db.prepare('SELECT count(*) FROM graph_edges').pluck().get(),
  };
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return counts;
}

async function startService(dataDir) {
  const port = 20000 + pick(20000);
  const child = spawn(
    process.execPath,
    [path.join(root, 'dist', 'cli.js'), 'serve', '--port', String(port), '--data-dir', dataDir],
    {
      env: {
        ...process.env,
        DOPPEL_ACCESS_KEY_ID: KEY.id,
        DOPPEL_SECRET_ACCESS_KEY: KEY.secret,
        DOPPEL_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

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
  counts = generate(file);
  console.log(
    `generated ${counts.entities} entities, ${counts.properties} properties, ${counts.edges} edges in ${ms((performance.now() - t) / 1000)} s`,
  );
}

const service = await startService(dataDir);
const raw = new Database(file, { readonly: true });
const engineStore = SqliteStore.open(dataDir, { region: 'us-east-1', accountId: '000000000000' });
raw.function(TICK_FUNCTION, { varargs: true, deterministic: false }, () => 1);
const results = [];
try {
  for (const q of QUERIES) {
    const http = [];
    const direct = [];
    const engine = [];
    let rows = 0;
    for (let i = -5; i < RUNS; i++) {
      const statement = q.statement(i + 5);
      // the same SQL and parameters the service runs for the first page (maxResults 50)
      const { plan } = compileQuery(WS, statement, DEFAULT_LIMITS);
      const sql = `${plan.sql}\nLIMIT @page_limit OFFSET @page_offset`;
      const params = { ...plan.params, page_limit: 51, page_offset: plan.offset };
      const stmt = raw.prepare(sql).raw(true);
      t = performance.now();
      stmt.all(params);
      const rawMs = performance.now() - t;

      t = performance.now();
      await executeQuery(engineStore.graph, { workspaceId: WS, queryStatement: statement }, DEFAULT_LIMITS);
      const engineMs = performance.now() - t;

      t = performance.now();
      const res = await fetch(`${service.url}/queries/execution`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY.id}:${KEY.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workspaceId: WS, queryStatement: statement }),
      });
      const body = await res.json();
      const httpMs = performance.now() - t;
      if (res.status !== 200) throw new Error(`${q.name}: ${res.status} ${JSON.stringify(body)}`);
      if (i >= 0) {
        http.push(httpMs);
        direct.push(rawMs);
        engine.push(engineMs);
        rows += body.rows.length;
      }
    }
    http.sort((a, b) => a - b);
    direct.sort((a, b) => a - b);
    engine.sort((a, b) => a - b);
    results.push({
      query: q.name,
      'rows/page': ms(rows / RUNS),
      'raw SQL p50 ms': ms(percentile(direct, 50)),
      'engine p50 ms': ms(percentile(engine, 50)),
      'ExecuteQuery p50 ms': ms(percentile(http, 50)),
      'ExecuteQuery p95 ms': ms(percentile(http, 95)),
      'p50 ratio': ms(percentile(http, 50) / percentile(direct, 50)),
      'p50 overhead ms': ms(percentile(http, 50) - percentile(direct, 50)),
    });
  }
} finally {
  raw.close();
  await engineStore.close();
  await service.stop();
  if (!keepDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

const widths = Object.keys(results[0]).map((k) => Math.max(k.length, ...results.map((r) => String(r[k]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(Object.keys(results[0])));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of results) console.log(line(Object.values(r)));
console.log(
  JSON.stringify({ bench: 'graph', ...counts, runs: RUNS, cpus: os.cpus().length, node: process.version, results }),
);
