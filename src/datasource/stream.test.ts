import {
  dateTime,
  type DataQueryRequest,
  type DataQueryResponse,
  FieldType,
  LoadingState,
  toDataFrame,
} from '@grafana/data';

import { cookieWorkspace, fakeService } from '../test/fakeService';
import { testDataSource } from '../test/testDataSource';
import { DoppelDataSource } from './datasource';
import { type EventSourceLike, liveFrames, parseLiveEvent } from './stream';
import { type DoppelQuery, QueryType } from './types';

class FakeEventSource implements EventSourceLike {
  static opened: FakeEventSource[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  listeners = new Map<string, (event: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: { data: string }) => void) {
    this.listeners.set(type, listener);
  }
  /** the service accepted the stream: from now on it sends every value stored */
  open() {
    this.onopen?.({});
  }
  /** an `event: value` SSE event, as the service sends each stored value */
  emit(payload: unknown) {
    this.listeners.get('value')?.({ data: JSON.stringify(payload) });
  }
  close() {
    this.closed = true;
  }
}

describe('parseLiveEvent', () => {
  it('reads a PropertyValueHistory-shaped event', () => {
    expect(
      parseLiveEvent(
        JSON.stringify({
          entityPropertyReference: { entityId: 'Mixer_0', componentName: 'MixerComponent', propertyName: 'RPM' },
          values: [{ time: '2021-11-05T00:00:01Z', value: { doubleValue: 61 } }],
        }),
      ),
    ).toEqual([
      {
        entityId: 'Mixer_0',
        componentName: 'MixerComponent',
        propertyName: 'RPM',
        time: Date.parse('2021-11-05T00:00:01Z'),
        value: { doubleValue: 61 },
      },
    ]);
  });

  it('reads flat events and arrays of them, and ignores what it cannot read', () => {
    const events = parseLiveEvent(
      JSON.stringify([
        {
          entityId: 'Mixer_0',
          componentName: 'c',
          propertyName: 'RPM',
          time: '2021-11-05T00:00:02Z',
          value: { doubleValue: 1 },
        },
        {
          propertyReference: { propertyName: 'Temperature' },
          propertyValues: [{ time: '2021-11-05T00:00:03Z', value: { doubleValue: 2 } }],
        },
        { propertyName: 'x' },
      ]),
    );
    expect(events.map((e) => e.propertyName)).toEqual(['RPM', 'Temperature']);
    expect(parseLiveEvent('not json')).toEqual([]);
  });
});

