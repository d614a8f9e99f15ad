import { dateTime, type DataFrame, type DataQueryRequest, type DataQueryResponse, FieldType } from '@grafana/data';
import { firstValueFrom, lastValueFrom, type Subscription } from 'rxjs';

import type { ValueStreamHandlers } from '../common/scene/valueStream';
import { alarmRecord, cookieWorkspace, fakeService } from '../test/fakeService';
import { testDataSource } from '../test/testDataSource';
import { ALARM_DEBOUNCE_MS, compareAlarms, liveAlarmFrames, readAlarms } from './alarmsQuery';
import { DoppelClient } from '../common/client';
import type { PropertyRef } from '../common/scene/bindings';
import { type DoppelQuery, type GetAlarmsQuery, QueryType } from './types';

const range = { from: dateTime(0), to: dateTime(1), raw: { from: 'now-1h', to: 'now' } };
const request = (targets: DoppelQuery[]) =>
  ({ requestId: 'r', range, scopedVars: {}, targets, app: 'dashboard' }) as unknown as DataQueryRequest<DoppelQuery>;
const alarmsQuery = (patch: Partial<GetAlarmsQuery> = {}): GetAlarmsQuery => ({
  refId: 'A',
  queryType: QueryType.GetAlarms,
  ...patch,
});

/** The cookie factory with alarms on both mixers and the factory itself. */
function withAlarms() {
  const ws = cookieWorkspace();
  ws.alarms = [
    alarmRecord('Mixer_0', 'Overheat', { severity: 4, since: '2021-11-05T00:10:00.000Z' }),
    alarmRecord('Mixer_1', 'Overheat', { status: 'NORMAL', severity: 4, since: null }),
    alarmRecord('Mixer_1', 'Vibration', { status: 'ACKNOWLEDGED', severity: 2 }),
    alarmRecord('Factory', 'Power', { severity: null, message: 'Mains lost' }),
  ];
  return ws;
}

const column = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name)!.values;

