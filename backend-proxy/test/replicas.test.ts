import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from './service-process';
import { testStoreConfig, testStoreKind } from './test-store';

/**
 * Three `serve --store postgres` processes over one database serve one service: a write
 * through any is read and streamed through the others as soon as its answer arrives, keys and
 * page tokens work on every replica, the bootstrap admin credential is the same for all, and a
 * replica killed (SIGKILL) mid-ingest loses nothing it acknowledged. PostgreSQL only: run by
 * `npm run test:pg` (the SQLite run leaves it out, see jest.config.js).
 */

interface Replica {
  child: ChildProcess;
  url: string;
  dataDir: string;
}

const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const ws = 'plant';
let replicas: Replica[] = [];
let auth: Record<string, string>;

function startReplica(pgUrl: string): Promise<Replica> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-replica-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DOPPEL_PG_URL: pgUrl };
  delete env.DOPPEL_ACCESS_KEY_ID;
  delete env.DOPPEL_SECRET_ACCESS_KEY;
  const args = ['serve', '--store', 'postgres', '--port', '0', '--data-dir', dataDir];
  const child = spawn(process.execPath, ['-e', register, path.join(__dirname, '../src/cli.ts'), ...args], {
    cwd: path.join(__dirname, '..'),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (listening) resolve({ child, url: listening[1]!, dataDir });
    });
    child.once('exit', (code) => reject(new Error(`replica exited with ${code} before it listened:\n${out}`)));
  });
}

