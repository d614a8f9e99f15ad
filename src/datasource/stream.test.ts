import { type DataFrame, dateTime, type DataQueryRequest, type DataQueryResponse, LoadingState } from '@grafana/data';
import { lastValueFrom, type Subscription } from 'rxjs';

import type { DataValue } from '../common/twinmaker';
import { cookieWorkspace, fakeService, type StoredPoint, storedHistory } from '../test/fakeService';
import { testDataSource } from '../test/testDataSource';
import type { DoppelDataSource } from './datasource';
import { historyToFrames } from './frames';
import { type EventSourceLike, liveFrames, parseLiveEvent, type SourceHistory } from './stream';
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

const openEventSource = (url: string) => new FakeEventSource(url);
const tick = () => new Promise((r) => setTimeout(r, 0));
const mixers = 'com.example.cookiefactory.mixer';
const T0 = '2021-11-05T00:00:00Z';

const point = (entityId: string, propertyName: string, time: string, value: DataValue): StoredPoint => ({
  entityId,
  componentName: 'MixerComponent',
  propertyName,
  time,
  value,
});
const rpm = (entityId: string, time: string, value: number) => point(entityId, 'RPM', time, { doubleValue: value });

/** The data source on a cookie workspace whose history answers from `stored`, with fake EventSources. */
function dataSource(stored: StoredPoint[], variables: Record<string, string | string[]> = {}) {
  const ws = cookieWorkspace();
  ws.history = storedHistory(ws, stored);
  const svc = fakeService(ws);
  return { ds: testDataSource(svc, { variables, eventSource: openEventSource }), svc, ws };
}

const request = (target: DoppelQuery) =>
  ({
    requestId: 'q',
    targets: [target],
    range: { from: dateTime(0), to: dateTime(), raw: { from: 'now-1h', to: 'now' } },
    scopedVars: {},
  }) as unknown as DataQueryRequest<DoppelQuery>;

/** Starts a query; its responses land in `responses`, the EventSources it opened in `sources`. */
function start(ds: DoppelDataSource, target: DoppelQuery) {
  const before = FakeEventSource.opened.length;
  const responses: DataQueryResponse[] = [];
  const subscription: Subscription = (ds.query(request(target)) as any).subscribe((r: DataQueryResponse) =>
    responses.push(r),
  );
  return { responses, subscription, sources: FakeEventSource.opened.slice(before), last: () => responses.at(-1)! };
}

/** Starts a streaming query and lets its streams open and its history arrive. */
async function startLive(ds: DoppelDataSource, target: DoppelQuery) {
  const live = start(ds, { ...target, stream: true } as DoppelQuery);
  live.sources.forEach((es) => es.open());
  await tick();
  return live;
}

/** The same query without the stream, as a dashboard refresh reads it. */
async function refresh(ds: DoppelDataSource, target: DoppelQuery): Promise<DataFrame[]> {
  const response: DataQueryResponse = await lastValueFrom(
    ds.query(request({ ...target, stream: false } as DoppelQuery)) as any,
  );
  return response.data;
}

const series = (frames: DataFrame[], entityId: string, propertyName: string) =>
  frames.find((f) => f.fields[1]?.labels?.entityId === entityId && f.fields[1]?.labels?.propertyName === propertyName);
const valuesOf = (frame: DataFrame | undefined) => [...(frame?.fields[1]?.values ?? [])];

const entityQuery: DoppelQuery = {
  refId: 'A',
  queryType: QueryType.EntityHistory,
  entityId: 'Mixer_0',
  componentName: 'MixerComponent',
  properties: ['RPM', 'Temperature'],
};
const typeQuery: DoppelQuery = {
  refId: 'A',
  queryType: QueryType.ComponentHistory,
  componentTypeId: mixers,
  properties: ['RPM'],
};

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

  it.each<[string, unknown, string[]]>([
    ['a flat value, as the service sends it', rpm('Mixer_0', '2021-11-05T00:00:02Z', 1), ['RPM']],
    [
      'a propertyReference with propertyValues',
      {
        propertyReference: { propertyName: 'Temperature' },
        propertyValues: [{ time: '2021-11-05T00:00:03Z', value: { doubleValue: 2 } }],
      },
      ['Temperature'],
    ],
    [
      'an array of values',
      [
        rpm('Mixer_0', '2021-11-05T00:00:02Z', 1),
        point('Mixer_0', 'Temperature', '2021-11-05T00:00:02Z', { doubleValue: 20 }),
      ],
      ['RPM', 'Temperature'],
    ],
    ['a value without a value', { propertyName: 'x' }, []],
    ['a value without a time', { propertyName: 'x', value: { doubleValue: 1 } }, []],
  ])('reads %s', (_, payload, properties) => {
    expect(parseLiveEvent(JSON.stringify(payload)).map((v) => v.propertyName)).toEqual(properties);
  });

  it('reads nothing from a payload that is not JSON', () => {
    expect(parseLiveEvent('not json')).toEqual([]);
  });
});

