// Alarms benchmark: a site of --entities machine entities (default 100,000, under 100 line entities),
// one in ten with a doppel.alarm.threshold alarm on its temperature (> 80, hysteresis 2, severity
// 1–5), built in this process through the store (store.entities.create, store.values.bulkPut),
// then served by the built service.
// (1) Ingest over HTTP, bulk NDJSON (10,000 points a request, 2 connections) and BatchPut (10 × 10,
//     16 connections): the same points into the watched `temperature` series of the alarm
//     machines (every point evaluated, some raising or clearing) against their unwatched
//     `pressure` series, in alternating rounds; medians of the rounds (target: with ≥ 0.8 × without).
// (2) Listing every ACTIVE alarm (--active of them, default 1,000) through GET
//     /doppel/workspaces/{id}/alarms?status=ACTIVE&maxResults=1000 (following nextToken), against
//     the raw SQL that answers it on a plain better-sqlite3 connection in this process, in
//     alternating runs; p50 of each (target: ≤ 1.5 × raw and < 100 ms).
// Options: --entities N --active N --runs N (listing, default 60) --rounds N (ingest, default 3)
//          --points N (per ingest round and side, default 200000)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  call,
  cpuSeconds,
  load,
  machine,
  percentile,
  pool,
  printTable,
  root,
  startService,
  tempDir,
} from './bench-common.mjs';

const require = createRequire(import.meta.url);
// the same build of better-sqlite3 the service loads on this Node
const Database = require(path.join(root, 'dist/store/sqlite/driver.js')).default;
const { SqliteStore } = require(path.join(root, 'dist/store/sqlite/sqlite-store.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTITIES = arg('entities', 100_000);
const ACTIVE = arg('active', 1_000);
const RUNS = arg('runs', 60);
const ROUNDS = arg('rounds', 3);
const POINTS = arg('points', 200_000);
const WS = 'bench';
const LINES = 100;
const ALARM_EVERY = 10;
const ALARMS = Math.floor(ENTITIES / ALARM_EVERY);
const T0 = Date.UTC(2025, 0, 1);
const iso = (ms) => new Date(ms).toISOString();
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ms2 = (x) => Math.round(x * 100) / 100;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const machineId = (i) => `m${i}`;
const alarmMachine = (k) => machineId(k * ALARM_EVERY); // the k-th machine with an alarm

/** The site through the store's own paths, so the rows are exactly what the service writes. */
async function buildSite(dataDir) {
  const store = SqliteStore.open(dataDir, { region: 'us-east-1', accountId: '000000000000' });
  try {
    await store.workspaces.create(WS, { description: 'alarms bench' });
    await store.componentTypes.create(WS, 'bench.machine', {
      propertyDefinitions: {
        temperature: { dataType: { type: 'DOUBLE' }, isTimeSeries: true },
        pressure: { dataType: { type: 'DOUBLE' }, isTimeSeries: true },
      },
    });
    for (let l = 0; l < LINES; l++) await store.entities.create(WS, { entityId: `line${l}`, entityName: `Line ${l}` });
    for (let i = 0; i < ENTITIES; i++) {
      const components = { s: { componentTypeId: 'bench.machine' } };
      if (i % ALARM_EVERY === 0) {
        components.Hot = {
          componentTypeId: 'doppel.alarm.threshold',
          properties: {
            sourceComponent: { value: { stringValue: 's' } },
            sourceProperty: { value: { stringValue: 'temperature' } },
            operator: { value: { stringValue: '>' } },
            threshold: { value: { doubleValue: 80 } },
            hysteresis: { value: { doubleValue: 2 } },
            severity: { value: { integerValue: 1 + (i % 5) } },
            alarm_message: { value: { stringValue: `machine ${i} runs hot` } },
          },
        };
      }
      await store.entities.create(WS, {
        entityId: machineId(i),
        entityName: `Machine ${i}`,
        parentEntityId: `line${i % LINES}`,
        components,
      });
    }
    // a first value everywhere (the series exist, as on a site that has been running)
    const first = [];
    for (let i = 0; i < ENTITIES; i++) {
      for (const propertyName of ['temperature', 'pressure'])
        first.push({
          entityId: machineId(i),
          componentName: 's',
          propertyName,
          time: iso(T0),
          value: { doubleValue: 60 },
        });
    }
    const result = await store.values.bulkPut(WS, first);
    if (result.rejected) throw new Error(`seed values: ${result.errors[0]?.errorMessage}`);
  } finally {
    await store.close();
  }
}

/** Round r's points for the alarm machines' `propertyName`: `POINTS` of them, 1 s apart per series. */
function roundBodies(r, propertyName) {
  const bodies = [];
  const perSeries = Math.ceil(POINTS / ALARMS);
  let lines = [];
  for (let step = 0; step < perSeries; step++) {
    const time = iso(T0 + (1 + r * perSeries + step) * 1000);
    for (let k = 0; k < ALARMS; k++) {
      // a slow wave around 70 that crosses the threshold now and then (each series about twice in
      // 125 values): some values raise an alarm, some clear one
      const v = 70 + 12 * Math.sin((r * perSeries + step) / 20 + k) + (k % 7) * 0.1;
      lines.push(
        `{"entityId":"${alarmMachine(k)}","componentName":"s","propertyName":"${propertyName}","time":"${time}","value":{"doubleValue":${v.toFixed(2)}}}`,
      );
      if (lines.length === 10_000) {
        bodies.push(lines.join('\n'));
        lines = [];
      }
    }
  }
  if (lines.length) bodies.push(lines.join('\n'));
  return bodies;
}

async function bulk(p, bodies) {
  let next = 0;
  let accepted = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < bodies.length) {
        const text = await call(
          p,
          'POST',
          `/doppel/workspaces/${WS}/values:bulk`,
          bodies[next++],
          'application/x-ndjson',
        );
        accepted += JSON.parse(text).accepted;
      }
    }),
  );
  return accepted / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** BatchPut 10 entries × 10 values from 16 connections: `requests` requests of round r. */
