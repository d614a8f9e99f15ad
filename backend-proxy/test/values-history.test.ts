import {
  GetPropertyValueHistoryCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-iottwinmaker';
import { errorOf, startTestService, TestService } from './harness';
import { entry, seedPlant } from './values-fixture';

let svc: TestService;
const ws = 'plant';
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const history = (body: Record<string, unknown>) =>
  svc.call('POST', `/workspaces/${ws}/entity-properties/history`, body);
const window = { startTime: iso(T0), endTime: iso(T0 + 86_400_000) };
const N = 237;

beforeAll(async () => {
  svc = await startTestService();
  await seedPlant(svc, ws, 4);
  // pump-1..3: temperature = i*1000 + k at T0 + k s (k < N), count = k at T0 + 10k s; pump-4 nothing
  for (let pump = 1; pump <= 3; pump++) {
    for (let k = 0; k < N; k += 10) {
      const ks = Array.from({ length: Math.min(10, N - k) }, (_, j) => k + j);
      const res = await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
        entries: [
          entry(
            `pump-${pump}`,
            'temperature',
            ks.map((n) => ({ time: iso(T0 + n * 1000), value: { doubleValue: pump * 1000 + n } })),
          ),
          entry(
            `pump-${pump}`,
            'count',
            ks.map((n) => ({ time: iso(T0 + n * 10_000), value: { integerValue: n } })),
          ),
          entry(
            `pump-${pump}`,
            'state',
            ks.map((n) => ({ time: iso(T0 + n * 1000), value: { stringValue: n % 3 === 0 ? 'ALARM' : 'OK' } })),
          ),
        ],
      });
      expect(res.body).toEqual({ errorEntries: [] });
    }
  }
});
afterAll(() => svc.close());

type Page = {
  propertyValues: { entityPropertyReference: any; values: { time: string; value: any }[] }[];
  nextToken?: string;
};

/** Every value of a query, page by page, as "entity/property@time=value" strings. */
async function walk(body: Record<string, unknown>, maxResults: number) {
  const seen: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const res = await history({ ...body, maxResults, nextToken });
    expect(res.status).toBe(200);
    const page = res.body as Page;
    const count = page.propertyValues.reduce((n, p) => n + p.values.length, 0);
    expect(count).toBeLessThanOrEqual(maxResults);
    for (const p of page.propertyValues) {
      for (const v of p.values)
        seen.push(
          `${p.entityPropertyReference.entityId}/${p.entityPropertyReference.propertyName}@${v.time}=${JSON.stringify(v.value)}`,
        );
    }
    nextToken = page.nextToken;
    pages++;
    expect(pages).toBeLessThan(1000);
  } while (nextToken);
  return { seen, pages };
}

const pump2 = { entityId: 'pump-2', componentName: 'sensor', selectedProperties: ['temperature'], ...window };
const sensors = { componentTypeId: 'com.acme.sensor', selectedProperties: ['temperature', 'count'], ...window };
const timeOf = (seen: string) => seen.split('@')[1]!.split('=')[0]!;

describe.each(['ASCENDING', 'DESCENDING'])('paging %s', (orderByTime) => {
  test('pages of one component hold every value exactly once, in as many pages as needed', async () => {
    const { seen, pages } = await walk({ ...pump2, orderByTime }, 50);
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
    expect(pages).toBe(Math.ceil(N / 50));
  });

  test('the values come in time order', async () => {
    const times = (await walk({ ...pump2, orderByTime }, 50)).seen.map(timeOf);
    const sorted = [...times].sort();
    expect(times).toEqual(orderByTime === 'ASCENDING' ? sorted : sorted.reverse());
  });

  test('pages across a component type hold every value of every series exactly once', async () => {
    const { seen } = await walk({ ...sensors, orderByTime }, 77);
    expect(seen).toHaveLength(3 * 2 * N);
    expect(new Set(seen).size).toBe(3 * 2 * N);
  });

  test('the page size does not change what is read: small pages equal one whole page', async () => {
    const paged = await walk({ ...sensors, orderByTime }, 77);
    const whole = await walk({ ...sensors, orderByTime }, 10_000);
    expect(whole.pages).toBe(1);
    expect(paged.seen).toEqual(whole.seen);
  });
});