describe('streaming history by entity', () => {
  it('reads the history only once the stream is open', async () => {
    const { ds, svc } = dataSource([rpm('Mixer_0', T0, 60)]);
    const live = start(ds, { ...entityQuery, stream: true } as DoppelQuery);
    await tick();
    expect(svc.seen.some((x) => x.path.endsWith('/history'))).toBe(false);
    live.sources[0]!.open();
    await tick();
    expect(svc.seen.some((x) => x.path.endsWith('/history'))).toBe(true);
    expect(live.last().state).toBe(LoadingState.Streaming);
    live.subscription.unsubscribe();
  });

  it('follows the entity component and the picked properties', async () => {
    const { ds } = dataSource([]);
    const live = await startLive(ds, entityQuery);
    expect(live.sources.map((es) => es.url)).toEqual([
      '/api/datasources/proxy/uid/ds1/doppel/doppel/workspaces/cookiefactory/stream?entityId=Mixer_0&componentName=MixerComponent&selectedProperties=RPM&selectedProperties=Temperature',
    ]);
    live.subscription.unsubscribe();
  });

  it('appends each live value to its property frame, under the first response key', async () => {
    const { ds } = dataSource([rpm('Mixer_0', T0, 60)]);
    const live = await startLive(ds, entityQuery);
    live.sources[0]!.emit({
      entityPropertyReference: { entityId: 'Mixer_0', componentName: 'MixerComponent', propertyName: 'RPM' },
      values: [{ time: '2021-11-05T00:00:01Z', value: { doubleValue: 61 } }],
    });
    expect(live.last().key).toBe(live.responses[0]!.key);
    expect(valuesOf(series(live.last().data, 'Mixer_0', 'RPM'))).toEqual([60, 61]);
    live.subscription.unsubscribe();
  });

  it("leaves out another entity's value on the same stream", async () => {
    const { ds } = dataSource([rpm('Mixer_0', T0, 60)]);
    const live = await startLive(ds, entityQuery);
    live.sources[0]!.emit(rpm('Mixer_1', '2021-11-05T00:00:02Z', 1));
    expect(live.last().data).toHaveLength(1);
    expect(valuesOf(series(live.last().data, 'Mixer_0', 'RPM'))).toEqual([60]);
    live.subscription.unsubscribe();
  });

  it('closes the stream on unsubscribe', async () => {
    const { ds } = dataSource([]);
    const live = await startLive(ds, entityQuery);
    live.subscription.unsubscribe();
    expect(live.sources[0]!.closed).toBe(true);
  });
});