async function call(r: Replica, method: string, urlPath: string, body?: unknown) {
  const res = await fetch(r.url + urlPath, {
    method,
    headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

function level(entityId: string, values: [number, number][]) {
  return {
    entityPropertyReference: { entityId, componentName: 'meter', propertyName: 'level' },
    propertyValues: values.map(([ms, v]) => ({ time: iso(ms), value: { doubleValue: v } })),
  };
}

/** Every stored value of a meter's level, read through `r` page by page (pages of 7). */
async function history(r: Replica, entityId: string, pageFrom?: Replica): Promise<number[]> {
  const out: number[] = [];
  let nextToken: string | undefined;
  let page = 0;
  do {
    // the first page through `pageFrom` when given: its token is then redeemed by `r`
    const via = page++ === 0 && pageFrom ? pageFrom : r;
    const res = await call(via, 'POST', `/workspaces/${ws}/entity-properties/history`, {
      entityId,
      componentName: 'meter',
      selectedProperties: ['level'],
      startTime: iso(T0 - 1),
      endTime: iso(T0 + 86_400_000),
      maxResults: 7,
      nextToken,
    });
    expect(res.status).toBe(200);
    for (const series of res.body.propertyValues) for (const v of series.values) out.push(v.value.doubleValue);
    nextToken = res.body.nextToken;
  } while (nextToken);
  return out;
}

/**
 * An SSE stream through `r` of a meter's level (or another property, given `property`): the
 * values seen so far (numbers, or the text of a string value), and a wait for more.
 */
async function stream(r: Replica, entityId: string, property: [string, string] = ['meter', 'level']) {
  const abort = new AbortController();
  const res = await fetch(
    `${r.url}/doppel/workspaces/${ws}/stream?entityId=${entityId}&componentName=${property[0]}&selectedProperties=${property[1]}`,
    { headers: auth, signal: abort.signal },
  );
  expect(res.status).toBe(200);
  const seen: { seq: number; value: number | string }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: ?(\d+)$/m.exec(block)?.[1];
          const data = /^data: ?(.*)$/m.exec(block)?.[1];
          if (id && data) {
            const value = JSON.parse(data).value as { doubleValue?: number; stringValue?: string };
            seen.push({ seq: Number(id), value: value.doubleValue ?? value.stringValue! });
          }
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    seen,
    async waitFor(count: number) {
      const deadline = Date.now() + 10_000;
      while (seen.length < count) {
        if (Date.now() > deadline) throw new Error(`stream through ${r.url} saw ${seen.length} of ${count} values`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return seen.map((s) => s.value);
    },
    close: () => abort.abort(),
  };
}

beforeAll(async () => {
  if (testStoreKind() !== 'postgres') throw new Error('replicas.test.ts runs on PostgreSQL: npm run test:pg');
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-replicas-'));
  const { pgUrl } = await testStoreConfig(shared);
  // started together: the migrations' advisory lock lets one migrate while the others wait
  replicas = await Promise.all([0, 1, 2].map(() => startReplica(pgUrl!)));
  const credentials = replicas.map(
    (r) =>
      JSON.parse(fs.readFileSync(path.join(r.dataDir, 'admin-credentials.json'), 'utf8')) as Record<string, string>,
  );
  expect(credentials[1]).toEqual(credentials[0]);
  expect(credentials[2]).toEqual(credentials[0]);
  auth = { authorization: `Bearer ${credentials[0]!.accessKeyId}:${credentials[0]!.secretAccessKey}` };
}, 60_000);

afterAll(() => {
  for (const r of replicas) r.child.kill('SIGKILL');
  for (const r of replicas) fs.rmSync(r.dataDir, { recursive: true, force: true });
});

test('what one replica writes, the others read and stream at once; keys and page tokens work on every replica', async () => {
  const [a, b, c] = replicas as [Replica, Replica, Replica];
  expect((await call(a, 'POST', `/workspaces/${ws}`, {})).status).toBe(200);
  expect((await call(b, 'GET', `/workspaces/${ws}`)).status).toBe(200);
  expect(
    (
      await call(b, 'POST', `/workspaces/${ws}/component-types/com.acme.meter`, {
        propertyDefinitions: { level: { dataType: { type: 'DOUBLE' }, isTimeSeries: true } },
      })
    ).status,
  ).toBe(200);
  for (const [i, r] of [a, b, c].entries()) {
    const created = await call(r, 'POST', `/workspaces/${ws}/entities`, {
      entityId: `m${i}`,
      entityName: `m${i}`,
      components: { meter: { componentTypeId: 'com.acme.meter' } },
    });
    expect(created.status).toBe(200);
    // created through r, read through the next replica
    expect((await call(replicas[(i + 1) % 3]!, 'GET', `/workspaces/${ws}/entities/m${i}`)).status).toBe(200);
  }

  const onB = await stream(b, 'm0');
  const onC = await stream(c, 'm0');
  const written: number[] = [];
  for (let round = 0; round < 6; round++) {
    const values: [number, number][] = [0, 1, 2].map((i) => [T0 + (round * 3 + i) * 1000, round * 3 + i]);
    const res = await call(replicas[round % 3]!, 'POST', `/workspaces/${ws}/entity-properties`, {
      entries: [level('m0', values)],
    });
    expect(res.body).toEqual({ errorEntries: [] });
    written.push(...values.map(([, v]) => v));
    // readable through another replica as soon as the answer arrived
    expect(await history(replicas[(round + 1) % 3]!, 'm0')).toEqual(written);
  }
  expect(await onB.waitFor(written.length)).toEqual(written);
  expect(await onC.waitFor(written.length)).toEqual(written);
  expect(onB.seen.map((s) => s.seq)).toEqual(onC.seen.map((s) => s.seq));
  onB.close();
  onC.close();

  // a page token signed by one replica is redeemed by another
  expect(await history(c, 'm0', a)).toEqual(written);

  // a key created through one replica works on another, and its revocation too
  const key = await call(a, 'POST', '/doppel/keys', { workspaces: [{ workspaceId: ws, role: 'read' }] });
  expect(key.status).toBe(200);
  const keyAuth = { authorization: `Bearer ${key.body.accessKeyId}:${key.body.secretAccessKey}` };
  expect((await fetch(`${c.url}/workspaces/${ws}/entities/m0`, { headers: keyAuth })).status).toBe(200);
  expect((await call(b, 'DELETE', `/doppel/keys/${key.body.accessKeyId}`)).status).toBeLessThan(300);
  expect((await fetch(`${c.url}/workspaces/${ws}/entities/m0`, { headers: keyAuth })).status).toBe(403);
}, 60_000);

test('a value written through one replica moves its alarm for every replica: listing, record and stream', async () => {
  const [a, b, c] = replicas as [Replica, Replica, Replica];
  const threshold = (name: string, value: Record<string, unknown>) => [name, { value }];
  const created = await call(a, 'POST', `/workspaces/${ws}/entities`, {
    entityId: 'tank',
    entityName: 'tank',
    components: {
      meter: { componentTypeId: 'com.acme.meter' },
      HighLevel: {
        componentTypeId: 'doppel.alarm.threshold',
        properties: Object.fromEntries([
          threshold('sourceComponent', { stringValue: 'meter' }),
          threshold('sourceProperty', { stringValue: 'level' }),
          threshold('operator', { stringValue: '>' }),
          threshold('threshold', { doubleValue: 50 }),
          threshold('severity', { integerValue: 3 }),
        ]),
      },
    },
  });
  expect(created.status).toBe(200);
  const active = () => call(c, 'GET', `/doppel/workspaces/${ws}/alarms?status=ACTIVE`);
  const alarmThrough = async (r: Replica) =>
    (await call(r, 'GET', `/doppel/workspaces/${ws}/alarms?entityId=tank`)).body.alarms[0];
  expect((await active()).body.alarms).toEqual([]);
  const statusOnC = await stream(c, 'tank', ['HighLevel', 'alarm_status']);

  // raised by a value taken by b: listed, read and streamed through c
  const raise = await call(b, 'POST', `/workspaces/${ws}/entity-properties`, { entries: [level('tank', [[T0, 80]])] });
  expect(raise.body).toEqual({ errorEntries: [] });
  expect((await active()).body.alarms.map((x: { entityId: string }) => x.entityId)).toEqual(['tank']);
  expect(await alarmThrough(c)).toMatchObject({
    status: 'ACTIVE',
    since: iso(T0),
    sourceValue: { componentName: 'meter', propertyName: 'level', value: { doubleValue: 80 } },
  });
  expect(await statusOnC.waitFor(1)).toEqual(['ACTIVE']);

  // acknowledged through a (state read under the value-write lock, not a cache of b's)
  const acked = await call(a, 'POST', `/doppel/workspaces/${ws}/alarms/tank/HighLevel:acknowledge`, { note: 'seen' });
  expect(acked.body.status).toBe('ACKNOWLEDGED');
  expect(await statusOnC.waitFor(2)).toEqual(['ACTIVE', 'ACKNOWLEDGED']);

  // cleared by a value through c; b's record and audit show the whole history
  await call(c, 'POST', `/workspaces/${ws}/entity-properties`, { entries: [level('tank', [[T0 + 1000, 10]])] });
  expect(await statusOnC.waitFor(3)).toEqual(['ACTIVE', 'ACKNOWLEDGED', 'NORMAL']);
  expect((await alarmThrough(b)).status).toBe('NORMAL');
  const events = await call(b, 'GET', `/doppel/workspaces/${ws}/alarms/tank/HighLevel/events`);
  // newest first: the acknowledgement at wall-clock time, the values' transitions at their 2024 times
  expect(events.body.events.map((e: { action: string }) => e.action)).toEqual(['ACKNOWLEDGE', 'CLEAR', 'RAISE']);
  statusOnC.close();
}, 60_000);

test('a replica killed mid-ingest loses nothing it acknowledged; the others keep serving', async () => {
  const [a, b, c] = replicas as [Replica, Replica, Replica];
  const acknowledged = new Set<number>();
  let killed = false;
  let batch = 0;
  // two writers through the replica that dies, one through a survivor
  const writer = (r: Replica, entityId: string) => async () => {
    while (!killed) {
      const b0 = 1000 + batch++ * 10;
      const values: [number, number][] = Array.from({ length: 10 }, (_, i) => [T0 + (b0 + i) * 1000, b0 + i]);
      try {
        const res = await call(r, 'POST', `/workspaces/${ws}/entity-properties`, {
          entries: [level(entityId, values)],
        });
        if (res.status === 200 && res.body.errorEntries.length === 0) for (const [, v] of values) acknowledged.add(v);
      } catch {
        if (r === c) return; // the connection died with the process: not acknowledged
        throw new Error(`the surviving replica ${r.url} failed`);
      }
    }
  };
  const writers = [writer(c, 'm1'), writer(c, 'm1'), writer(a, 'm2')].map((w) => w());
  while (acknowledged.size < 300) await new Promise((resolve) => setTimeout(resolve, 10));
  c.child.kill('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 200));
  killed = true;
  await Promise.all(writers);
  const stored = new Set([...(await history(b, 'm1')), ...(await history(a, 'm2'))]);
  const lost = [...acknowledged].filter((v) => !stored.has(v));
  expect(lost).toEqual([]);
  expect(acknowledged.size).toBeGreaterThan(300);
}, 60_000);