describe('streaming history query', () => {
  it('emits the history, then appends each live value to its property frame, and closes on unsubscribe', async () => {
    const ws = cookieWorkspace();
    ws.history = (body) => ({
      '': {
        propertyValues: [
          {
            entityPropertyReference: {
              entityId: body.entityId,
              componentName: body.componentName,
              propertyName: 'RPM',
            },
            values: [{ time: '2021-11-05T00:00:00Z', value: { doubleValue: 60 } }],
          },
        ],
      },
    });
    const svc = fakeService(ws);
    const ds = testDataSource(svc, { eventSource: (url) => new FakeEventSource(url) });
    const query: DoppelQuery = {
      refId: 'A',
      queryType: QueryType.EntityHistory,
      entityId: 'Mixer_0',
      componentName: 'MixerComponent',
      properties: ['RPM', 'Temperature'],
      stream: true,
    };
    const responses: DataQueryResponse[] = [];
    const sub = (
      ds.query({
        requestId: 'q',
        targets: [query],
        range: { from: dateTime(0), to: dateTime(), raw: { from: 'now-1h', to: 'now' } },
        scopedVars: {},
      } as unknown as DataQueryRequest<DoppelQuery>) as any
    ).subscribe((r: DataQueryResponse) => responses.push(r));
    const source = FakeEventSource.opened.at(-1)!;
    // the history is read only once the stream is open
    await new Promise((r) => setTimeout(r, 0));
    expect(svc.seen.some((x) => x.path.endsWith('/history'))).toBe(false);
    source.open();
    await new Promise((r) => setTimeout(r, 0));

    expect(source.url).toBe(
      '/api/datasources/proxy/uid/ds1/doppel/doppel/workspaces/cookiefactory/stream?entityId=Mixer_0&componentName=MixerComponent&selectedProperties=RPM&selectedProperties=Temperature',
    );
    expect(responses.at(-1)!.state).toBe(LoadingState.Streaming);
    expect(responses.at(-1)!.data[0].length).toBe(1);

    source.emit({
      entityPropertyReference: { entityId: 'Mixer_0', componentName: 'MixerComponent', propertyName: 'RPM' },
      values: [{ time: '2021-11-05T00:00:01Z', value: { doubleValue: 61 } }],
    });
    source.emit({
      entityId: 'Mixer_0',
      componentName: 'MixerComponent',
      propertyName: 'Temperature',
      time: '2021-11-05T00:00:01Z',
      value: { doubleValue: 20.5 },
    });
    // another entity's value on the same stream is not ours
    source.emit({
      entityId: 'Mixer_1',
      componentName: 'MixerComponent',
      propertyName: 'RPM',
      time: '2021-11-05T00:00:02Z',
      value: { doubleValue: 1 },
    });

    const last = responses.at(-1)!;
    expect(last.key).toBe(responses[0]!.key);
    const rpm = last.data.find((f: any) => f.name === 'RPM');
    expect(rpm.fields[1].values.toArray ? rpm.fields[1].values.toArray() : [...rpm.fields[1].values]).toEqual([60, 61]);
    const temperature = last.data.find((f: any) => f.name === 'Temperature');
    expect([...temperature.fields[1].values]).toEqual([20.5]);
    expect(temperature.refId).toBe('A');

    sub.unsubscribe();
    expect(source.closed).toBe(true);
  });
});

describe('liveFrames', () => {
  const history = (times: number[], values: number[]) =>
    toDataFrame({
      name: 'RPM',
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'RPM', type: FieldType.number, values: values },
      ],
    });
  const source = { url: '/s', entityId: 'Mixer_0', componentName: 'MixerComponent' };
  const rpm = (time: number, value: number) => ({
    entityId: 'Mixer_0',
    propertyName: 'RPM',
    time: new Date(time).toISOString(),
    value: { doubleValue: value },
  });

  it('opens the stream before the history and keeps values written in between, without duplicates', async () => {
    let resolve!: (frames: any) => void;
    const pending = new Promise<any>((r) => (resolve = r));
    const emitted: any[] = [];
    const sub = liveFrames(
      [source],
      () => pending,
      100,
      (url) => new FakeEventSource(url),
      'A',
    ).subscribe((f) => emitted.push(f));
    const es = FakeEventSource.opened.at(-1)!;
    es.open();
    es.emit(rpm(2000, 62)); // also in the history about to arrive
    es.emit(rpm(3000, 63)); // written after the history was read
    expect(emitted).toHaveLength(0);
    resolve([[history([1000, 2000], [61, 62])]]);
    await pending;
    await Promise.resolve();
    expect([...emitted.at(-1)[0].fields[1].values]).toEqual([61, 62, 63]);
    es.emit(rpm(4000, 64));
    expect([...emitted.at(-1)[0].fields[0].values]).toEqual([1000, 2000, 3000, 4000]);
    sub.unsubscribe();
  });

  it('puts a descending history oldest first so live values extend it', async () => {
    const emitted: any[] = [];
    const sub = liveFrames(
      [source],
      () => Promise.resolve([[history([2000, 1000], [62, 61])]]),
      100,
      (url) => new FakeEventSource(url),
      'A',
    ).subscribe((f) => emitted.push(f));
    FakeEventSource.opened.at(-1)!.open();
    await new Promise((r) => setTimeout(r, 0));
    FakeEventSource.opened.at(-1)!.emit(rpm(3000, 63));
    expect([...emitted.at(-1)[0].fields[1].values]).toEqual([61, 62, 63]);
    sub.unsubscribe();
  });

  it('fails the query, and closes the stream, when the history fails', async () => {
    const errors: unknown[] = [];
    liveFrames(
      [source],
      () => Promise.reject(new Error('boom')),
      100,
      (url) => new FakeEventSource(url),
      'A',
    ).subscribe({
      error: (e) => errors.push(e),
    });
    FakeEventSource.opened.at(-1)!.open();
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveLength(1);
    expect(FakeEventSource.opened.at(-1)!.closed).toBe(true);
  });
});