describe('liveFrames', () => {
  const source = { url: '/s', entityId: 'Mixer_0', componentName: 'MixerComponent' };
  /** A history as the data source reads it: RPM of Mixer_0 at these times (ms). */
  const history = (times: number[], values: number[]): SourceHistory[] => [
    {
      frames: historyToFrames([
        {
          propertyValues: [
            {
              entityPropertyReference: { entityId: 'Mixer_0', componentName: 'MixerComponent', propertyName: 'RPM' },
              values: times.map((t, i) => ({ time: new Date(t).toISOString(), value: { doubleValue: values[i]! } })),
            },
          ],
        },
      ]),
    },
  ];
  const rpmAt = (time: number, value: number) => rpm('Mixer_0', new Date(time).toISOString(), value);

  it('opens the stream before the history and keeps values written in between, without duplicates', async () => {
    let resolve!: (histories: SourceHistory[]) => void;
    const pending = new Promise<SourceHistory[]>((r) => (resolve = r));
    const emitted: DataFrame[][] = [];
    const sub = liveFrames([source], () => pending, 100, openEventSource, 'A').subscribe((f) => emitted.push(f));
    const es = FakeEventSource.opened.at(-1)!;
    es.open();
    es.emit(rpmAt(2000, 62)); // also in the history about to arrive
    es.emit(rpmAt(3000, 63)); // written after the history was read
    expect(emitted).toHaveLength(0);
    resolve(history([1000, 2000], [61, 62]));
    await tick();
    expect(valuesOf(emitted.at(-1)![0])).toEqual([61, 62, 63]);
    sub.unsubscribe();
  });

  it('appends a live value after the last time of the history', async () => {
    const emitted: DataFrame[][] = [];
    const sub = liveFrames(
      [source],
      () => Promise.resolve(history([1000, 2000], [61, 62])),
      100,
      openEventSource,
      'A',
    ).subscribe((f) => emitted.push(f));
    FakeEventSource.opened.at(-1)!.open();
    await tick();
    FakeEventSource.opened.at(-1)!.emit(rpmAt(4000, 64));
    expect([...emitted.at(-1)![0]!.fields[0]!.values]).toEqual([1000, 2000, 4000]);
    sub.unsubscribe();
  });

  it('says on the frame when its live values are polled from a data connector', async () => {
    const emitted: DataFrame[][] = [];
    const sub = liveFrames(
      [source],
      () => Promise.resolve(history([1000, 2000], [61, 62])),
      100,
      openEventSource,
      'A',
    ).subscribe((f) => emitted.push(f));
    FakeEventSource.opened.at(-1)!.open();
    await tick();
    expect(emitted.at(-1)![0]!.meta?.notices ?? []).toEqual([]);
    const polled = { connector: 'historian', intervalMs: 500 };
    FakeEventSource.opened.at(-1)!.emit({ ...rpmAt(4000, 64), polled });
    FakeEventSource.opened.at(-1)!.emit({ ...rpmAt(5000, 65), polled });
    expect(emitted.at(-1)![0]!.meta?.notices).toEqual([
      { severity: 'info', text: 'Live values polled from data connector historian every 0.5 s' },
    ]);
    sub.unsubscribe();
  });

  it('puts a descending history oldest first so live values extend it', async () => {
    const emitted: DataFrame[][] = [];
    const sub = liveFrames(
      [source],
      () => Promise.resolve(history([2000, 1000], [62, 61])),
      100,
      openEventSource,
      'A',
    ).subscribe((f) => emitted.push(f));
    FakeEventSource.opened.at(-1)!.open();
    await tick();
    FakeEventSource.opened.at(-1)!.emit(rpmAt(3000, 63));
    expect(valuesOf(emitted.at(-1)![0])).toEqual([61, 62, 63]);
    sub.unsubscribe();
  });

  it('fails the query, and closes the stream, when the history fails', async () => {
    const errors: unknown[] = [];
    liveFrames([source], () => Promise.reject(new Error('boom')), 100, openEventSource, 'A').subscribe({
      error: (e) => errors.push(e),
    });
    FakeEventSource.opened.at(-1)!.open();
    await tick();
    expect(errors).toHaveLength(1);
    expect(FakeEventSource.opened.at(-1)!.closed).toBe(true);
  });

  it('reads the history anyway when a stream does not open in time', async () => {
    jest.useFakeTimers();
    const read = jest.fn(() => Promise.resolve([{ frames: [] }]));
    const sub = liveFrames([source], read, 100, openEventSource, 'A').subscribe();
    expect(read).not.toHaveBeenCalled();
    jest.advanceTimersByTime(3000);
    expect(read).toHaveBeenCalledTimes(1);
    jest.useRealTimers();
    sub.unsubscribe();
  });
});

describe('live streams of a multi-entity query', () => {
  const entities = ['Mixer_0', 'Mixer_1', 'Mixer_2', 'Mixer_3', 'Mixer_4', 'Mixer_5'];
  const query: DoppelQuery = { ...entityQuery, entityId: '$mixers', properties: ['RPM'] };

  it('opens at most four streams', async () => {
    const { ds } = dataSource([], { mixers: entities });
    const live = await startLive(ds, query);
    expect(live.sources).toHaveLength(4);
    live.subscription.unsubscribe();
  });

  it('shows every entity, and says which are live', async () => {
    const { ds } = dataSource(
      entities.map((e) => rpm(e, T0, 1)),
      { mixers: entities },
    );
    const live = await startLive(ds, query);
    expect(live.last().error).toBeUndefined();
    expect(live.last().data).toHaveLength(6);
    expect(live.last().data[0].meta.notices[0].text).toBe(
      'Live for the first 4 of 6 entities: a browser keeps few streams open per server.',
    );
    live.subscription.unsubscribe();
  });
});

