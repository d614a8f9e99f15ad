// Point-read benchmark: requests/s and p99 of GetEntity, GetPropertyValue (5 properties) and
// ListEntities (one page of 25 out of 100 entities), 16 keep-alive connections each, against
// the floor of this HTTP server, GET /healthz, through the same load generator (autocannon, in
// this process; the service runs in its own) in the same run. The read and the floor alternate
// over --rounds and each figure is the median of its rounds, so load from other work on the
// machine falls on both. Target: every read ≥ 0.5 × the floor's requests/s.
// Options: --seconds S (per measurement, default 4) --rounds N (default 3)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import {
  authorization,
  call,
  load,
  machine,
  pool,
  printTable,
  seedModel,
  startService,
  tempDir,
} from './bench-common.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 4);
const ROUNDS = arg('rounds', 3);
const CONNECTIONS = 16;
const ENTITIES = 100;
const PROPERTIES = 10;
const T0 = Date.UTC(2024, 0, 1);

const dataDir = tempDir('doppel-bench-reads-');
const service = await startService(dataDir, 22000 + Math.floor(Math.random() * 2000));

const reads = {
  healthz: { method: 'GET', path: '/healthz' },
  GetEntity: { method: 'GET', path: '/workspaces/bench/entities/e42' },
  GetPropertyValue: {
    method: 'POST',
    path: '/workspaces/bench/entity-properties/value',
    body: JSON.stringify({ entityId: 'e42', componentName: 's', selectedProperties: ['p0', 'p1', 'p2', 'p3', 'p4'] }),
  },
  ListEntities: {
    method: 'POST',
    path: '/workspaces/bench/entities-list',
    body: JSON.stringify({ maxResults: 25 }),
  },
};

/** One autocannon run of `read`: requests/s and latency percentiles (ms); throws on any non-2xx. */
async function measure({ method, path, body }) {
  const result = await autocannon({
    url: service.url + path,
    method,
    body,
    headers: { authorization, 'content-type': 'application/json' },
    connections: CONNECTIONS,
    pipelining: 1,
    duration: SECONDS,
  });
  if (result.non2xx || result.errors)
    throw new Error(`${method} ${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const p = pool(service.url, 4);
  await seedModel(p, 'bench', ENTITIES, PROPERTIES);
  // a value in each time-series property of every entity, so GetPropertyValue answers values
  for (let e = 0; e < ENTITIES; e += 10) {
    const entries = [];
    for (let k = e; k < e + 10; k++) {
      entries.push({
        entityPropertyReference: { entityId: `e${k}`, componentName: 's', propertyName: 'p0' },
        propertyValues: [{ time: new Date(T0).toISOString(), value: { doubleValue: k } }],
      });
    }
    await call(p, 'POST', '/workspaces/bench/entity-properties', { entries });
  }
  for (let j = 1; j < 5; j++) {
    await call(p, 'POST', '/workspaces/bench/entity-properties', {
      entries: [
        {
          entityPropertyReference: { entityId: 'e42', componentName: 's', propertyName: `p${j}` },
          propertyValues: [{ time: new Date(T0).toISOString(), value: { doubleValue: j } }],
        },
      ],
    });
  }
  await p.close();

  // warm-up: JIT and caches, a second each
  for (const read of Object.values(reads))
    await autocannon({
      ...read,
      url: service.url + read.path,
      headers: { authorization, 'content-type': 'application/json' },
      connections: CONNECTIONS,
      duration: 1,
    });

  const runs = Object.fromEntries(Object.keys(reads).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, read] of Object.entries(reads)) {
      if (name === 'healthz') continue;
      runs.healthz.push(await measure(reads.healthz));
      runs[name].push(await measure(read));
    }
  }
  const figure = (name) => ({
    rps: median(runs[name].map((r) => r.rps)),
    p50: median(runs[name].map((r) => r.p50)),
    p99: median(runs[name].map((r) => r.p99)),
  });
  const floor = figure('healthz');
  const rows = [];
  const results = {};
  for (const name of Object.keys(reads)) {
    const f = figure(name);
    const ratio = f.rps / floor.rps;
    results[name] = {
      requestsPerSecond: Math.round(f.rps),
      p50Ms: f.p50,
      p99Ms: f.p99,
      ratioToFloor: +ratio.toFixed(2),
    };
    rows.push({
      read: name,
      'requests/s': Math.round(f.rps).toLocaleString('en-US'),
      'p50 ms': f.p50,
      'p99 ms': f.p99,
      '× floor': name === 'healthz' ? '1 (floor)' : ratio.toFixed(2),
      target: name === 'healthz' ? '' : '≥ 0.5',
    });
  }
  printTable(rows);
  console.log(
    `${CONNECTIONS} connections, ${SECONDS} s a measurement, median of ${ROUNDS} rounds; load average ${load().toFixed(2)} on ${machine().cpus} cores (the load generator shares them)`,
  );
  console.log(
    JSON.stringify({
      bench: 'reads',
      machine: machine(),
      connections: CONNECTIONS,
      results,
      loadAverage: +load().toFixed(2),
      targetsMet: Object.fromEntries(
        Object.entries(results)
          .filter(([name]) => name !== 'healthz')
          .map(([name, r]) => [name, r.ratioToFloor >= 0.5]),
      ),
    }),
  );
} finally {
  await service.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