describe('live streams per query', () => {
  it('reads the history anyway when a stream does not open in time', async () => {
    jest.useFakeTimers();
    const emitted: any[] = [];
    const read = jest.fn(() => Promise.resolve([[]]));
    const sub = liveFrames(
      [{ url: '/s', entityId: 'e', componentName: 'c' }],
      read,
      100,
      (url) => new FakeEventSource(url),
      'A',
    ).subscribe((f) => emitted.push(f));
    expect(read).not.toHaveBeenCalled();
    jest.advanceTimersByTime(3000);
    expect(read).toHaveBeenCalledTimes(1);
    jest.useRealTimers();
    sub.unsubscribe();
  });

  it('opens at most a few streams for a multi-entity query and says so', async () => {
    const ws = cookieWorkspace();
    const svc = fakeService(ws);
    const before = FakeEventSource.opened.length;
    const entities = ['Mixer_0', 'Mixer_1', 'Mixer_2', 'Mixer_3', 'Mixer_4', 'Mixer_5'];
    ws.history = (body) => ({
      '': {
        propertyValues: [
          {
            entityPropertyReference: { entityId: body.entityId, componentName: 'MixerComponent', propertyName: 'RPM' },
            values: [{ time: '2021-11-05T00:00:00Z', value: { doubleValue: 1 } }],
          },
        ],
      },
    });
    const ds = testDataSource(svc, { variables: { mixers: entities }, eventSource: (url) => new FakeEventSource(url) });
    const responses: DataQueryResponse[] = [];
    const sub = (
      ds.query({
        requestId: 'q',
        targets: [
          {
            refId: 'A',
            queryType: QueryType.EntityHistory,
            entityId: '$mixers',
            componentName: 'MixerComponent',
            properties: ['RPM'],
            stream: true,
          },
        ],
        range: { from: dateTime(0), to: dateTime(), raw: { from: 'now-1h', to: 'now' } },
        scopedVars: {},
      } as unknown as DataQueryRequest<DoppelQuery>) as any
    ).subscribe((r: DataQueryResponse) => responses.push(r));
    const opened = FakeEventSource.opened.slice(before);
    expect(opened).toHaveLength(4);
    opened.forEach((es) => es.open());
    await new Promise((r) => setTimeout(r, 0));
    const last = responses.at(-1)!;
    expect(last.error).toBeUndefined();
    expect(last.data).toHaveLength(6);
    expect(last.data[0].meta.notices[0].text).toBe(
      'Live for the first 4 of 6 entities: a browser keeps few streams open per server.',
    );
    sub.unsubscribe();
  });
});

