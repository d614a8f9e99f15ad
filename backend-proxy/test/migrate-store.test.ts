import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { putTemperatures, seedAlarmSite } from './alarm-fixture';
import { TestService, startTestService } from './harness';
import { placeSceneDocument } from './scene-fixture';
import { register } from './service-process';
import { testStoreConfig } from './test-store';
import { entry, seedPlant } from './values-fixture';

/**
 * `migrate-store --from sqlite:DIR --to postgres:URL` run as the CLI: a workspace with
 * inherited component types, a hierarchy, relationships, a scene, tags, a scoped key and
 * 12,010 values arrives with equal counts and answers the same reads on PostgreSQL; a second
 * run is refused and changes nothing; alarm states and their audit arrive as they were, so an
 * alarm goes on from where it stood. PostgreSQL only: run by `npm run test:pg`.
 */

jest.setTimeout(180_000);

const ws = 'plant';
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const VALUES_PER_PUMP = 4000;
let source: TestService;
let target: TestService;
let targetDir: string;
let pgUrl: string;
let firstRun: { code: number | null; out: string; err: string };
let scopedKey: { accessKeyId: string; secretAccessKey: string };

function migrate(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(
    process.execPath,
    ['-e', register, path.join(__dirname, '../src/cli.ts'), 'migrate-store', ...args],
    {
      cwd: path.join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

async function ok(res: Promise<{ status: number; body: any }>) {
  const r = await res;
  if (r.status !== 200) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function seed(svc: TestService) {
  await seedPlant(svc, ws, 3);
  await ok(
    svc.call('POST', `/workspaces/${ws}/component-types/com.acme.pump`, {
      extendsFrom: ['com.acme.sensor'],
      propertyDefinitions: { feeds: { dataType: { type: 'RELATIONSHIP' } } },
    }),
  );
  await ok(svc.call('POST', `/workspaces/${ws}/entities`, { entityId: 'line-1', entityName: 'Line 1' }));
  await ok(
    svc.call('POST', `/workspaces/${ws}/entities`, {
      entityId: 'pump-9',
      entityName: 'Pump 9',
      parentEntityId: 'line-1',
      components: {
        sensor: {
          componentTypeId: 'com.acme.pump',
          properties: {
            serial: { value: { stringValue: 'SN-9' } },
            feeds: { value: { relationshipValue: { targetEntityId: 'pump-1' } } },
          },
        },
      },
    }),
  );
  await ok(
    svc.call('POST', `/workspaces/${ws}/scenes`, {
      sceneId: 'hall',
      contentLocation: await placeSceneDocument(svc, ws, 'hall.json'),
    }),
  );
  const arn = (await ok(svc.call('GET', `/workspaces/${ws}`))).arn as string;
  await ok(svc.call('POST', '/tags', { resourceARN: arn, tags: { site: 'north', owner: 'ops' } }));
  scopedKey = await ok(svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: ws, role: 'read' }] }));
  for (let pump = 1; pump <= 3; pump++) {
    const points = Array.from({ length: VALUES_PER_PUMP }, (_, k) => ({
      entityId: `pump-${pump}`,
      componentName: 'sensor',
      propertyName: 'temperature',
      time: iso(T0 + k * 1000).replace('Z', `${String(pump).padStart(6, '0')}Z`),
      value: { doubleValue: pump * 10_000 + k / 8 },
    }));
    const stored = await ok(svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, points));
    expect(stored).toMatchObject({ accepted: VALUES_PER_PUMP, rejected: 0 });
  }
  // a value 400 days earlier lands in another 30-day partition on PostgreSQL
  await ok(
    svc.call('POST', `/workspaces/${ws}/entity-properties`, {
      entries: [
        entry('pump-2', 'state', [
          { time: iso(T0 - 400 * 86_400_000), value: { stringValue: 'OK' } },
          ...Array.from({ length: 9 }, (_, k) => ({ time: iso(T0 + k * 60_000), value: { stringValue: 'ALARM' } })),
        ]),
      ],
    }),
  );
}

/** Workspace `factory` (left out of the first run): Oven1's alarm ACTIVE then acknowledged, Oven2's pending its 60 s delay. */
async function seedAlarms(svc: TestService) {
  await seedAlarmSite(svc, 'factory');
  await putTemperatures(svc, 'factory', 'Oven1', [
    [iso(T0), 250],
    [iso(T0 + 1000), 260],
  ]);
  await ok(svc.call('POST', '/doppel/workspaces/factory/alarms/Oven1/OverTemp:acknowledge', { note: 'crew on it' }));
  await putTemperatures(svc, 'factory', 'Oven2', [[iso(T0), 250]]);
}

beforeAll(async () => {
  source = await startTestService({ config: { store: 'sqlite' } });
  await seed(source);
  await seedAlarms(source);
  targetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-migrate-target-'));
  pgUrl = (await testStoreConfig(targetDir)).pgUrl!;
  firstRun = await migrate(
    '--from',
    `sqlite:${source.dataDir}`,
    '--to',
    `postgres:${pgUrl}`,
    '--workspace',
    ws,
    '--resources-to',
    path.join(targetDir, 'resources'),
  );
  target = await startTestService({ dataDir: targetDir });
});

afterAll(async () => {
  await source?.close();
  await target?.close();
});

