import { GetPropertyValueHistoryCommand } from '@aws-sdk/client-iottwinmaker';
import { seedAlarmSite, putTemperatures, thresholdProperties } from './alarm-fixture';
import { Credentials, errorOf, startTestService, TestService } from './harness';

let svc: TestService;
const ws = 'plant';
let reader: Credentials;
let writer: Credentials;

const alarmsPath = `/doppel/workspaces/${ws}/alarms`;
const list = async (query = '', credentials?: Credentials) => {
  const res = await svc.call('GET', `${alarmsPath}${query}`, undefined, credentials ? { credentials } : {});
  expect(res.status).toBe(200);
  return res.body.alarms as any[];
};
const alarmOf = async (entityId: string, componentName = 'OverTemp') =>
  (await list(`?entityId=${entityId}`)).find((a) => a.entityId === entityId && a.componentName === componentName);
const act = (entityId: string, action: string, body: unknown = {}, credentials?: Credentials) =>
  svc.call('POST', `${alarmsPath}/${entityId}/OverTemp:${action}`, body, credentials ? { credentials } : {});
const events = async (entityId: string, componentName = 'OverTemp') => {
  const res = await svc.call('GET', `${alarmsPath}/${entityId}/${componentName}/events`);
  expect(res.status).toBe(200);
  return res.body.events as any[];
};
const keyFor = async (workspaceId: string, role: 'read' | 'write'): Promise<Credentials> => {
  const res = await svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId, role }] });
  return { accessKeyId: res.body.accessKeyId, secretAccessKey: res.body.secretAccessKey };
};

beforeAll(async () => {
  svc = await startTestService();
  await seedAlarmSite(svc, ws);
  reader = await keyFor(ws, 'read');
  writer = await keyFor(ws, 'write');
});
afterAll(() => svc.close());

test('doppel.alarm.threshold is a built-in extending alarm.basic, listed in every workspace', async () => {
  const res = await svc.call('GET', `/workspaces/${ws}/component-types/doppel.alarm.threshold`);
  expect(res.status).toBe(200);
  expect(res.body.extendsFrom).toEqual(['com.amazon.iottwinmaker.alarm.basic']);
  expect(res.body.isAbstract).toBe(false);
  expect(Object.keys(res.body.propertyDefinitions).sort()).toEqual(
    [
      'alarm_key',
      'alarm_message',
      'alarm_status',
      'delaySeconds',
      'hysteresis',
      'operator',
      'severity',
      'sourceComponent',
      'sourceProperty',
      'threshold',
    ].sort(),
  );
  const changed = await svc.call('PUT', `/workspaces/${ws}/component-types/doppel.alarm.threshold`, {});
  expect(errorOf(changed).code).toBe('DOPPEL_ERR_BUILT_IN_TYPE_READ_ONLY');
  const reserved = await svc.call('POST', `/workspaces/${ws}/component-types/doppel.mine`, {});
  expect(errorOf(reserved).status).toBe(400);
});

test('an alarm that never saw a value is NORMAL, with its settings and default key', async () => {
  const alarm = await alarmOf('Oven1');
  expect(alarm).toEqual({
    entityId: 'Oven1',
    entityName: 'Oven 1',
    componentName: 'OverTemp',
    componentTypeId: 'doppel.alarm.threshold',
    alarmName: 'OverTemp',
    alarmKey: 'Oven1/OverTemp',
    status: 'NORMAL',
    severity: 4,
    since: null,
    message: 'Oven too hot',
    threshold: {
      sourceComponent: 'Heat',
      sourceProperty: 'temperature',
      operator: '>',
      threshold: 200,
      hysteresis: 5,
      delaySeconds: 0,
    },
    sourceValue: null,
    snoozedUntil: null,
  });
});