describe('streaming component-type history query', () => {
  const mixers = 'com.example.cookiefactory.mixer';
  const rpmOf = (entityId: string, time: string, value: number) => ({
    entityId,
    componentName: 'MixerComponent',
    propertyName: 'RPM',
    time,
    value: { doubleValue: value },
  });

  function dataSource() {
    const ws = cookieWorkspace();
    ws.history = () => ({
      '': {
        propertyValues: ['Mixer_0', 'Mixer_1'].map((entityId, i) => ({
          entityPropertyReference: { entityId, componentName: 'MixerComponent', propertyName: 'RPM' },
          values: [{ time: '2021-11-05T00:00:00Z', value: { doubleValue: 60 + i } }],
        })),
      },
    });
    const svc = fakeService(ws);
    const ds = testDataSource(svc, { eventSource: (url) => new FakeEventSource(url) });
    return { ds, svc };
  }

  const run = (ds: DoppelDataSource, stream: boolean, into: DataQueryResponse[]) =>
    (
      ds.query({
        requestId: 'q',
        targets: [
          { refId: 'A', queryType: QueryType.ComponentHistory, componentTypeId: mixers, properties: ['RPM'], stream },
        ],
        range: { from: dateTime(0), to: dateTime(), raw: { from: 'now-1h', to: 'now' } },
        scopedVars: {},
      } as unknown as DataQueryRequest<DoppelQuery>) as any
    ).subscribe((r: DataQueryResponse) => into.push(r));

  const displayNames = (frames: any[]) => frames.map((f) => f.fields[1].config.displayNameFromDS);
  const valuesOf = (frames: any[], entityId: string) => [
    ...frames.find((f) => f.fields[1].labels.entityId === entityId).fields[1].values,
  ];

  it('opens one stream for the type and appends each entity value to its own series, named as without streaming', async () => {
    const plain: DataQueryResponse[] = [];
    run(dataSource().ds, false, plain);
    await new Promise((r) => setTimeout(r, 0));
    const withoutStream = plain.at(-1)!.data;
    expect(displayNames(withoutStream)).toHaveLength(2);

    const { ds, svc } = dataSource();
    const responses: DataQueryResponse[] = [];
    const before = FakeEventSource.opened.length;
    const sub = run(ds, true, responses);
    const opened = FakeEventSource.opened.slice(before);
    expect(opened.map((es) => es.url)).toEqual([
      `/api/datasources/proxy/uid/ds1/doppel/doppel/workspaces/cookiefactory/stream?componentTypeId=${mixers}&selectedProperties=RPM`,
    ]);
    await new Promise((r) => setTimeout(r, 0));
    expect(svc.seen.some((x) => x.path.endsWith('/history'))).toBe(false);
    opened[0]!.open();
    // a value that arrives while the history is read is kept
    opened[0]!.emit(rpmOf('Mixer_1', '2021-11-05T00:00:01Z', 71));
    await new Promise((r) => setTimeout(r, 0));
    expect(responses.at(-1)!.state).toBe(LoadingState.Streaming);
    expect(displayNames(responses.at(-1)!.data)).toEqual(displayNames(withoutStream));

    opened[0]!.emit(rpmOf('Mixer_0', '2021-11-05T00:00:02Z', 80));
    opened[0]!.emit(rpmOf('Mixer_1', '2021-11-05T00:00:02Z', 72));
    opened[0]!.emit(rpmOf('Mixer_0', '2021-11-05T00:00:00Z', 60)); // already in the history
    let frames = responses.at(-1)!.data;
    expect(frames).toHaveLength(2);
    expect(valuesOf(frames, 'Mixer_0')).toEqual([60, 80]);
    expect(valuesOf(frames, 'Mixer_1')).toEqual([61, 71, 72]);

    // an entity without history in range gets its own frame, labelled as the history labels it
    opened[0]!.emit(rpmOf('Mixer_2', '2021-11-05T00:00:03Z', 90));
    // a value naming no entity cannot be placed
    opened[0]!.emit({ propertyName: 'RPM', time: '2021-11-05T00:00:04Z', value: { doubleValue: 1 } });
    frames = responses.at(-1)!.data;
    expect(frames).toHaveLength(3);
    expect(valuesOf(frames, 'Mixer_2')).toEqual([90]);
    expect(frames[2].name).toBe('RPM');
    expect(frames[2].refId).toBe('A');
    expect(frames[2].fields[1].labels).toEqual({
      componentTypeId: mixers,
      entityId: 'Mixer_2',
      componentName: 'MixerComponent',
      propertyName: 'RPM',
    });
    expect(frames[2].fields[1].config.displayNameFromDS).toBe('Mixer_2 RPM');

    sub.unsubscribe();
    expect(opened[0]!.closed).toBe(true);
  });

  it('says live in the query display text', () => {
    const { ds } = dataSource();
    expect(
      ds.getQueryDisplayText({
        refId: 'A',
        queryType: QueryType.ComponentHistory,
        componentTypeId: mixers,
        properties: ['RPM'],
        stream: true,
      }),
    ).toBe(`History of every ${mixers} [RPM] (live)`);
  });
});