describe('Get Alarms', () => {
  it("answers one frame with TwinMaker's fields, the status shown as Status in its colours, plus severity and since", async () => {
    const svc = fakeService(withAlarms());
    const response = await lastValueFrom(testDataSource(svc).query(request([alarmsQuery()])));
    expect(response.data).toHaveLength(1);
    const frame: DataFrame = response.data[0];
    expect(frame.fields.map((f) => f.name)).toEqual([
      'alarmName',
      'alarmId',
      'entityId',
      'entityName',
      'alarmStatus',
      'Time',
      'severity',
      'since',
      'message',
    ]);
    expect(column(frame, 'alarmName')).toEqual(['Overheat', 'Overheat', 'Vibration', 'Power']);
    expect(column(frame, 'alarmId')).toEqual([
      'Mixer_0/Overheat',
      'Mixer_1/Overheat',
      'Mixer_1/Vibration',
      'Factory/Power',
    ]);
    expect(column(frame, 'alarmStatus')).toEqual(['ACTIVE', 'NORMAL', 'ACKNOWLEDGED', 'ACTIVE']);
    expect(column(frame, 'Time')[0]).toBe(Date.parse('2021-11-05T00:10:00.000Z'));
    expect(column(frame, 'since')[1]).toBeNull();
    expect(column(frame, 'severity')).toEqual([4, 4, 2, null]);
    const status = frame.fields.find((f) => f.name === 'alarmStatus')!;
    expect(status.config.displayName).toBe('Status');
    const colours = Object.fromEntries(
      Object.entries(status.config.mappings![0]!.options as Record<string, { color: string }>).map(([k, v]) => [
        k,
        v.color,
      ]),
    );
    expect(colours).toEqual({ NORMAL: 'green', ACTIVE: 'red', SNOOZE_DISABLED: 'orange', ACKNOWLEDGED: 'blue' });
    expect(frame.fields.find((f) => f.name === 'Time')!.type).toBe(FieldType.time);
    expect(frame.meta?.custom?.alarms[3].message).toBe('Mains lost');
  });

  it('sends the status filter and the entity in one listing request', async () => {
    const svc = fakeService(withAlarms());
    const query = alarmsQuery({ statuses: ['ACTIVE', 'ACKNOWLEDGED'], entityId: '$mixer' });
    const ds = testDataSource(svc, { variables: { mixer: 'Mixer_1' } });
    const response = await lastValueFrom(ds.query(request([query])));
    expect(column(response.data[0], 'alarmStatus')).toEqual(['ACKNOWLEDGED']);
    const calls = svc.seen.filter((s) => s.path.includes('/alarms'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe(
      '/doppel/workspaces/cookiefactory/alarms?status=ACTIVE%2CACKNOWLEDGED&entityId=Mixer_1&maxResults=1000',
    );
  });

  it('an entity takes its descendants; a multi-value variable merges the entities into one frame in the service order', async () => {
    const svc = fakeService(withAlarms());
    expect(
      column(
        (await lastValueFrom(testDataSource(svc).query(request([alarmsQuery({ entityId: 'Factory' })])))).data[0],
        'entityId',
      ),
    ).toHaveLength(4);
    const ds = testDataSource(svc, { variables: { m: ['Mixer_1', 'Mixer_0', 'Mixer_1'] } });
    const frame = (await lastValueFrom(ds.query(request([alarmsQuery({ entityId: '${m}' })])))).data[0];
    expect(frame.length).toBe(3);
    expect(column(frame, 'alarmId')).toEqual(['Mixer_0/Overheat', 'Mixer_1/Overheat', 'Mixer_1/Vibration']);
  });

  it('follows nextToken up to Max results and says when it stopped early', async () => {
    const ws = cookieWorkspace();
    ws.alarms = Array.from({ length: 2500 }, (_, i) => alarmRecord('Mixer_0', `A${String(i).padStart(4, '0')}`));
    const svc = fakeService(ws);
    const all = (await lastValueFrom(testDataSource(svc).query(request([alarmsQuery()])))).data[0];
    expect(all.length).toBe(2500);
    expect(svc.seen.filter((s) => s.path.includes('/alarms'))).toHaveLength(3);
    const capped = (await lastValueFrom(testDataSource(svc).query(request([alarmsQuery({ maxResults: 1200 })]))))
      .data[0];
    expect(capped.length).toBe(1200);
    expect(capped.meta.notices[0].text).toMatch(/first 1,200 alarms/);
  });

  it('orders as the service does: severity, newest transition, entity, component', () => {
    const list = [
      alarmRecord('B', 'x', { severity: 2 }),
      alarmRecord('A', 'x', { severity: null }),
      alarmRecord('C', 'y', { severity: 2, since: '2021-11-05T01:00:00.000Z' }),
      alarmRecord('A', 'y', { severity: 2 }),
    ].sort(compareAlarms);
    expect(list.map((a) => `${a.entityId}/${a.componentName}`)).toEqual(['C/y', 'A/y', 'B/x', 'A/x']);
  });
});

describe('Get Alarms, live', () => {
  /** A values:stream stand-in: records what it follows and lets the test send events. */
  function fakeStream() {
    const opened: Array<{ refs: PropertyRef[]; handlers: ValueStreamHandlers; closed: boolean }> = [];
    const open = (_url: string, refs: PropertyRef[], handlers: ValueStreamHandlers) => {
      const s = { refs, handlers, closed: false };
      opened.push(s);
      setTimeout(() => handlers.onOpen?.(), 0);
      return () => {
        s.closed = true;
      };
    };
    return { open, opened };
  }

  const nextFrame = (frames: DataQueryResponse[], n: number) =>
    new Promise<DataFrame>((resolve) => {
      const check = () => (frames.length >= n ? resolve(frames[n - 1]!.data[0]) : setTimeout(check, 5));
      check();
    });

  it("follows every alarm's alarm_status in scope and re-reads the listing when one changes", async () => {
    const ws = withAlarms();
    const svc = fakeService(ws);
    const stream = fakeStream();
    const ds = testDataSource(svc, { valueStream: stream.open });
    const frames: DataQueryResponse[] = [];
    const sub: Subscription = ds
      .query(request([alarmsQuery({ statuses: ['ACTIVE'], entityId: 'Mixer_1', stream: true })]))
      .subscribe((r) => frames.push(r));
    const first = await nextFrame(frames, 1);
    expect(frames[0]!.state).toBe('Streaming');
    expect(first.length).toBe(0);
    // the NORMAL and ACKNOWLEDGED alarms are followed though the filter shows neither
    expect(stream.opened[0]!.refs).toEqual([
      { entityId: 'Mixer_1', componentName: 'Overheat', propertyName: 'alarm_status' },
      { entityId: 'Mixer_1', componentName: 'Vibration', propertyName: 'alarm_status' },
    ]);
    ws.alarms![1]!.status = 'ACTIVE';
    stream.opened[0]!.handlers.onValues([
      { entityId: 'Mixer_1', componentName: 'Overheat', propertyName: 'alarm_status', time: 't', value: {} },
    ]);
    const second = await nextFrame(frames, 2);
    expect(column(second, 'alarmId')).toEqual(['Mixer_1/Overheat']);
    sub.unsubscribe();
    expect(stream.opened[0]!.closed).toBe(true);
  });

  it('a burst of events causes one re-read', async () => {
    const svc = fakeService(withAlarms());
    const stream = fakeStream();
    const ds = testDataSource(svc, { valueStream: stream.open });
    const frames: DataQueryResponse[] = [];
    const sub = ds.query(request([alarmsQuery({ stream: true })])).subscribe((r) => frames.push(r));
    await nextFrame(frames, 1);
    const reads = () => svc.seen.filter((s) => s.path.includes('/alarms')).length;
    const before = reads();
    for (let i = 0; i < 20; i++) stream.opened[0]!.handlers.onValues([]);
    await nextFrame(frames, 2);
    await new Promise((r) => setTimeout(r, ALARM_DEBOUNCE_MS * 2));
    expect(reads() - before).toBe(1);
    expect(frames).toHaveLength(2);
    sub.unsubscribe();
  });

  it('the periodic re-read follows alarms created after the stream opened', async () => {
    const ws = withAlarms();
    const svc = fakeService(ws);
    const stream = fakeStream();
    const ctx = {
      client: new DoppelClient('/api/datasources/proxy/uid/ds1/doppel', svc.transport),
      workspaceId: 'cookiefactory',
      maxResults: 100,
    };
    const frames: DataFrame[] = [];
    const sub = liveAlarmFrames({
      read: () => readAlarms([alarmsQuery()], ctx),
      scope: () => readAlarms([alarmsQuery()], ctx, true),
      streamUrl: 'u',
      openStream: stream.open,
      cap: 100,
      refId: 'A',
      refreshMs: 50,
    }).subscribe((f) => frames.push(f));
    await new Promise((r) => setTimeout(r, 20));
    expect(stream.opened).toHaveLength(1);
    ws.alarms!.push(alarmRecord('Mixer_0', 'Pressure'));
    await new Promise((r) => setTimeout(r, 120));
    sub.unsubscribe();
    expect(stream.opened.length).toBeGreaterThanOrEqual(2);
    expect(stream.opened[0]!.closed).toBe(true);
    expect(stream.opened.at(-1)!.refs.map((r) => r.componentName)).toContain('Pressure');
    expect(frames.at(-1)!.length).toBe(5);
  });

  it('a refused listing ends the stream with the error', async () => {
    const bad = testDataSource(fakeService({ ...withAlarms(), workspaces: [] }), { valueStream: fakeStream().open });
    const response = await firstValueFrom(bad.query(request([alarmsQuery({ stream: true })])));
    expect(response.error?.message).toMatch(/ResourceNotFoundException \(404\): Workspace cookiefactory not found/);
  });
});