test('writes between pages neither duplicate nor lose values of the walked range', async () => {
  const body = {
    entityId: 'pump-3',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    ...window,
    maxResults: 100,
  };
  const first = (await history(body)).body as Page;
  // a value earlier than the cursor and one later: only the later one appears on later pages
  await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
    entries: [
      entry('pump-3', 'temperature', [
        { time: iso(T0 + 500), value: { doubleValue: -1 } },
        { time: iso(T0 + N * 1000), value: { doubleValue: -2 } },
      ]),
    ],
  });
  const rest: string[] = [];
  let nextToken = first.nextToken;
  while (nextToken) {
    const page = (await history({ ...body, nextToken })).body as Page;
    rest.push(...page.propertyValues.flatMap((p) => p.values.map((v) => v.time)));
    nextToken = page.nextToken;
  }
  const firstTimes = first.propertyValues[0]!.values.map((v) => v.time);
  expect(new Set([...firstTimes, ...rest]).size).toBe(firstTimes.length + rest.length);
  expect(rest).toContain(iso(T0 + N * 1000));
  expect(rest).not.toContain(iso(T0 + 500));
});

test('the time range includes both ends', async () => {
  const range = await history({
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    startTime: iso(T0 + 10_000),
    endTime: iso(T0 + 12_000),
    maxResults: 100,
  });
  expect(range.body.propertyValues[0].values.map((v: any) => v.value.doubleValue)).toEqual([1010, 1011, 1012]);
});

test('the deprecated startDateTime/endDateTime (epoch seconds) still work', async () => {
  const old = await history({
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    startDateTime: (T0 + 10_000) / 1000,
    endDateTime: (T0 + 11_000) / 1000,
  });
  expect(old.body.propertyValues[0].values.map((v: any) => v.value.doubleValue)).toEqual([1010, 1011]);
});

test('the AWS SDK reads pages newest first and follows the nextToken with its own types', async () => {
  const request = {
    workspaceId: ws,
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    startDateTime: new Date(T0),
    endDateTime: new Date(T0 + 4000),
    orderByTime: 'DESCENDING' as const,
    maxResults: 2,
  };
  const sdk = svc.sdk();
  const got = await sdk.send(new GetPropertyValueHistoryCommand(request));
  expect(got.propertyValues![0]!.values!.map((v) => v.value!.doubleValue)).toEqual([1004, 1003]);
  expect(got.nextToken).toBeTruthy();
  const next = await sdk.send(new GetPropertyValueHistoryCommand({ ...request, nextToken: got.nextToken }));
  expect(next.propertyValues![0]!.values!.map((v) => v.value!.doubleValue)).toEqual([1002, 1001]);
});

test('a series without values answers an empty list, without a nextToken', async () => {
  const none = await history({
    entityId: 'pump-4',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    ...window,
  });
  expect(none.body).toEqual({ propertyValues: [] });
});

test('without maxResults a page holds 25 values', async () => {
  const dflt = await history({
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    ...window,
  });
  expect(dflt.body.propertyValues[0].values).toHaveLength(25);
  expect(dflt.body.nextToken).toEqual(expect.any(String));
});

test('componentTypeId queries echo entityId, componentName and the external id properties', async () => {
  const res = await history({
    componentTypeId: 'com.acme.sensor',
    selectedProperties: ['count'],
    orderByTime: 'DESCENDING',
    ...window,
    maxResults: 1000,
  });
  expect(res.body.propertyValues.map((p: any) => p.entityPropertyReference)).toEqual(
    [1, 2, 3].map((i) => ({
      entityId: `pump-${i}`,
      componentName: 'sensor',
      propertyName: 'count',
      externalIdProperty: { serial: `SN-${i}` },
    })),
  );
  expect(res.body.propertyValues[0].values[0]).toEqual({
    time: iso(T0 + (N - 1) * 10_000),
    value: { integerValue: N - 1 },
  });
});

describe('propertyFilters', () => {
  const base = { entityId: 'pump-1', componentName: 'sensor', ...window };

  // temperature of pump-1 is 1000 + k for k < N: the filter value 1005 splits it at k = 5
  test.each([
    ['=', 1],
    ['!=', N - 1],
    ['<', 5],
    ['<=', 6],
    ['>', N - 6],
    ['>=', N - 5],
  ])('%s 1005 keeps the matching values, across pages of 7', async (operator, count) => {
    const filter = { propertyName: 'temperature', operator, value: { doubleValue: 1005 } };
    const { seen } = await walk({ ...base, selectedProperties: ['temperature'], propertyFilters: [filter] }, 7);
    expect(seen).toHaveLength(count);
  });

  test('= on a string keeps the equal values', async () => {
    const alarms = await walk(
      {
        ...base,
        selectedProperties: ['state'],
        propertyFilters: [{ propertyName: 'state', operator: '=', value: { stringValue: 'ALARM' } }],
      },
      13,
    );
    expect(alarms.seen).toHaveLength(Math.ceil(N / 3));
  });

  test('a filter on one selected property leaves the other selected property alone', async () => {
    const both = await history({
      ...base,
      selectedProperties: ['state', 'temperature'],
      propertyFilters: [{ propertyName: 'state', operator: '=', value: { stringValue: 'ALARM' } }],
      maxResults: 10_000,
    });
    const counts = both.body.propertyValues.map((p: any) => [p.entityPropertyReference.propertyName, p.values.length]);
    expect(counts).toEqual([
      ['state', Math.ceil(N / 3)],
      ['temperature', N],
    ]);
  });
});