test('a breaching value raises the alarm; it clears only past the hysteresis', async () => {
  await putTemperatures(svc, ws, 'Oven1', [['2024-05-01T10:00:00Z', 150]]);
  expect((await alarmOf('Oven1')).status).toBe('NORMAL');
  await putTemperatures(svc, ws, 'Oven1', [['2024-05-01T10:00:10Z', 210.5]]);
  const raised = await alarmOf('Oven1');
  expect(raised).toMatchObject({
    status: 'ACTIVE',
    since: '2024-05-01T10:00:10.000Z',
    sourceValue: {
      componentName: 'Heat',
      propertyName: 'temperature',
      value: { doubleValue: 210.5 },
      time: '2024-05-01T10:00:10.000Z',
    },
  });
  await putTemperatures(svc, ws, 'Oven1', [['2024-05-01T10:00:20Z', 197]]); // within the 5° hysteresis
  expect((await alarmOf('Oven1')).status).toBe('ACTIVE');
  await putTemperatures(svc, ws, 'Oven1', [['2024-05-01T10:00:30Z', 194.9]]);
  expect(await alarmOf('Oven1')).toMatchObject({ status: 'NORMAL', since: '2024-05-01T10:00:30.000Z' });
  const log = await events('Oven1');
  expect(log.map((e) => [e.action, e.previousStatus, e.status, e.time])).toEqual([
    ['CLEAR', 'ACTIVE', 'NORMAL', '2024-05-01T10:00:30.000Z'],
    ['RAISE', 'NORMAL', 'ACTIVE', '2024-05-01T10:00:10.000Z'],
  ]);
  expect(log[1].sourceValue.value).toEqual({ doubleValue: 210.5 });
});

test('with a delay the condition must hold from the first breaching value for delaySeconds of value time', async () => {
  await putTemperatures(svc, ws, 'Oven2', [
    ['2024-05-01T11:00:00Z', 230],
    ['2024-05-01T11:00:30Z', 240],
  ]);
  expect((await alarmOf('Oven2')).status).toBe('NORMAL');
  // a dip below the threshold starts the wait again
  await putTemperatures(svc, ws, 'Oven2', [
    ['2024-05-01T11:00:40Z', 180],
    ['2024-05-01T11:00:50Z', 230],
    ['2024-05-01T11:01:20Z', 230],
  ]);
  expect((await alarmOf('Oven2')).status).toBe('NORMAL');
  await putTemperatures(svc, ws, 'Oven2', [['2024-05-01T11:01:50Z', 231]]);
  expect(await alarmOf('Oven2')).toMatchObject({ status: 'ACTIVE', since: '2024-05-01T11:01:50.000Z' });
});

test('each transition is an alarm_status value: GetPropertyValueHistory shows the alarm history', async () => {
  const out = await svc.sdk().send(
    new GetPropertyValueHistoryCommand({
      workspaceId: ws,
      entityId: 'Oven1',
      componentName: 'OverTemp',
      selectedProperties: ['alarm_status'],
      startTime: '2024-05-01T00:00:00Z',
      endTime: '2024-05-02T00:00:00Z',
    }),
  );
  expect(out.propertyValues![0]!.values!.map((v) => [v.time, v.value!.stringValue])).toEqual([
    ['2024-05-01T10:00:10.000Z', 'ACTIVE'],
    ['2024-05-01T10:00:30.000Z', 'NORMAL'],
  ]);
});

test('acknowledge, snooze and reset need a write key, are audited and answer the new record', async () => {
  await putTemperatures(svc, ws, 'Oven1', [['2024-05-01T12:00:00Z', 250]]);
  const denied = await act('Oven1', 'acknowledge', {}, reader);
  expect(errorOf(denied)).toEqual({ status: 403, type: 'AccessDeniedException', code: 'DOPPEL_ERR_READ_ONLY_KEY' });

  const acked = await act('Oven1', 'acknowledge', { note: 'crew on it' }, writer);
  expect(acked.status).toBe(200);
  expect(acked.body).toMatchObject({ entityId: 'Oven1', status: 'ACKNOWLEDGED' });
  const again = await act('Oven1', 'acknowledge', {}, writer);
  expect(errorOf(again)).toEqual({ status: 409, type: 'ConflictException', code: 'DOPPEL_ERR_ALARM_STATE_CONFLICT' });

  const snoozed = await act('Oven1', 'snooze', { durationSeconds: 3600, note: 'maintenance' }, writer);
  expect(snoozed.body.status).toBe('SNOOZE_DISABLED');
  expect(Date.parse(snoozed.body.snoozedUntil) - Date.now()).toBeGreaterThan(3590_000);

  const reset = await act('Oven1', 'reset', { note: 'fixed' });
  expect(reset.body).toMatchObject({ status: 'NORMAL', snoozedUntil: null });
  const log = (await events('Oven1')).slice(0, 3);
  expect(log.map((e) => [e.action, e.status, e.accessKeyId, e.note])).toEqual([
    ['RESET', 'NORMAL', svc.admin.accessKeyId, 'fixed'],
    ['SNOOZE', 'SNOOZE_DISABLED', writer.accessKeyId, 'maintenance'],
    ['ACKNOWLEDGE', 'ACKNOWLEDGED', writer.accessKeyId, 'crew on it'],
  ]);
  // after a reset the next breaching value raises it again
  await putTemperatures(svc, ws, 'Oven1', [['2024-05-01T12:00:10Z', 251]]);
  expect((await alarmOf('Oven1')).status).toBe('ACTIVE');
});

