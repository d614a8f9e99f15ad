// The ingest benches' load: BatchPutPropertyValues requests of 10 entries × 10 values over
// 100 entities × 10 properties. Run as a process of its own (the replica bench) it sends
// requests --from R --requests N through --connections C per URL of --urls a,b,… in turn and
// prints one JSON line when done.
import { fileURLToPath } from 'node:url';
import { call, iso, pool, T0 } from './bench-common.mjs';

export const ENTITIES = 100;
export const PROPERTIES = 10;

/**
 * The rows of request r: 10 series of block r % 100 (series s: entity s % 100, property s / 100),
 * 10 consecutive seconds of round r / 100, ten values each; the ingest bench's raw writers
 * store exactly these.
 */
export function requestRows(r) {
  const block = r % 100;
  const base = T0 + Math.floor(r / 100) * 10_000;
  const rows = [];
  for (let k = 0; k < 10; k++) {
    const series = block * 10 + k;
    for (let v = 0; v < 10; v++) rows.push({ series, ms: base + v * 1000, value: (r + v) * 0.25 });
  }
  return rows;
}

/** Series s of requestRows as the service names it. */
export const seriesName = (s) => ({ entityId: `e${s % ENTITIES}`, propertyName: `p${Math.floor(s / ENTITIES)}` });

export function batchBody(r) {
  const rows = requestRows(r);
  // the ten times are the same for every entry: formatting them once keeps the load
  // generator's share of the two cores small
  const times = rows.slice(0, 10).map((row) => iso(row.ms));
  const entries = [];
  for (let k = 0; k < 10; k++) {
    const { entityId, propertyName } = seriesName(rows[k * 10].series);
    const values = [];
    for (let v = 0; v < 10; v++)
      values.push(`{"time":"${times[v]}","value":{"doubleValue":${rows[k * 10 + v].value}}}`);
    entries.push(
      `{"entityPropertyReference":{"entityId":"${entityId}","componentName":"s","propertyName":"${propertyName}"},"propertyValues":[${values.join(',')}]}`,
    );
  }
  return `{"entries":[${entries.join(',')}]}`;
}

/**
 * Sends requests `from` … `from + requests - 1` over `pools` (each with `connections`
 * connections), the i-th worker on pool i % pools.length; every answer must have no errorEntries.
 */
export async function httpBatches(pools, connections, from, requests) {
  let next = from;
  const end = from + requests;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections * pools.length }, async (_, worker) => {
      const p = pools[worker % pools.length];
      while (next < end) {
        const r = next++;
        const text = await call(p, 'POST', '/workspaces/bench/entity-properties', batchBody(r));
        if (text !== '{"errorEntries":[]}') failed++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (failed) throw new Error(`${failed} BatchPut requests reported errorEntries`);
  return { seconds, pointsPerSecond: (requests * 100) / seconds, requestsPerSecond: requests / seconds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name) => process.argv[process.argv.indexOf(`--${name}`) + 1];
  const pools = option('urls')
    .split(',')
    .map((url) => pool(url, Number(option('connections'))));
  const cpuBefore = process.cpuUsage();
  const result = await httpBatches(
    pools,
    Number(option('connections')),
    Number(option('from')),
    Number(option('requests')),
  );
  await Promise.all(pools.map((p) => p.close()));
  const cpu = process.cpuUsage(cpuBefore);
  console.log(JSON.stringify({ ...result, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
}