async function batchPut(p, r, propertyName, requests) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < requests) {
        const q = next++;
        const entries = [];
        for (let e = 0; e < 10; e++) {
          const k = (q * 10 + e) % ALARMS;
          // the series' own sequence of values, in time order: ten more on each pass over the alarms
          const pass = r * requests + Math.floor((q * 10) / ALARMS);
          const base = T0 + 10_000_000 + pass * 10_000;
          const values = [];
          for (let v = 0; v < 10; v++)
            values.push(
              `{"time":"${iso(base + v * 1000)}","value":{"doubleValue":${(70 + 12 * Math.sin((pass * 10 + v) / 20 + k)).toFixed(2)}}}`,
            );
          entries.push(
            `{"entityPropertyReference":{"entityId":"${alarmMachine(k)}","componentName":"s","propertyName":"${propertyName}"},"propertyValues":[${values.join(',')}]}`,
          );
        }
        const text = await call(p, 'POST', `/workspaces/${WS}/entity-properties`, `{"entries":[${entries.join(',')}]}`);
        if (text !== '{"errorEntries":[]}') throw new Error(`BatchPut: ${text.slice(0, 200)}`);
      }
    }),
  );
  return (requests * 100) / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** The raw SQL that answers "every ACTIVE alarm of the workspace, by severity then since", with what a record shows. */
const RAW_SQL = `
  SELECT e.entity_id, e.entity_name, c.component_name, c.component_type_id, s.status, s.since_ms,
    s.source_json, s.snoozed_until_ms,
    (SELECT json_group_object(p.property_name, json(p.value_json)) FROM properties p
     WHERE p.component_key = c.component_key AND p.value_json IS NOT NULL) AS props,
    (SELECT CAST(p.value_json ->> '$.integerValue' AS INTEGER) FROM properties p
     WHERE p.component_key = c.component_key AND p.property_name = 'severity') AS severity
  FROM alarm_states s JOIN components c ON c.component_key = s.component_key
  JOIN entities e ON e.entity_key = c.entity_key
  WHERE s.workspace_id = ? AND s.status = 'ACTIVE'
  ORDER BY severity DESC, s.since_ms DESC, e.entity_id, c.component_name`;

