// Shared pieces of the benchmarks: a service child process on a temp data dir, an HTTP
// client pool, and table/JSON output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import pg from 'pg';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const credentials = { id: 'BENCHADMINKEY000001', secret: 'bench-secret-0123456789abcdef0123456789' };
export const authorization = `Bearer ${credentials.id}:${credentials.secret}`;

/** `--name N` from the command line as a number, or `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Where the benches' series start: a fixed past time, so reruns write the same keys. */
export const T0 = Date.UTC(2024, 0, 1);
export const iso = (ms) => new Date(ms).toISOString();
/** Milliseconds since `start` (a process.hrtime.bigint()). */
export const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Writes `count` points of one series straight into the service's table, one per second from
 * `from` (epoch ms), as the service stores them; the seq continues from `seq`, returned advanced.
 * For seeding large stores quickly (the HTTP path is what the benches measure, not this).
 */
export function insertSeries(db, seriesId, from, count, valueAt, seq) {
  const insert = db.prepare('INSERT INTO property_values (series_id, time, point, seq, num) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let k = 0; k < count; k++) {
      const ms = from + k * 1000;
      const value = valueAt(k);
      insert.run(
        seriesId,
        BigInt(ms) * 1_000_000n,
        `{"time":"${iso(ms)}","value":{"doubleValue":${value}}}`,
        ++seq,
        value,
      );
    }
  })();
  return seq;
}

/** The raw baselines' table: the same values as (series, ts ms, value REAL), nothing else. */
export const MINIMAL_TABLE =
  'CREATE TABLE m (series INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (series, ts)) WITHOUT ROWID';

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts `node dist/cli.js serve` on a free port; resolves once /healthz answers. With
 * DOPPEL_BENCH_CPU_PROF=<dir> the service writes V8 CPU profiles there when it stops, one
 * per thread (main and value writer), to see where a benchmark's time goes. With
 * DOPPEL_BENCH_DIST=<dir> (inside backend-proxy/, so its packages resolve) it runs that build
 * instead, e.g. a copy of dist/ from before a change, for before/after runs in one sitting.
 */
export async function startService(
  dataDir,
  port,
  { profileDir = process.env.DOPPEL_BENCH_CPU_PROF, pgUrl = undefined, env = {} } = {},
) {
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profileDir)] : []),
      path.join(
        process.env.DOPPEL_BENCH_DIST ? path.resolve(process.env.DOPPEL_BENCH_DIST) : path.join(root, 'dist'),
        'cli.js',
      ),
      'serve',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
    ],
    {
      env: {
        ...process.env,
        DOPPEL_ACCESS_KEY_ID: credentials.id,
        DOPPEL_SECRET_ACCESS_KEY: credentials.secret,
        // one log line per request would measure the log pipe, not the service
        DOPPEL_LOG_LEVEL: 'warn',
        ...(pgUrl ? { DOPPEL_STORE: 'postgres', DOPPEL_PG_URL: pgUrl } : { DOPPEL_STORE: 'sqlite' }),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export function pool(url, connections) {
  return new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

export async function call(p, method, urlPath, body, contentType = 'application/json') {
  return (await callBytes(p, method, urlPath, body, contentType)).toString('utf8');
}

/**
 * `call`, answering the body's bytes as they arrived: a request timed around this ends at the
 * last byte. Decoding the text (~2.5 ms for a 10,000-point history page on Node 20 here) is
 * the client's work, not the service's.
 */
export async function callBytes(p, method, urlPath, body, contentType = 'application/json') {
  const res = await p.request({
    method,
    path: urlPath,
    headers: { authorization, 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const chunks = [];
  for await (const chunk of res.body) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  if (res.statusCode !== 200)
    throw new Error(`${method} ${urlPath}: ${res.statusCode} ${bytes.toString('utf8').slice(0, 300)}`);
  return bytes;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function printTable(rows) {
  const widths = Object.keys(rows[0]).map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(Object.keys(rows[0])));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(Object.values(r)));
}

export function machine() {
  return { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version };
}

/** Creates workspace `ws`, a type with `properties` DOUBLE time-series properties and `entities` entities. */
export async function seedModel(p, ws, entities, properties) {
  await call(p, 'POST', `/workspaces/${ws}`, {});
  const propertyDefinitions = {};
  for (let j = 0; j < properties; j++)
    propertyDefinitions[`p${j}`] = { dataType: { type: 'DOUBLE' }, isTimeSeries: true };
  await call(p, 'POST', `/workspaces/${ws}/component-types/bench.sensor`, { propertyDefinitions });
  for (let i = 0; i < entities; i++) {
    await call(p, 'POST', `/workspaces/${ws}/entities`, {
      entityId: `e${i}`,
      entityName: `e${i}`,
      components: { s: { componentTypeId: 'bench.sensor' } },
    });
  }
}

/** CPU seconds (user + system, all threads) a process has used so far; Linux only. */
export function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds a process has used so far, split into its main thread and all its other
 * threads (for the service: the value writer, GC helpers, the libuv pool); Linux only.
 */
export function threadCpuSeconds(pid) {
  const split = { main: 0, others: 0 };
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const fields = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      if (tid === String(pid)) split.main += seconds;
      else split.others += seconds;
    }
  } catch {
    return { main: NaN, others: NaN };
  }
  return split;
}

/** The machine's 1-minute load average: other work on the box skews wall-clock figures. */
export function load() {
  return os.loadavg()[0];
}

/** `--store sqlite|postgres` from the command line (default sqlite). */
export function storeKind() {
  const i = process.argv.indexOf('--store');
  const kind = i > 0 ? process.argv[i + 1] : 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgres') {
    console.error(`--store ${kind}: sqlite or postgres`);
    process.exit(2);
  }
  return kind;
}

/**
 * The PostgreSQL database a bench runs on: DOPPEL_PG_URL when set (left as it is found, apart
 * from what the bench writes), else a fresh database on DOPPEL_PG_ADMIN_URL (default
 * 127.0.0.1:5432, user postgres), dropped by `drop()`.
 */
export async function benchDatabase() {
  if (process.env.DOPPEL_PG_URL) {
    const url = process.env.DOPPEL_PG_URL;
    return { url, name: new URL(url).pathname.slice(1), drop: async () => undefined };
  }
  const adminUrl = process.env.DOPPEL_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `doppel_bench_${Math.random().toString(16).slice(2, 10)}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * CPU seconds each PostgreSQL backend serving database `name` has used so far, by pid (their
 * /proc stat: the server must run on this machine; NaN otherwise). Two readings go to
 * pgCpuBetween.
 */
export async function pgBackendCpu(client, name) {
  const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
  return new Map(rows.map(({ pid }) => [pid, cpuSeconds(pid)]));
}

/**
 * CPU seconds PostgreSQL's backends used between two readings of pgBackendCpu: a backend
 * started in between counts whole; one that ended in between is lost with its CPU (pools
 * keep their connections while a bench runs, so few do).
 */
export function pgCpuBetween(before, after) {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}