test('LINEAR interpolation gives exact values at each interval boundary and none outside the data', async () => {
  await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
    entries: [
      entry('pump-4', 'temperature', [
        { time: '2024-02-01T00:00:10Z', value: { doubleValue: 10 } },
        { time: '2024-02-01T00:00:20Z', value: { doubleValue: 30 } },
        { time: '2024-02-01T00:01:00Z', value: { doubleValue: -10 } },
      ]),
      entry('pump-4', 'count', [
        { time: '2024-02-01T00:00:00Z', value: { integerValue: 0 } },
        { time: '2024-02-01T00:00:30Z', value: { integerValue: 10 } },
      ]),
      entry('pump-4', 'state', [
        { time: '2024-02-01T00:00:00Z', value: { stringValue: 'OK' } },
        { time: '2024-02-01T00:00:25Z', value: { stringValue: 'ALARM' } },
      ]),
    ],
  });
  const interpolate = async (propertyName: string, orderByTime = 'ASCENDING', maxResults = 100) =>
    walk(
      {
        entityId: 'pump-4',
        componentName: 'sensor',
        selectedProperties: [propertyName],
        startTime: '2024-02-01T00:00:00Z',
        endTime: '2024-02-01T00:01:30Z',
        orderByTime,
        interpolation: { interpolationType: 'LINEAR', intervalInSeconds: 15 },
      },
      maxResults,
    );
  const t = (s: number) => iso(Date.parse('2024-02-01T00:00:00Z') + s * 1000);
  expect((await interpolate('temperature')).seen).toEqual([
    `pump-4/temperature@${t(15)}={"doubleValue":20}`,
    `pump-4/temperature@${t(30)}={"doubleValue":20}`,
    `pump-4/temperature@${t(45)}={"doubleValue":5}`,
    `pump-4/temperature@${t(60)}={"doubleValue":-10}`,
  ]);
  // paged one by one, descending: the same values reversed
  const desc = await interpolate('temperature', 'DESCENDING', 1);
  expect(desc.pages).toBe(4);
  expect(desc.seen.map((s) => s.split('@')[1])).toEqual([
    `${t(60)}={"doubleValue":-10}`,
    `${t(45)}={"doubleValue":5}`,
    `${t(30)}={"doubleValue":20}`,
    `${t(15)}={"doubleValue":20}`,
  ]);
  expect((await interpolate('count')).seen.map((s) => s.split('=')[1])).toEqual([
    '{"integerValue":0}',
    '{"integerValue":5}',
    '{"integerValue":10}',
  ]);
  expect((await interpolate('state')).seen.map((s) => s.split('=')[1])).toEqual([
    '{"stringValue":"OK"}',
    '{"stringValue":"OK"}',
  ]);
});