async function listAll(p) {
  const alarms = [];
  let token;
  do {
    const q = `status=ACTIVE&maxResults=1000${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`;
    const body = JSON.parse(await call(p, 'GET', `/doppel/workspaces/${WS}/alarms?${q}`));
    alarms.push(...body.alarms);
    token = body.nextToken;
  } while (token);
  return alarms;
}

const dataDir = tempDir('doppel-bench-alarms-');
const building = process.hrtime.bigint();
await buildSite(dataDir);
const buildSeconds = Number(process.hrtime.bigint() - building) / 1e9;
console.log(`site built in ${buildSeconds.toFixed(1)} s: ${fmt(ENTITIES)} entities, ${fmt(ALARMS)} alarms`);

const service = await startService(dataDir, 18000 + Math.floor(Math.random() * 2000));
const p = pool(service.url, 16);
const raw = new Database(path.join(dataDir, 'doppel.db'), { readonly: true });
// the service's read settings (store/sqlite/values.ts), so the raw side reads as fast as it does
raw.pragma('cache_size = -65536');
raw.pragma('mmap_size = 2147418112');
try {
  // warm-up: JIT, caches, the writer's alarm map
  await bulk(p, roundBodies(100, 'temperature').slice(0, 2));
  await bulk(p, roundBodies(100, 'pressure').slice(0, 2));

  const rates = { bulkWith: [], bulkWithout: [], batchWith: [], batchWithout: [] };
  // service CPU per point (all its threads): steadier than wall-clock rates on a shared machine
  const cpu = { With: 0, Without: 0 };
  const points = { With: 0, Without: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    // alternate which side goes first, so drift on a shared machine falls on both
    const sides = r % 2 === 0 ? ['pressure', 'temperature'] : ['temperature', 'pressure'];
    for (const side of sides) {
      const key = side === 'temperature' ? 'With' : 'Without';
      const bodies = roundBodies(r, side);
      const before = cpuSeconds(service.child.pid);
      rates[`bulk${key}`].push(await bulk(p, bodies));
      rates[`batch${key}`].push(await batchPut(p, r, side, 1_000));
      cpu[key] += cpuSeconds(service.child.pid) - before;
      points[key] += bodies.reduce((n, b) => n + b.split('\n').length, 0) + 100_000;
    }
  }
  const transitions = raw.prepare('SELECT count(*) FROM alarm_events').pluck().get();

  // the listing's state: the first ACTIVE alarm machines hot, every other alarm machine cool
  const finalTime = iso(T0 + 100_000_000);
  const finalLines = [];
  for (let k = 0; k < ALARMS; k++)
    finalLines.push(
      `{"entityId":"${alarmMachine(k)}","componentName":"s","propertyName":"temperature","time":"${finalTime}","value":{"doubleValue":${k < ACTIVE ? 95 : 50}}}`,
    );
  for (let i = 0; i < finalLines.length; i += 10_000) await bulk(p, [finalLines.slice(i, i + 10_000).join('\n')]);

  const rawStmt = raw.prepare(RAW_SQL);
  // what any listing costs over HTTP whatever it holds (auth, routing, a round trip): an empty one
  const emptyTimes = [];
  for (let i = 0; i < 20; i++) {
    const started = process.hrtime.bigint();
    await call(p, 'GET', `/doppel/workspaces/${WS}/alarms?status=SNOOZE_DISABLED`);
    emptyTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  emptyTimes.sort((a, b) => a - b);
  const httpTimes = [];
  const rawTimes = [];
  let listed = 0;
  let rawRows = 0;
  for (let i = 0; i < RUNS + 5; i++) {
    const order = i % 2 === 0 ? ['http', 'raw'] : ['raw', 'http'];
    for (const side of order) {
      const started = process.hrtime.bigint();
      if (side === 'http') listed = (await listAll(p)).length;
      else rawRows = rawStmt.all(WS).length;
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (i >= 5) (side === 'http' ? httpTimes : rawTimes).push(elapsed); // the first runs warm up
    }
  }
  if (listed !== ACTIVE || rawRows !== ACTIVE)
    throw new Error(`expected ${ACTIVE} ACTIVE alarms, listed ${listed}, raw ${rawRows}`);
  httpTimes.sort((a, b) => a - b);
  rawTimes.sort((a, b) => a - b);
  const httpP50 = percentile(httpTimes, 50);
  const rawP50 = percentile(rawTimes, 50);

  const bulkWith = median(rates.bulkWith);
  const bulkWithout = median(rates.bulkWithout);
  const batchWith = median(rates.batchWith);
  const batchWithout = median(rates.batchWithout);
  printTable([
    {
      measure: `list all ${fmt(ACTIVE)} ACTIVE alarms, HTTP (pages of 1,000)`,
      value: `p50 ${ms2(httpP50)} ms, p95 ${ms2(percentile(httpTimes, 95))} ms`,
      target: `≤ ${ms2(1.5 * rawP50)} ms (1.5 × raw) and < 100 ms`,
    },
    { measure: '  the raw SQL that answers it, in process', value: `p50 ${ms2(rawP50)} ms`, target: '' },
    {
      measure: '  an empty listing over HTTP (the fixed cost)',
      value: `p50 ${ms2(percentile(emptyTimes, 50))} ms`,
      target: '',
    },
    {
      measure: 'bulk ingest into watched series (alarms evaluated)',
      value: `${fmt(bulkWith)} points/s`,
      target: `≥ ${fmt(0.8 * bulkWithout)} (0.8 × without)`,
    },
    { measure: '  the same into unwatched series', value: `${fmt(bulkWithout)} points/s`, target: '' },
    {
      measure: 'BatchPut 10×10 into watched series',
      value: `${fmt(batchWith)} points/s`,
      target: `≥ ${fmt(0.8 * batchWithout)} (0.8 × without)`,
    },
    { measure: '  the same into unwatched series', value: `${fmt(batchWithout)} points/s`, target: '' },
    {
      measure: 'service CPU per point, both paths: watched / unwatched',
      value: `${ms2((cpu.With / points.With) * 1e6)} / ${ms2((cpu.Without / points.Without) * 1e6)} µs`,
      target: '',
    },
  ]);
  console.log(
    `${fmt(transitions)} alarm transitions during the ingest rounds; load average ${load().toFixed(2)} on ${machine().cpus} cores (other work on the machine skews every figure)`,
  );
  console.log(
    JSON.stringify({
      bench: 'alarms',
      machine: machine(),
      entities: ENTITIES,
      alarms: ALARMS,
      active: ACTIVE,
      listHttpP50Ms: ms2(httpP50),
      listRawP50Ms: ms2(rawP50),
      listRatio: ms2(httpP50 / rawP50),
      listEmptyHttpP50Ms: ms2(percentile(emptyTimes, 50)),
      cpuMicrosPerPointWithAlarms: ms2((cpu.With / points.With) * 1e6),
      cpuMicrosPerPointWithout: ms2((cpu.Without / points.Without) * 1e6),
      bulkPointsPerSecondWithAlarms: Math.round(bulkWith),
      bulkPointsPerSecondWithout: Math.round(bulkWithout),
      bulkRatio: ms2(bulkWith / bulkWithout),
      batchPutPointsPerSecondWithAlarms: Math.round(batchWith),
      batchPutPointsPerSecondWithout: Math.round(batchWithout),
      batchPutRatio: ms2(batchWith / batchWithout),
      transitions,
      loadAverage: +load().toFixed(2),
      targetsMet: {
        list: httpP50 <= 1.5 * rawP50 && httpP50 < 100,
        bulk: bulkWith >= 0.8 * bulkWithout,
        batchPut: batchWith >= 0.8 * batchWithout,
      },
    }),
  );
} finally {
  raw.close();
  await p.close();
  await service.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