test('acknowledging a NORMAL alarm is a ConflictException that says why', async () => {
  await putTemperatures(svc, ws, 'Oven1', [['2024-05-01T12:30:00Z', 20]]);
  const res = await act('Oven1', 'acknowledge');
  expect(errorOf(res)).toEqual({ status: 409, type: 'ConflictException', code: 'DOPPEL_ERR_ALARM_STATE_CONFLICT' });
  expect(res.body.message).toMatch(/NORMAL/);
});

test('a snooze ends by itself: the alarm returns to ACTIVE while its condition holds', async () => {
  await putTemperatures(svc, ws, 'Oven1', [['2024-05-01T13:00:00Z', 260]]);
  const snoozed = await act('Oven1', 'snooze', { durationSeconds: 1 });
  expect(snoozed.body.status).toBe('SNOOZE_DISABLED');
  expect((await list('?status=SNOOZE_DISABLED')).map((a) => a.entityId)).toEqual(['Oven1']);
  await new Promise((r) => setTimeout(r, 1100));
  expect(await list('?status=SNOOZE_DISABLED')).toEqual([]);
  expect((await alarmOf('Oven1')).status).toBe('ACTIVE');
  expect((await events('Oven1'))[0]).toMatchObject({ action: 'SNOOZE_END', previousStatus: 'SNOOZE_DISABLED' });
});

test('the listing filters by status and entity subtree, orders by severity, and pages', async () => {
  // both ovens ACTIVE now (Oven1 severity 4, Oven2 severity 2)
  expect((await list('?status=ACTIVE')).map((a) => [a.entityId, a.severity])).toEqual([
    ['Oven1', 4],
    ['Oven2', 2],
  ]);
  expect((await list('?status=ACTIVE&entityId=Line')).map((a) => a.entityId)).toEqual(['Oven1', 'Oven2']);
  expect((await list('?status=ACTIVE&entityId=Oven2')).map((a) => a.entityId)).toEqual(['Oven2']);
  expect(await list('?status=NORMAL,ACKNOWLEDGED&status=SNOOZE_DISABLED&entityId=Line')).toEqual([]);
  const first = await svc.call('GET', `${alarmsPath}?maxResults=1`);
  expect(first.body.alarms.map((a: any) => a.entityId)).toEqual(['Oven1']);
  const second = await svc.call('GET', `${alarmsPath}?maxResults=1&nextToken=${first.body.nextToken}`);
  expect(second.body.alarms.map((a: any) => a.entityId)).toEqual(['Oven2']);
  expect(second.body.nextToken).toBeUndefined();
  const mismatched = await svc.call('GET', `${alarmsPath}?status=NORMAL&nextToken=${first.body.nextToken}`);
  expect(errorOf(mismatched).code).toBe('DOPPEL_ERR_NEXT_TOKEN_MISMATCH');
  // a read key may list
  expect((await list('?status=ACTIVE', reader)).length).toBe(2);
});

test('values ingested in bulk raise alarms in the same write', async () => {
  const point = (time: string, doubleValue: number) =>
    JSON.stringify({
      entityId: 'Oven1',
      componentName: 'Heat',
      propertyName: 'temperature',
      time,
      value: { doubleValue },
    });
  const res = await svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, undefined, {
    headers: { 'content-type': 'application/x-ndjson' },
    rawBody: [
      point('2024-05-01T14:00:00Z', 10),
      point('2024-05-01T14:00:05Z', 11),
      point('2024-05-01T14:00:10Z', 300),
    ].join('\n'),
  });
  expect(res.body).toMatchObject({ accepted: 3, rejected: 0 });
  expect(await alarmOf('Oven1')).toMatchObject({ status: 'ACTIVE', since: '2024-05-01T14:00:10.000Z' });
  const byValues = (await events('Oven1')).filter((e) => e.time.startsWith('2024-05-01T14'));
  expect(byValues.map((e) => [e.action, e.time])).toEqual([
    ['RAISE', '2024-05-01T14:00:10.000Z'],
    ['CLEAR', '2024-05-01T14:00:00.000Z'],
  ]);
});