test('the migration succeeds and prints equal counts of both sides for every kind', () => {
  expect(firstRun.err).toBe('');
  expect(firstRun.code).toBe(0);
  expect(firstRun.out).toMatch(/^ {2}values +12010 +12010$/m);
  expect(firstRun.out).toMatch(/^ {2}entities +5 +5$/m);
  expect(firstRun.out).toMatch(/^ {2}relationships +1 +1$/m);
  expect(firstRun.out).toMatch(/^ {2}scenes +1 +1$/m);
  expect(firstRun.out).not.toMatch(/DIFFERS/);
  expect(firstRun.out).toMatch(/migrating: 1\d{4}\/1\d{4} rows \(100%/);
  expect(firstRun.out).toMatch(/^resources in bucket doppel-plant: 1 in the source, 1 copied$/m);
  expect(firstRun.out).toMatch(/migrated 1 workspace\(s\): plant; the counts match/);
});

test('workspace, entities, component types, scene and tags answer the same on PostgreSQL', async () => {
  const reads = [
    `/workspaces/${ws}`,
    `/workspaces/${ws}/component-types/com.acme.pump`,
    `/workspaces/${ws}/component-types/com.acme.sensor`,
    `/workspaces/${ws}/scenes/hall`,
    ...['line-1', 'pump-1', 'pump-2', 'pump-3', 'pump-9'].map((id) => `/workspaces/${ws}/entities/${id}`),
  ];
  for (const read of reads) {
    const [a, b] = await Promise.all([source.call('GET', read), target.call('GET', read)]);
    expect({ read, status: b.status, body: b.body }).toEqual({ read, status: 200, body: a.body });
  }
  const list = { filters: [{ parentEntityId: 'line-1' }] };
  const children = await target.call('POST', `/workspaces/${ws}/entities-list`, list);
  expect(children.body.entitySummaries.map((e: { entityId: string }) => e.entityId)).toEqual(['pump-9']);
  const arn = (await target.call('GET', `/workspaces/${ws}`)).body.arn;
  expect((await target.call('POST', '/tags-list', { resourceARN: arn })).body.tags).toEqual({
    site: 'north',
    owner: 'ops',
  });
});

test('history pages (nanosecond times, old partition, string values) read the same from both stores', async () => {
  const pages = async (svc: TestService, body: Record<string, unknown>) => {
    const values: unknown[] = [];
    let nextToken: string | undefined;
    let count = 0;
    do {
      const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, { ...body, nextToken });
      expect(res.status).toBe(200);
      values.push(res.body.propertyValues);
      nextToken = res.body.nextToken;
      count++;
    } while (nextToken && count < 5);
    return values;
  };
  const temperature = {
    entityId: 'pump-2',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    startTime: iso(T0),
    endTime: iso(T0 + 86_400_000),
    maxResults: 250,
  };
  const state = { ...temperature, selectedProperties: ['state'], startTime: iso(T0 - 500 * 86_400_000), maxResults: 4 };
  for (const body of [temperature, { ...temperature, orderByTime: 'DESCENDING' }, state]) {
    const [a, b] = await Promise.all([pages(source, body), pages(target, body)]);
    expect(b).toEqual(a);
  }
});

test('the scoped access key works on the target as on the source', async () => {
  const read = await target.call('GET', `/workspaces/${ws}/entities/pump-1`, undefined, { credentials: scopedKey });
  expect(read.status).toBe(200);
  const write = await target.call(
    'POST',
    `/workspaces/${ws}/entities`,
    { entityId: 'x', entityName: 'x' },
    {
      credentials: scopedKey,
    },
  );
  expect(write.status).toBe(403);
});

test('a second run is refused, says what to do, and leaves the target as it was', async () => {
  const second = await migrate('--from', `sqlite:${source.dataDir}`, '--to', `postgres:${pgUrl}`);
  expect(second.code).toBe(1);
  expect(second.err).toMatch(/the target already holds workspace plant; nothing was copied\. Delete it there first/);
  const entities = await target.call('POST', `/workspaces/${ws}/entities-list`, {});
  expect(entities.body.entitySummaries).toHaveLength(5);
});

test('a source that is not a data dir is named in the error', async () => {
  const missing = await migrate('--from', 'sqlite:/nonexistent-doppel', '--to', `postgres:${pgUrl}`);
  expect(missing.code).toBe(1);
  expect(missing.err).toMatch(/--from sqlite:\/nonexistent-doppel: no doppel\.db there/);
});

test('alarm states and their audit arrive as they were, and an alarm goes on from where it stood', async () => {
  const run = await migrate(
    '--from',
    `sqlite:${source.dataDir}`,
    '--to',
    `postgres:${pgUrl}`,
    '--workspace',
    'factory',
  );
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/^ {2}alarm states +2 +2$/m);
  expect(run.out).toMatch(/^ {2}alarm events +[1-9]\d* +[1-9]\d*$/m);
  const reads = async (svc: TestService) => {
    const alarms = await svc.call('GET', '/doppel/workspaces/factory/alarms');
    const events = await Promise.all(
      ['Oven1', 'Oven2'].map((id) => svc.call('GET', `/doppel/workspaces/factory/alarms/${id}/OverTemp/events`)),
    );
    return { alarms: alarms.body, events: events.map((e) => e.body) };
  };
  const before = await reads(source);
  expect(before.alarms.alarms.find((a: { entityId: string }) => a.entityId === 'Oven1').status).toBe('ACKNOWLEDGED');
  expect(await reads(target)).toEqual(before);
  // Oven2 was waiting out its delay: past it, the same value raises the alarm on both stores
  for (const svc of [source, target]) await putTemperatures(svc, 'factory', 'Oven2', [[iso(T0 + 61_000), 250]]);
  const [a, b] = await Promise.all([reads(source), reads(target)]);
  expect(a.alarms.alarms.find((x: { entityId: string }) => x.entityId === 'Oven2').status).toBe('ACTIVE');
  expect(b).toEqual(a);
});