describe('bad history requests', () => {
  const base = { entityId: 'pump-1', componentName: 'sensor', selectedProperties: ['temperature'], ...window };
  const named = (over: Record<string, unknown>) => ({ ...base, ...over });
  const byType = { componentTypeId: 'com.acme.sensor', selectedProperties: ['temperature'], ...window };
  const filter = (f: Record<string, unknown>) => named({ propertyFilters: [{ propertyName: 'temperature', ...f }] });

  test.each<[string, Record<string, unknown>, number, string, string]>([
    [
      'a static property',
      named({ selectedProperties: ['location'] }),
      400,
      'ValidationException',
      'DOPPEL_ERR_NOT_TIME_SERIES',
    ],
    [
      'an undefined property',
      named({ selectedProperties: ['nope'] }),
      400,
      'ValidationException',
      'DOPPEL_ERR_PROPERTY_NOT_DEFINED',
    ],
    ['an unknown entity', named({ entityId: 'nope' }), 404, 'ResourceNotFoundException', 'DOPPEL_ERR_ENTITY_NOT_FOUND'],
    [
      'an unknown component',
      named({ componentName: 'nope' }),
      404,
      'ResourceNotFoundException',
      'DOPPEL_ERR_COMPONENT_NOT_FOUND',
    ],
    [
      'a component without its entity',
      named({ entityId: undefined }),
      400,
      'ValidationException',
      'DOPPEL_ERR_VALUE_SELECTION_INVALID',
    ],
    [
      'both forms',
      named({ componentTypeId: 'com.acme.sensor' }),
      400,
      'ValidationException',
      'DOPPEL_ERR_VALUE_SELECTION_INVALID',
    ],
    [
      'neither form',
      { selectedProperties: ['temperature'], ...window },
      400,
      'ValidationException',
      'DOPPEL_ERR_VALUE_SELECTION_INVALID',
    ],
    [
      'an unknown component type',
      { ...byType, componentTypeId: 'com.nope' },
      404,
      'ResourceNotFoundException',
      'DOPPEL_ERR_COMPONENT_TYPE_NOT_FOUND',
    ],
    [
      'a static property of a type',
      { ...byType, selectedProperties: ['serial'] },
      400,
      'ValidationException',
      'DOPPEL_ERR_NOT_TIME_SERIES',
    ],
    ['no startTime', named({ startTime: undefined }), 400, 'ValidationException', 'DOPPEL_ERR_TIME_WINDOW_INVALID'],
    [
      'an impossible endTime',
      named({ endTime: '2024-13-01T00:00:00Z' }),
      400,
      'ValidationException',
      'DOPPEL_ERR_TIME_WINDOW_INVALID',
    ],
    [
      'a startTime in words',
      named({ startTime: 'yesterday' }),
      400,
      'ValidationException',
      'DOPPEL_ERR_TIME_WINDOW_INVALID',
    ],
    [
      'a start after the end',
      named({ startTime: window.endTime, endTime: window.startTime }),
      400,
      'ValidationException',
      'DOPPEL_ERR_TIME_WINDOW_INVALID',
    ],
    [
      'an unknown orderByTime',
      named({ orderByTime: 'SIDEWAYS' }),
      400,
      'ValidationException',
      'DOPPEL_ERR_REQUEST_INVALID',
    ],
    ['maxResults over 10,000', named({ maxResults: 10_001 }), 400, 'ValidationException', 'DOPPEL_ERR_REQUEST_INVALID'],
    [
      'a LIKE filter',
      filter({ operator: 'LIKE', value: { doubleValue: 1 } }),
      400,
      'ValidationException',
      'DOPPEL_ERR_PROPERTY_FILTER_INVALID',
    ],
    [
      'a filter on an unselected property',
      named({ propertyFilters: [{ propertyName: 'count', operator: '=', value: { integerValue: 1 } }] }),
      400,
      'ValidationException',
      'DOPPEL_ERR_PROPERTY_FILTER_INVALID',
    ],
    [
      'a filter value of another type',
      filter({ operator: '=', value: { stringValue: 'x' } }),
      400,
      'ValidationException',
      'DOPPEL_ERR_PROPERTY_FILTER_INVALID',
    ],
    [
      'a filter without a value',
      filter({ operator: '=' }),
      400,
      'ValidationException',
      'DOPPEL_ERR_PROPERTY_FILTER_INVALID',
    ],
    [
      'CUBIC interpolation',
      named({ interpolation: { interpolationType: 'CUBIC', intervalInSeconds: 1 } }),
      400,
      'ValidationException',
      'DOPPEL_ERR_INTERPOLATION_INVALID',
    ],
    [
      'interpolation without an interval',
      named({ interpolation: { interpolationType: 'LINEAR' } }),
      400,
      'ValidationException',
      'DOPPEL_ERR_INTERPOLATION_INVALID',
    ],
    [
      'interpolation over too many intervals',
      named({
        startTime: '2000-01-01T00:00:00Z',
        interpolation: { interpolationType: 'LINEAR', intervalInSeconds: 1 },
      }),
      400,
      'ValidationException',
      'DOPPEL_ERR_INTERPOLATION_INVALID',
    ],
    [
      'a componentPath',
      named({ componentPath: 'a/b' }),
      400,
      'ValidationException',
      'DOPPEL_ERR_COMPOSITE_NOT_SUPPORTED',
    ],
    [
      'a made-up nextToken',
      named({ nextToken: 'abc.def' }),
      400,
      'ValidationException',
      'DOPPEL_ERR_NEXT_TOKEN_INVALID',
    ],
    [
      'no selected property',
      named({ selectedProperties: [] }),
      400,
      'ValidationException',
      'DOPPEL_ERR_REQUEST_INVALID',
    ],
    [
      'a property served by a Lambda connector no connectors.yaml entry serves',
      { entityId: 'pump-1', componentName: 'remote', selectedProperties: ['level'], ...window },
      424,
      'ConnectorFailureException',
      'DOPPEL_ERR_CONNECTOR_NOT_REGISTERED',
    ],
  ])('%s: the status and error type TwinMaker answers, with its stable code', async (_, body, status, type, code) => {
    expect(errorOf(await history(body))).toEqual({ status, type, code });
  });

  test('a nextToken from another query is refused', async () => {
    const token: string = (await history({ ...base, maxResults: 1 })).body.nextToken;
    const other = await history({ ...base, selectedProperties: ['count'], nextToken: token });
    expect(errorOf(other)).toEqual({
      status: 400,
      type: 'ValidationException',
      code: 'DOPPEL_ERR_NEXT_TOKEN_MISMATCH',
    });
  });

  test('an edited nextToken is refused', async () => {
    const token: string = (await history({ ...base, maxResults: 1 })).body.nextToken;
    const edited = await history({ ...base, nextToken: token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA') });
    expect(errorOf(edited)).toEqual({
      status: 400,
      type: 'ValidationException',
      code: 'DOPPEL_ERR_NEXT_TOKEN_INVALID',
    });
  });

  test.each([
    ['a static property: ValidationException', 'pump-1', 'location', ValidationException],
    ['an unknown entity: ResourceNotFoundException', 'ghost', 'temperature', ResourceNotFoundException],
  ])('the AWS SDK raises its typed exception for %s', async (_, entityId, propertyName, exception) => {
    const command = new GetPropertyValueHistoryCommand({
      workspaceId: ws,
      entityId,
      componentName: 'sensor',
      selectedProperties: [propertyName],
      startTime: window.startTime,
      endTime: window.endTime,
    });
    await expect(svc.sdk().send(command)).rejects.toBeInstanceOf(exception);
  });

  test('a workspace that does not exist is not found', async () => {
    const missing = await svc.call('POST', '/workspaces/nowhere/entity-properties/history', base);
    expect(errorOf(missing)).toEqual({
      status: 404,
      type: 'ResourceNotFoundException',
      code: 'DOPPEL_ERR_WORKSPACE_NOT_FOUND',
    });
  });
});

test('string values outside ASCII come back byte for byte, on one page and across pages, beside other series', async () => {
  const other = 'plant-unicode';
  await seedPlant(svc, other, 2);
  const words = ['température', '温度計', 'Ω ≥ 3', '🙂 ok', 'naïve\u00a0space', 'quote " and \\ backslash'];
  const res = await svc.call('POST', `/workspaces/${other}/entity-properties`, {
    entries: [1, 2].map((pump) =>
      entry(
        `pump-${pump}`,
        'labels',
        words.map((word, k) => ({
          time: iso(T0 + k * 1000),
          value: { mapValue: { [`${pump}:${word}`]: { stringValue: `${pump}:${word}` } } },
        })),
      ),
    ),
  });
  expect(res.body).toEqual({ errorEntries: [] });
  const body = { componentTypeId: 'com.acme.sensor', selectedProperties: ['labels'], ...window };
  const wordsOf = (page: Page) =>
    page.propertyValues.flatMap((p) =>
      p.values.map((v) => {
        const [key, value] = Object.entries(v.value.mapValue as Record<string, { stringValue: string }>)[0]!;
        expect(value.stringValue).toBe(key);
        return key;
      }),
    );
  const expected = [1, 2].flatMap((pump) => words.map((word) => `${pump}:${word}`));

  const onePage = await svc.call('POST', `/workspaces/${other}/entity-properties/history`, {
    ...body,
    maxResults: 100,
  });
  const page = onePage.body as Page;
  expect(wordsOf(page)).toEqual(expected);

  const strings: string[] = [];
  let nextToken: string | undefined;
  do {
    const next = (
      await svc.call('POST', `/workspaces/${other}/entity-properties/history`, { ...body, maxResults: 4, nextToken })
    ).body as Page;
    strings.push(...wordsOf(next));
    nextToken = next.nextToken;
  } while (nextToken);
  expect(strings).toEqual(expected);
});