test('threshold edits are ordinary UpdateEntity calls and apply to the next value', async () => {
  const res = await svc.call('PUT', `/workspaces/${ws}/entities/Oven2`, {
    componentUpdates: {
      OverTemp: {
        updateType: 'UPDATE',
        propertyUpdates: { threshold: { value: { doubleValue: 500 } }, delaySeconds: { value: { integerValue: 0 } } },
      },
    },
  });
  expect(res.status).toBe(200);
  await putTemperatures(svc, ws, 'Oven2', [['2024-05-01T15:00:00Z', 300]]);
  expect(await alarmOf('Oven2')).toMatchObject({ status: 'NORMAL', threshold: { threshold: 500 } });
});

test('types of the user extending alarm.basic are alarms: their written alarm_status is their status', async () => {
  const created = await svc.call('POST', `/workspaces/${ws}/component-types/plant.door-alarm`, {
    extendsFrom: ['com.amazon.iottwinmaker.alarm.basic'],
    functions: { dataReader: { implementedBy: { isNative: true } } },
  });
  expect(created.status).toBe(200);
  const entity = await svc.call('POST', `/workspaces/${ws}/entities`, {
    entityId: 'Door',
    entityName: 'Door',
    parentEntityId: 'Line',
    components: {
      DoorAlarm: {
        componentTypeId: 'plant.door-alarm',
        properties: { alarm_key: { value: { stringValue: 'door-7' } } },
      },
    },
  });
  expect(entity.status).toBe(200);
  expect(await alarmOf('Door', 'DoorAlarm')).toMatchObject({
    status: 'NORMAL',
    alarmKey: 'door-7',
    threshold: null,
    severity: null,
  });
  const put = await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
    entries: [
      {
        entityPropertyReference: { entityId: 'Door', componentName: 'DoorAlarm', propertyName: 'alarm_status' },
        propertyValues: [{ time: '2024-05-01T16:00:00Z', value: { stringValue: 'ACTIVE' } }],
      },
    ],
  });
  expect(put.body.errorEntries).toEqual([]);
  expect(await alarmOf('Door', 'DoorAlarm')).toMatchObject({ status: 'ACTIVE', since: '2024-05-01T16:00:00.000Z' });
  const acked = await svc.call('POST', `${alarmsPath}/Door/DoorAlarm:acknowledge`, { note: 'seen' });
  expect(acked.body.status).toBe('ACKNOWLEDGED');
});

test('a workspace sees only its own alarms; another workspace’s key sees none of them', async () => {
  await seedAlarmSite(svc, 'other');
  await putTemperatures(svc, 'other', 'Oven1', [['2024-05-01T10:00:00Z', 999]]);
  const otherKey = await keyFor('other', 'write');
  const theirs = await svc.call('GET', '/doppel/workspaces/other/alarms?status=ACTIVE', undefined, {
    credentials: otherKey,
  });
  expect(theirs.body.alarms.map((a: any) => a.entityId)).toEqual(['Oven1']);
  const ours = await svc.call('GET', `${alarmsPath}`, undefined, { credentials: otherKey });
  expect(errorOf(ours)).toEqual({
    status: 404,
    type: 'ResourceNotFoundException',
    code: 'DOPPEL_ERR_WORKSPACE_NOT_FOUND',
  });
  const ack = await svc.call('POST', `${alarmsPath}/Oven1/OverTemp:reset`, {}, { credentials: otherKey });
  expect(errorOf(ack).code).toBe('DOPPEL_ERR_WORKSPACE_NOT_FOUND');
  // the other workspace's alarm moved nothing here
  expect((await list()).filter((a) => a.entityId === 'Oven1')[0].since).not.toBe('2024-05-01T10:00:00.000Z');
});

