import { startTestService, TestService } from './harness';
import { entry, seedPlant } from './values-fixture';

let svc: TestService;
const ws = 'plant';
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const put = (entries: unknown[]) => svc.call('POST', `/workspaces/${ws}/entity-properties`, { entries });

beforeAll(async () => {
  svc = await startTestService();
  await seedPlant(svc, ws, 2);
});
afterAll(() => svc.close());

interface SseEvent {
  id: string;
  event: string;
  data: any;
}

/** A minimal EventSource: reads `text/event-stream` from fetch and queues parsed events. */
async function openStream(query: string, headers: Record<string, string> = {}, credentials = svc.admin) {
  const abort = new AbortController();
  const res = await fetch(`${svc.url}/doppel/workspaces/${ws}/stream?${query}`, {
    headers: { authorization: `Bearer ${credentials.accessKeyId}:${credentials.secretAccessKey}`, ...headers },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  if (res.ok) {
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
            const fields: Record<string, string> = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
            }
            if (fields.data !== undefined) {
              events.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) });
              waiters.splice(0).forEach((w) => w());
            }
          }
        }
      } catch {
        /* aborted */
      }
    })();
  }
  return {
    res,
    events,
    async waitFor(count: number) {
      const deadline = Date.now() + 5000;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out with ${events.length} of ${count} events`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return events;
    },
    close: () => abort.abort(),
  };
}

const temps = (from: number, n: number, entityId = 'pump-1') =>
  entry(
    entityId,
    'temperature',
    Array.from({ length: n }, (_, i) => ({ time: iso(T0 + (from + i) * 1000), value: { doubleValue: from + i } })),
  );

test('a stream delivers each stored value of the selected properties, and a reconnecting client misses nothing', async () => {
  const first = await openStream('entityId=pump-1&componentName=sensor&selectedProperties=temperature,count');
  expect(first.res.status).toBe(200);
  expect(first.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  await put([
    temps(0, 3),
    temps(100, 2, 'pump-2'),
    entry('pump-1', 'running', [{ time: iso(T0), value: { booleanValue: true } }]),
  ]);
  await put([entry('pump-1', 'count', [{ time: iso(T0), value: { integerValue: 7 } }])]);
  const seen = await first.waitFor(4);
  expect(seen.map((e) => [e.event, e.data.propertyName, e.data.value])).toEqual([
    ['value', 'temperature', { doubleValue: 0 }],
    ['value', 'temperature', { doubleValue: 1 }],
    ['value', 'temperature', { doubleValue: 2 }],
    ['value', 'count', { integerValue: 7 }],
  ]);
  expect(seen[0]!.data).toEqual({
    entityId: 'pump-1',
    componentName: 'sensor',
    propertyName: 'temperature',
    time: iso(T0),
    value: { doubleValue: 0 },
  });
  const ids = seen.map((e) => Number(e.id));
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  first.close();

  // written while nobody listens
  await put([temps(10, 5)]);
  const again = await openStream(
    'entityId=pump-1&componentName=sensor&selectedProperties=temperature&selectedProperties=count',
    {
      'last-event-id': seen[3]!.id,
    },
  );
  await again.waitFor(5);
  await put([temps(20, 2)]);
  const resumed = await again.waitFor(7);
  expect(resumed.map((e) => e.data.value.doubleValue)).toEqual([10, 11, 12, 13, 14, 20, 21]);
  expect(Number(resumed[0]!.id)).toBeGreaterThan(Number(seen[3]!.id));
  again.close();

  // lastEventId in the query (for clients that cannot set headers), all time-series properties
  const fromQuery = await openStream(`entityId=pump-1&componentName=sensor&lastEventId=${resumed[4]!.id}`);
  const tail = await fromQuery.waitFor(2);
  expect(tail.map((e) => e.data.value.doubleValue)).toEqual([20, 21]);
  fromQuery.close();
});

test('many concurrent writers and a reconnecting reader: every value arrives once, in sequence order', async () => {
  const reader = await openStream('entityId=pump-2&componentName=sensor&selectedProperties=count');
  const writes = Array.from({ length: 20 }, (_, w) =>
    put([
      entry(
        'pump-2',
        'count',
        Array.from({ length: 10 }, (_, i) => ({
          time: iso(T0 + (w * 10 + i) * 1000),
          value: { integerValue: w * 10 + i },
        })),
      ),
    ]),
  );
  await Promise.all(writes.slice(0, 10));
  await reader.waitFor(100);
  reader.close();
  // whatever arrived before the disconnect (at least 100 values, maybe more)
  const part = [...reader.events];
  await Promise.all(writes.slice(10));
  const lastId = part[part.length - 1]!.id;
  const rest = await openStream('entityId=pump-2&componentName=sensor&selectedProperties=count', {
    'last-event-id': lastId,
  });
  const tail = await rest.waitFor(200 - part.length);
  const all = [...part, ...tail];
  expect(new Set(all.map((e) => e.data.value.integerValue)).size).toBe(200);
  const ids = all.map((e) => Number(e.id));
  expect(new Set(ids).size).toBe(200);
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  rest.close();
});

test('streams are authorised like reads and refuse unknown or non-time-series selections', async () => {
  const none = await fetch(`${svc.url}/doppel/workspaces/${ws}/stream?entityId=pump-1&componentName=sensor`);
  expect(none.status).toBe(401);
  await svc.call('POST', '/workspaces/other', {});
  const key = await svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'other', role: 'read' }] });
  const outsider = { accessKeyId: key.body.accessKeyId, secretAccessKey: key.body.secretAccessKey };
  const denied = await openStream('entityId=pump-1&componentName=sensor', {}, outsider);
  expect([403, 404]).toContain(denied.res.status);
  for (const [query, status] of [
    ['entityId=ghost&componentName=sensor', 404],
    ['entityId=pump-1&componentName=ghost', 404],
    ['entityId=pump-1&componentName=sensor&selectedProperties=location', 400],
    ['entityId=pump-1&componentName=sensor&selectedProperties=nope', 400],
    ['componentName=sensor', 400],
  ] as const) {
    const res = await openStream(query);
    expect(res.res.status).toBe(status);
    expect(res.res.headers.get('x-amzn-errortype')).toBe(
      status === 404 ? 'ResourceNotFoundException' : 'ValidationException',
    );
  }
});

test('the bulk path stores NDJSON, JSON arrays and entries in one request, reporting bad points by index', async () => {
  const lines = [
    ...Array.from({ length: 2500 }, (_, i) =>
      JSON.stringify({
        entityId: 'pump-1',
        componentName: 'sensor',
        propertyName: 'total',
        time: iso(T0 + i * 1000),
        value: { longValue: i },
      }),
    ),
    '{not json',
    JSON.stringify({
      entityId: 'pump-1',
      componentName: 'sensor',
      propertyName: 'total',
      time: 'noon',
      value: { longValue: 1 },
    }),
    JSON.stringify({
      entityId: 'ghost',
      componentName: 'sensor',
      propertyName: 'total',
      time: iso(T0),
      value: { longValue: 1 },
    }),
    JSON.stringify({
      entityId: 'pump-1',
      componentName: 'sensor',
      propertyName: 'location',
      time: iso(T0),
      value: { stringValue: 'x' },
    }),
    JSON.stringify({
      entityId: 'pump-1',
      componentName: 'sensor',
      propertyName: 'total',
      timestamp: T0 / 1000 + 5000,
      value: { longValue: 5000 },
    }),
  ];
  const res = await svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, undefined, {
    rawBody: lines.join('\n') + '\n',
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(res.status).toBe(200);
  expect(res.body.accepted).toBe(2501);
  expect(res.body.rejected).toBe(4);
  expect(res.body.errors.map((e: any) => [e.index, e.errorCode])).toEqual([
    [2500, 'ValidationException'],
    [2501, 'ValidationException'],
    [2502, 'ResourceNotFoundException'],
    [2503, 'ValidationException'],
  ]);
  const array = await svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, [
    { entityId: 'pump-2', componentName: 'sensor', propertyName: 'total', time: iso(T0), value: { longValue: 1 } },
  ]);
  expect(array.body).toEqual({ accepted: 1, rejected: 0, errors: [] });
  const entries = await svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, {
    entries: [temps(500, 30, 'pump-2')],
  });
  expect(entries.body).toEqual({ accepted: 30, rejected: 0, errors: [] });
  const history = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['total'],
    startTime: iso(T0),
    endTime: iso(T0 + 86_400_000),
    maxResults: 10_000,
  });
  expect(history.body.propertyValues[0].values).toHaveLength(2501);
  expect(history.body.propertyValues[0].values[2500]).toEqual({
    time: iso(T0 + 5_000_000),
    value: { longValue: 5000 },
  });

  const bad = await svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, { points: [] });
  expect([bad.status, bad.errorType]).toEqual([400, 'ValidationException']);
  const notJson = await svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, undefined, { rawBody: '[{' });
  expect([notJson.status, notJson.errorType]).toEqual([400, 'ValidationException']);
  const key = await svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: ws, role: 'read' }] });
  const reader = { accessKeyId: key.body.accessKeyId, secretAccessKey: key.body.secretAccessKey };
  const refused = await svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, [], { credentials: reader });
  expect(refused.status).toBe(403);
});

test('a reconnecting client gets what was written meanwhile, backfills of older times and same-time overwrites included', async () => {
  const day = T0 + 7 * 86_400_000;
  const totals = (points: [number, number][]) =>
    put([
      entry(
        'pump-2',
        'total',
        points.map(([second, v]) => ({ time: iso(day + second * 1000), value: { longValue: v } })),
      ),
    ]);
  const query = 'entityId=pump-2&componentName=sensor&selectedProperties=total';
  const first = await openStream(query);
  for (const second of [100, 101, 102]) await totals([[second, second]]);
  const seen = await first.waitFor(3);
  first.close();

  // one request each, so each is its own writer transaction
  await totals([[103, 103]]);
  await totals([[50, 50]]); // older than everything the stream has seen
  await totals([[101, 1010]]); // same time as a delivered value: last write wins, new seq
  await totals([[104, 104]]);
  const again = await openStream(query, { 'last-event-id': seen[2]!.id });
  const replayed = await again.waitFor(4);
  expect(replayed.map((e) => [e.data.time, e.data.value.longValue])).toEqual([
    [iso(day + 103_000), 103],
    [iso(day + 50_000), 50],
    [iso(day + 101_000), 1010],
    [iso(day + 104_000), 104],
  ]);
  await totals([[105, 105]]);
  const live = await again.waitFor(5);
  expect(live[4]!.data.value.longValue).toBe(105);
  const ids = live.map((e) => Number(e.id));
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  again.close();
});

describe('a component-type stream', () => {
  const day = T0 + 30 * 86_400_000;
  const state = (entityId: string, second: number, value: string) =>
    put([entry(entityId, 'state', [{ time: iso(day + second * 1000), value: { stringValue: value } }])]);
  const seenAs = (events: SseEvent[]) =>
    events.map((e) => [e.data.entityId, e.data.componentName, e.data.propertyName, e.data.value.stringValue]);

  test('delivers the values of every entity with a component of the type, and a reconnecting client misses nothing', async () => {
    const query = 'componentTypeId=com.acme.sensor&selectedProperties=state';
    const first = await openStream(query);
    expect(first.res.status).toBe(200);
    // one request each, so the order of arrival is the order of writing
    await state('pump-1', 0, 'OK');
    await put([entry('pump-1', 'count', [{ time: iso(day), value: { integerValue: 1 } }])]); // not selected
    await state('pump-2', 0, 'ALARM');
    const seen = await first.waitFor(2);
    expect(seenAs(seen)).toEqual([
      ['pump-1', 'sensor', 'state', 'OK'],
      ['pump-2', 'sensor', 'state', 'ALARM'],
    ]);
    first.close();

    // written while nobody listens, across both series
    await state('pump-2', 1, 'OK');
    await state('pump-1', 1, 'ALARM');
    const again = await openStream(query, { 'last-event-id': seen[1]!.id });
    await again.waitFor(2);
    await state('pump-1', 2, 'OK');
    await state('pump-2', 2, 'ALARM');
    const resumed = await again.waitFor(4);
    expect(seenAs(resumed)).toEqual([
      ['pump-2', 'sensor', 'state', 'OK'],
      ['pump-1', 'sensor', 'state', 'ALARM'],
      ['pump-1', 'sensor', 'state', 'OK'],
      ['pump-2', 'sensor', 'state', 'ALARM'],
    ]);
    const ids = resumed.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(ids[0]).toBeGreaterThan(Number(seen[1]!.id));
    again.close();

    // no selection: every time-series property of the type; lastEventId in the query
    const everything = await openStream(`componentTypeId=com.acme.sensor&lastEventId=${resumed[1]!.id}`);
    await everything.waitFor(2);
    await put([entry('pump-2', 'count', [{ time: iso(day), value: { integerValue: 2 } }])]);
    const tail = await everything.waitFor(3);
    expect(tail.map((e) => [e.data.entityId, e.data.propertyName])).toEqual([
      ['pump-1', 'state'],
      ['pump-2', 'state'],
      ['pump-2', 'count'],
    ]);
    everything.close();
  });

  const invalid = [400, 'ValidationException'] as const;
  test.each<[string, string, readonly [number, string], string]>([
    [
      'both forms',
      'componentTypeId=com.acme.sensor&entityId=pump-1&componentName=sensor',
      invalid,
      'DOPPEL_ERR_VALUE_SELECTION_INVALID',
    ],
    [
      'a type and a component name',
      'componentTypeId=com.acme.sensor&componentName=sensor',
      invalid,
      'DOPPEL_ERR_VALUE_SELECTION_INVALID',
    ],
    ['neither form', 'selectedProperties=state', invalid, 'DOPPEL_ERR_VALUE_SELECTION_INVALID'],
    // as GetPropertyValueHistory answers for an unknown type
    [
      'an unknown type',
      'componentTypeId=com.acme.ghost',
      [404, 'ResourceNotFoundException'],
      'DOPPEL_ERR_COMPONENT_TYPE_NOT_FOUND',
    ],
    [
      'a static property',
      'componentTypeId=com.acme.sensor&selectedProperties=location',
      invalid,
      'DOPPEL_ERR_NOT_TIME_SERIES',
    ],
    [
      'a property the type does not define',
      'componentTypeId=com.acme.sensor&selectedProperties=state,nope',
      invalid,
      'DOPPEL_ERR_PROPERTY_NOT_IN_TYPE',
    ],
  ])('refuses %s before it opens, with its code', async (_, query, [status, type], code) => {
    const res = await openStream(query);
    const body = (await res.res.json()) as { message: string };
    expect({
      status: res.res.status,
      type: res.res.headers.get('x-amzn-errortype'),
      code: res.res.headers.get('x-doppel-error-code'),
    }).toEqual({ status, type, code });
    expect(body.message).not.toBe('');
  });
});
