import fs from 'node:fs';
import { startTestService, TestService } from './harness';

// The demo site `serve --demo` brings up: model, an hour of history, and sensors that keep writing.
const WS = '/workspaces/demo-factory';
let t: TestService;

beforeAll(async () => {
  t = await startTestService({ config: { demo: true, demoIntervalMs: 50 } });
});
afterAll(() => t.close());

const history = async (entityId: string, componentName: string, propertyName: string) => {
  const end = new Date();
  const res = await t.call('POST', `${WS}/entity-properties/history`, {
    entityId,
    componentName,
    selectedProperties: [propertyName],
    startTime: new Date(end.getTime() - 3_600_000).toISOString(),
    endTime: end.toISOString(),
    maxResults: 10_000,
  });
  expect(res.status).toBe(200);
  return res.body.propertyValues[0].values as { time: string; value: Record<string, unknown> }[];
};

const latest = async () => {
  const res = await t.call('POST', `${WS}/entity-properties/history`, {
    entityId: 'Mixer_2',
    componentName: 'Mixer',
    selectedProperties: ['temperature'],
    startTime: '2000-01-01T00:00:00Z',
    endTime: new Date(Date.now() + 60_000).toISOString(),
    orderByTime: 'DESCENDING',
    maxResults: 1,
  });
  return res.body.propertyValues[0].values[0].time as string;
};

test('the demo workspace holds a factory of two lines whose machines feed each other', async () => {
  const listed = await t.call('POST', `${WS}/entities-list`, { maxResults: 100 });
  expect(listed.status).toBe(200);
  const byId = new Map(listed.body.entitySummaries.map((e: any) => [e.entityId, e.parentEntityId]));
  expect(byId.size).toBe(10); // the factory, 2 lines of 3 machines, the camera of line 1
  expect(byId.get('Line_1')).toBe('Factory');
  expect(byId.get('Oven_2')).toBe('Line_2');

  const query = await t.call('POST', '/queries/execution', {
    workspaceId: 'demo-factory',
    queryStatement:
      "SELECT o.entityId FROM EntityGraph MATCH (m)-[:feed]->(c)-[:feed]->(o) WHERE m.entityId = 'Mixer_1'",
  });
  expect(query.status).toBe(200);
  expect(query.body.rows).toEqual([{ rowData: ['Oven_1'] }]);
});

const hasFfmpeg = fs.existsSync('/usr/bin/ffmpeg');
(hasFfmpeg ? test : test.skip)(
  "line 1's camera has a recording of the two minutes before start, dated by its playlist",
  async () => {
    const camera = await t.call('GET', `${WS}/entities/Camera_1`);
    expect(camera.body.parentEntityId).toBe('Line_1');
    const video = camera.body.components.Video;
    expect(video.componentTypeId).toBe('doppel.video.stream');
    const key = video.properties.recordingsUrl.value.stringValue;
    const auth = { authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}` };
    const resource = (p: string) => fetch(`${t.url}/doppel/workspaces/demo-factory/resources/${p}`, { headers: auth });
    const playlist = await (await resource(key)).text();
    const dated = Date.parse(playlist.match(/#EXT-X-PROGRAM-DATE-TIME:(.+)/)![1]!);
    expect(dated).toBeGreaterThan(Date.now() - 120_000 - 60_000);
    expect(dated).toBeLessThan(Date.now() - 120_000 + 1_000);
    const segments = playlist.split('\n').filter((l) => l.endsWith('.ts'));
    expect(segments).toHaveLength(60);
    const first = await resource(key.replace(/[^/]+$/, segments[0]!));
    expect(first.headers.get('content-type')).toBe('video/mp2t');
    // read to the end: an unread body keeps its keep-alive socket (and this jest worker) open
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes[0]).toBe(0x47); // an MPEG-TS packet's sync byte
  },
);

test('an hour of history is there at start: line 1 oven alarms, line 2 oven never does', async () => {
  const temperatures = await history('Oven_1', 'Oven', 'temperature');
  expect(temperatures.length).toBeGreaterThanOrEqual(360);
  const status = (await history('Oven_1', 'Oven', 'status')).map((v) => v.value.stringValue);
  expect(status).toContain('ALARM');
  expect(status).toContain('RUNNING');
  expect((await history('Oven_2', 'Oven', 'status')).map((v) => v.value.stringValue)).not.toContain('ALARM');
  const rpm = await history('Mixer_1', 'Mixer', 'rpm');
  expect(rpm.some((v) => v.value.integerValue === 0)).toBe(true); // a pause
});

test('line 1 oven’s overheating raises its threshold alarm and cooling clears it, as the history was written', async () => {
  const alarms = await t.call('GET', '/doppel/workspaces/demo-factory/alarms');
  expect(alarms.status).toBe(200);
  expect(alarms.body.alarms).toHaveLength(1);
  expect(alarms.body.alarms[0]).toMatchObject({
    entityId: 'Oven_1',
    componentName: 'OverheatAlarm',
    severity: 4,
    message: 'Oven 1 is overheating',
    threshold: { sourceComponent: 'Oven', sourceProperty: 'temperature', operator: '>', threshold: 240 },
  });
  const events = await t.call(
    'GET',
    '/doppel/workspaces/demo-factory/alarms/Oven_1/OverheatAlarm/events?maxResults=1000',
  );
  const actions = events.body.events.map((e: any) => e.action);
  // an hour holds three overheating spells of two minutes
  expect(actions.filter((a: string) => a === 'RAISE').length).toBeGreaterThanOrEqual(2);
  expect(actions).toContain('CLEAR');
  const raise = events.body.events.find((e: any) => e.action === 'RAISE');
  expect(raise.sourceValue.value.doubleValue).toBeGreaterThan(240);
  const status = (await history('Oven_1', 'OverheatAlarm', 'alarm_status')).map((v) => v.value.stringValue);
  expect(status).toEqual(expect.arrayContaining(['ACTIVE', 'NORMAL']));
});

test('the sensors keep writing', async () => {
  const first = await latest();
  let next = first;
  for (let i = 0; i < 100 && next === first; i++) {
    await new Promise((r) => setTimeout(r, 20));
    next = await latest();
  }
  expect(Date.parse(next)).toBeGreaterThan(Date.parse(first));
});

test('a restart keeps the site as it is and goes on writing', async () => {
  const renamed = await t.call('PUT', `${WS}/entities/Factory`, { entityName: 'Our factory' });
  expect(renamed.status).toBe(200);
  const dataDir = t.dataDir;
  await t.close(true);
  t = await startTestService({ dataDir, config: { demo: true, demoIntervalMs: 50 } });
  const factory = await t.call('GET', `${WS}/entities/Factory`);
  expect(factory.body.entityName).toBe('Our factory');
  const listed = await t.call('POST', `${WS}/entities-list`, { maxResults: 100 });
  expect(listed.body.entitySummaries).toHaveLength(10);
  const restarted = Date.now();
  let newest = await latest();
  for (let i = 0; i < 100 && Date.parse(newest) < restarted; i++) {
    await new Promise((r) => setTimeout(r, 20));
    newest = await latest();
  }
  expect(Date.parse(newest)).toBeGreaterThanOrEqual(restarted);
});