test('bad requests answer 4xx with a code that says what to fix', async () => {
  const cases: [string, string, unknown, number, string][] = [
    ['GET', `${alarmsPath}?status=BROKEN`, undefined, 400, 'DOPPEL_ERR_ALARM_QUERY_INVALID'],
    ['GET', `${alarmsPath}?maxResults=0`, undefined, 400, 'DOPPEL_ERR_ALARM_QUERY_INVALID'],
    ['GET', `${alarmsPath}?maxResults=1001`, undefined, 400, 'DOPPEL_ERR_ALARM_QUERY_INVALID'],
    ['GET', `${alarmsPath}?entityId=Nowhere`, undefined, 404, 'DOPPEL_ERR_ENTITY_NOT_FOUND'],
    ['POST', `${alarmsPath}/Oven1/Heat:acknowledge`, {}, 404, 'DOPPEL_ERR_NOT_AN_ALARM'],
    ['POST', `${alarmsPath}/Oven1/Nothing:acknowledge`, {}, 404, 'DOPPEL_ERR_COMPONENT_NOT_FOUND'],
    ['POST', `${alarmsPath}/Nobody/OverTemp:reset`, {}, 404, 'DOPPEL_ERR_ENTITY_NOT_FOUND'],
    ['POST', `${alarmsPath}/Oven1/OverTemp:silence`, {}, 400, 'DOPPEL_ERR_ALARM_ACTION_INVALID'],
    ['POST', `${alarmsPath}/Oven1/OverTemp`, {}, 400, 'DOPPEL_ERR_ALARM_ACTION_INVALID'],
    ['POST', `${alarmsPath}/Oven1/OverTemp:snooze`, {}, 400, 'DOPPEL_ERR_ALARM_ACTION_INVALID'],
    ['POST', `${alarmsPath}/Oven1/OverTemp:snooze`, { durationSeconds: 0 }, 400, 'DOPPEL_ERR_REQUEST_INVALID'],
    ['POST', `${alarmsPath}/Oven1/OverTemp:snooze`, { durationSeconds: 604801 }, 400, 'DOPPEL_ERR_REQUEST_INVALID'],
    ['POST', `${alarmsPath}/Oven1/OverTemp:reset`, { durationSeconds: 5 }, 400, 'DOPPEL_ERR_ALARM_ACTION_INVALID'],
    ['GET', `${alarmsPath}/Oven1/Heat/events`, undefined, 404, 'DOPPEL_ERR_NOT_AN_ALARM'],
  ];
  for (const [method, path, body, status, code] of cases) {
    const res = await svc.call(method, path, body);
    expect([path, res.status, res.errorCode]).toEqual([path, status, code]);
  }
});

test('a threshold alarm is created with an ordinary CreateEntity; missing settings are refused', async () => {
  const res = await svc.call('POST', `/workspaces/${ws}/entities`, {
    entityId: 'Oven3',
    entityName: 'Oven 3',
    components: { OverTemp: { componentTypeId: 'doppel.alarm.threshold', properties: {} } },
  });
  expect(errorOf(res)).toMatchObject({ status: 400, code: 'DOPPEL_ERR_ENTITY_INVALID' });
  const ok = await svc.call('POST', `/workspaces/${ws}/entities`, {
    entityId: 'Oven3',
    entityName: 'Oven 3',
    components: {
      OverTemp: {
        componentTypeId: 'doppel.alarm.threshold',
        properties: thresholdProperties({ severity: 5, delaySeconds: 0 }),
      },
    },
  });
  expect(ok.status).toBe(200);
});

test('whoami names the key and its workspaces, so a UI can hide what the key may not do', async () => {
  const me = await svc.call('GET', '/doppel/whoami', undefined, { credentials: reader });
  expect(me.body).toEqual({
    accessKeyId: reader.accessKeyId,
    isAdmin: false,
    workspaces: [{ workspaceId: ws, role: 'read' }],
  });
  const admin = await svc.call('GET', '/doppel/whoami');
  expect(admin.body).toEqual({ accessKeyId: svc.admin.accessKeyId, isAdmin: true, workspaces: [] });
  expect((await svc.call('GET', '/doppel/whoami', undefined, { credentials: null })).status).toBe(401);
});

test('alarm transitions reach live streams of alarm_status as they commit, actions included', async () => {
  const created = await svc.call('POST', `/workspaces/${ws}/entities`, {
    entityId: 'Oven4',
    entityName: 'Oven 4',
    components: {
      Heat: { componentTypeId: 'plant.oven' },
      OverTemp: {
        componentTypeId: 'doppel.alarm.threshold',
        properties: thresholdProperties({ severity: 3, delaySeconds: 0 }),
      },
    },
  });
  expect(created.status).toBe(200);
  const abort = new AbortController();
  const res = await fetch(
    `${svc.url}/doppel/workspaces/${ws}/stream?entityId=Oven4&componentName=OverTemp&selectedProperties=alarm_status`,
    {
      headers: { authorization: `Bearer ${svc.admin.accessKeyId}:${svc.admin.secretAccessKey}` },
      signal: abort.signal,
    },
  );
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const statuses = () => [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!).value.stringValue as string);
  const waitFor = async (count: number) => {
    while (statuses().length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return statuses();
  };
  try {
    await putTemperatures(svc, ws, 'Oven4', [['2024-05-02T10:00:00Z', 250]]);
    expect(await waitFor(1)).toEqual(['ACTIVE']);
    await act('Oven4', 'acknowledge');
    expect(await waitFor(2)).toEqual(['ACTIVE', 'ACKNOWLEDGED']);
  } finally {
    abort.abort();
  }
});