describe('streaming history by component type', () => {
  const history = () => [rpm('Mixer_0', T0, 60), rpm('Mixer_1', T0, 61)];

  it('opens one stream for the type', async () => {
    const { ds } = dataSource(history());
    const live = await startLive(ds, typeQuery);
    expect(live.sources.map((es) => es.url)).toEqual([
      `/api/datasources/proxy/uid/ds1/doppel/doppel/workspaces/cookiefactory/stream?componentTypeId=${mixers}&selectedProperties=RPM`,
    ]);
    live.subscription.unsubscribe();
  });

  it('names its series as without streaming', async () => {
    const { ds } = dataSource(history());
    const live = await startLive(ds, typeQuery);
    const displayNames = (frames: DataFrame[]) => frames.map((f) => f.fields[1]!.config.displayNameFromDS);
    expect(displayNames(live.last().data)).toEqual(displayNames(await refresh(ds, typeQuery)));
    live.subscription.unsubscribe();
  });

  it('keeps a value that arrives while the history is read', async () => {
    const { ds } = dataSource(history());
    const live = start(ds, { ...typeQuery, stream: true } as DoppelQuery);
    live.sources[0]!.open();
    live.sources[0]!.emit(rpm('Mixer_1', '2021-11-05T00:00:01Z', 71));
    await tick();
    expect(valuesOf(series(live.last().data, 'Mixer_1', 'RPM'))).toEqual([61, 71]);
    live.subscription.unsubscribe();
  });

  it("appends each entity's value to its own series, skipping what the history holds", async () => {
    const { ds } = dataSource(history());
    const live = await startLive(ds, typeQuery);
    live.sources[0]!.emit(rpm('Mixer_0', '2021-11-05T00:00:02Z', 80));
    live.sources[0]!.emit(rpm('Mixer_1', '2021-11-05T00:00:02Z', 72));
    live.sources[0]!.emit(rpm('Mixer_0', T0, 60)); // already in the history
    expect(live.last().data).toHaveLength(2);
    expect(valuesOf(series(live.last().data, 'Mixer_0', 'RPM'))).toEqual([60, 80]);
    expect(valuesOf(series(live.last().data, 'Mixer_1', 'RPM'))).toEqual([61, 72]);
    live.subscription.unsubscribe();
  });

  it('leaves out a value that names no entity', async () => {
    const { ds } = dataSource(history());
    const live = await startLive(ds, typeQuery);
    const before = live.responses.length;
    live.sources[0]!.emit({ propertyName: 'RPM', time: '2021-11-05T00:00:04Z', value: { doubleValue: 1 } });
    expect(live.responses).toHaveLength(before);
    live.subscription.unsubscribe();
  });

  it('says live in the query display text', () => {
    const { ds } = dataSource([]);
    expect(ds.getQueryDisplayText({ ...typeQuery, stream: true } as DoppelQuery)).toBe(
      `History of every ${mixers} [RPM] (live)`,
    );
  });
});

/** What a panel shows of a series: name, legend, unit, type, labels, and its points. */
const seen = (frame: DataFrame | undefined) =>
  frame && {
    name: frame.name,
    refId: frame.refId,
    type: frame.fields[1]!.type,
    config: frame.fields[1]!.config,
    labels: frame.fields[1]!.labels,
    dataType: frame.meta?.custom?.dataType,
    times: [...frame.fields[0]!.values],
    values: [...frame.fields[1]!.values],
  };

describe('a series first seen on the stream is the frame a refresh reads', () => {
  it.each<[string, DoppelQuery, Record<string, string[]>, StoredPoint[], StoredPoint]>([
    [
      'a property of an entity with no history in range (display name, unit °C)',
      entityQuery,
      {},
      [rpm('Mixer_0', T0, 60)],
      point('Mixer_0', 'Temperature', '2021-11-05T00:00:01Z', { doubleValue: 20.5 }),
    ],
    [
      'an entity of a component type with no history in range (entity in the name, unit rpm, componentTypeId label)',
      typeQuery,
      {},
      [rpm('Mixer_0', T0, 60)],
      rpm('Mixer_1', '2021-11-05T00:00:01Z', 71),
    ],
    [
      'a property of one of several entities (a multi-value variable names series by entity)',
      { ...entityQuery, entityId: '$mixers' } as DoppelQuery,
      { mixers: ['Mixer_0', 'Mixer_1'] },
      [rpm('Mixer_0', T0, 60), rpm('Mixer_1', T0, 61)],
      point('Mixer_1', 'Temperature', '2021-11-05T00:00:01Z', { doubleValue: 19 }),
    ],
    [
      'a DOUBLE property whose first value is an integer (typed by its definition)',
      entityQuery,
      {},
      [rpm('Mixer_0', T0, 60)],
      point('Mixer_0', 'Temperature', '2021-11-05T00:00:01Z', { integerValue: 20 }),
    ],
  ])('%s', async (_, query, variables, history, first) => {
    const stored = [...history];
    const { ds, ws } = dataSource(stored, variables);
    const temperature = ws.entities.find((e) => e.entityId === 'Mixer_0')!.components!.MixerComponent!.properties!
      .Temperature!.definition!;
    temperature.displayName = 'Mixer temperature';
    const live = await startLive(ds, query);
    const source = live.sources.find((es) => es.url.includes(`entityId=${first.entityId}`)) ?? live.sources[0]!;
    stored.push(first);
    source.emit(first);

    const streamed = series(live.last().data, first.entityId, first.propertyName);
    const refreshed = series(await refresh(ds, query), first.entityId, first.propertyName);
    expect(streamed).toBeDefined();
    expect(seen(streamed)).toEqual(seen(refreshed));
    live.subscription.unsubscribe();
  });
});
