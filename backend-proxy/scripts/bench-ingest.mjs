// Ingest benchmark: points/s for (a) raw better-sqlite3 upserts into the same table in this
// process (the ceiling), (b) HTTP BatchPutPropertyValues, 10 entries × 10 values per request,
// from 16 concurrent connections, (c) the bulk NDJSON path.
// Options: --requests N (b, default 15000) --bulk-points N (c, default 1000000) --raw-points N (default 1000000)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  call,
  cpuSeconds,
  load,
  machine,
  pool,
  printTable,
  root,
  seedModel,
  startService,
  tempDir,
  threadCpuSeconds,
} from './bench-common.mjs';

const require = createRequire(import.meta.url);
const { openDatabase } = require(path.join(root, 'dist/store/sqlite/database.js'));
const { WRITER_PRAGMAS } = require(path.join(root, 'dist/store/sqlite/values/batch-writer.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 15_000);
const BULK_POINTS = arg('bulk-points', 1_000_000);
const RAW_POINTS = arg('raw-points', 1_000_000);
const ENTITIES = 100;
const PROPERTIES = 10;
const CONNECTIONS = 16;
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms) => new Date(ms).toISOString();

// (a) the ceiling: the same upsert the service runs, same schema and the same connection
// settings as the service's writer (a smaller cache or more frequent checkpoints would make
// the ceiling lower than the service can reach), in this process
function rawIngest(points, perTransaction) {
  const dir = tempDir('doppel-bench-raw-');
  const db = openDatabase(path.join(dir, 'raw.db'));
  for (const pragma of WRITER_PRAGMAS) db.pragma(pragma);
  db.prepare("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)").run();
  const series = db.prepare(
    "INSERT INTO value_series (workspace_id, entity_id, component_name, property_name) VALUES ('w', ?, 's', ?)",
  );
  for (let i = 0; i < ENTITIES; i++) for (let j = 0; j < PROPERTIES; j++) series.run(`e${i}`, `p${j}`);
  const upsert = db.prepare(
    `INSERT INTO property_values (series_id, time, point, seq, num) VALUES (?, CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER), ?, ?, ?)
     ON CONFLICT (series_id, time) DO UPDATE SET point = excluded.point, seq = excluded.seq, num = excluded.num`,
  );
  // and, like the service's writer, one value_commits row per transaction
  const commit = db.prepare(
    'INSERT INTO value_commits (last_seq, first_time) VALUES (?, CAST(? AS INTEGER) * 1000000)',
  );
  let seq = 0;
  const write = db.transaction((from, to) => {
    for (let n = from; n < to; n++) {
      const ms = T0 + Math.floor(n / 1000) * 1000;
      upsert.run((n % 1000) + 1, ms, 0, `{"time":"${iso(ms)}","value":{"doubleValue":${n * 0.5}}}`, ++seq, n * 0.5);
    }
    commit.run(seq, T0 + Math.floor(from / 1000) * 1000);
  });
  const started = process.hrtime.bigint();
  for (let n = 0; n < points; n += perTransaction) write(n, Math.min(points, n + perTransaction));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return points / seconds;
}

function batchBody(r) {
  // request r: 10 series of block r % 100, 10 consecutive seconds of round r / 100
  const block = r % 100;
  const base = T0 + Math.floor(r / 100) * 10_000;
  // the ten times are the same for every entry: formatting them once keeps the load
  // generator's share of the two cores small
  const times = Array.from({ length: 10 }, (_, v) => iso(base + v * 1000));
  const entries = [];
  for (let k = 0; k < 10; k++) {
    const s = block * 10 + k;
    const values = [];
    for (let v = 0; v < 10; v++) values.push(`{"time":"${times[v]}","value":{"doubleValue":${(r + v) * 0.25}}}`);
    entries.push(
      `{"entityPropertyReference":{"entityId":"e${s % ENTITIES}","componentName":"s","propertyName":"p${Math.floor(s / ENTITIES)}"},"propertyValues":[${values.join(',')}]}`,
    );
  }
  return `{"entries":[${entries.join(',')}]}`;
}

async function httpBatches(p, requests) {
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < requests) {
        const r = next++;
        const text = await call(p, 'POST', '/workspaces/bench/entity-properties', batchBody(r));
        if (text !== '{"errorEntries":[]}') failed++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (failed) throw new Error(`${failed} BatchPut requests reported errorEntries`);
  return { pointsPerSecond: (requests * 100) / seconds, requestsPerSecond: requests / seconds };
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

const raw100 = rawIngest(RAW_POINTS, 100);
const raw10k = rawIngest(RAW_POINTS, 10_000);
const ceiling = Math.max(raw100, raw10k);

const serviceDir = tempDir('doppel-bench-ingest-');
const service = await startService(serviceDir, 18000 + Math.floor(Math.random() * 2000));
const p = pool(service.url, CONNECTIONS);
try {
  await seedModel(p, 'bench', ENTITIES, PROPERTIES);
  await httpBatches(p, 500); // warm-up (JIT, caches)
  // service CPU per point (all its threads) is steadier than wall-clock rates on a shared box
  let cpu = cpuSeconds(service.child.pid);
  const threadsBefore = threadCpuSeconds(service.child.pid);
  const clientBefore = process.cpuUsage();
  const batches = await httpBatches(p, REQUESTS);
  const batchCpuMicros = ((cpuSeconds(service.child.pid) - cpu) / (REQUESTS * 100)) * 1e6;
  // where (b)'s CPU goes: HTTP, JSON and checks on the main thread; SQLite in the writer
  // thread; and the load generator, which shares the same two cores
  const threadsAfter = threadCpuSeconds(service.child.pid);
  const clientUsage = process.cpuUsage(clientBefore);
  const perPoint = (seconds) => (seconds / (REQUESTS * 100)) * 1e6;
  const batchSplit = {
    main: perPoint(threadsAfter.main - threadsBefore.main),
    others: perPoint(threadsAfter.others - threadsBefore.others),
    client: perPoint((clientUsage.user + clientUsage.system) / 1e6),
  };
  cpu = cpuSeconds(service.child.pid);
  const bulkRate = await bulk(p, BULK_POINTS, 10_000, 2);
  const bulkCpuMicros = ((cpuSeconds(service.child.pid) - cpu) / BULK_POINTS) * 1e6;

  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const cpuNote = (micros) => `${micros.toFixed(1)} µs`;
  printTable([
    { path: '(a) raw upserts, 100 per transaction', 'points/s': fmt(raw100), 'service CPU/point': '', target: '' },
    {
      path: '(a) raw upserts, 10,000 per transaction',
      'points/s': fmt(raw10k),
      'service CPU/point': '',
      target: 'ceiling',
    },
    {
      path: `(b) HTTP BatchPut 10×10, ${CONNECTIONS} connections`,
      'points/s': fmt(batches.pointsPerSecond),
      'service CPU/point': cpuNote(batchCpuMicros),
      target: '≥ 150,000',
    },
    {
      path: '(c) HTTP bulk NDJSON, 10,000 per request',
      'points/s': fmt(bulkRate),
      'service CPU/point': cpuNote(bulkCpuMicros),
      target: `≥ ${fmt(ceiling / 2)} (0.5 × a)`,
    },
  ]);
  console.log(
    `(b) CPU per point: service main thread ${batchSplit.main.toFixed(1)} µs, service other threads (value writer, GC) ${batchSplit.others.toFixed(1)} µs, load generator ${batchSplit.client.toFixed(1)} µs`,
  );
  console.log(
    `load average ${load().toFixed(2)} on ${machine().cpus} cores: other work on the machine lowers every rate`,
  );
  console.log(
    JSON.stringify({
      bench: 'ingest',
      machine: machine(),
      rawPointsPerSecond100: Math.round(raw100),
      rawPointsPerSecond10k: Math.round(raw10k),
      batchPutPointsPerSecond: Math.round(batches.pointsPerSecond),
      batchPutRequestsPerSecond: Math.round(batches.requestsPerSecond),
      bulkPointsPerSecond: Math.round(bulkRate),
      bulkToRawRatio: Math.round((bulkRate / ceiling) * 100) / 100,
      batchPutServiceCpuMicrosPerPoint: +batchCpuMicros.toFixed(2),
      batchPutMainThreadCpuMicrosPerPoint: +batchSplit.main.toFixed(2),
      batchPutOtherThreadsCpuMicrosPerPoint: +batchSplit.others.toFixed(2),
      batchPutClientCpuMicrosPerPoint: +batchSplit.client.toFixed(2),
      bulkServiceCpuMicrosPerPoint: +bulkCpuMicros.toFixed(2),
      loadAverage: +load().toFixed(2),
      targetsMet: { batchPut: batches.pointsPerSecond >= 150_000, bulk: bulkRate >= 0.5 * ceiling },
    }),
  );
} finally {
  await p.close();
  await service.stop();
  fs.rmSync(serviceDir, { recursive: true, force: true });
}
