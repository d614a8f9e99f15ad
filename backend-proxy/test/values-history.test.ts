import {
  GetPropertyValueHistoryCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-iottwinmaker';
import { startTestService, TestService } from './harness';
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

test('pages cover every value exactly once in both orders, for an entity and across a component type', async () => {
  for (const orderByTime of ['ASCENDING', 'DESCENDING']) {
    const one = await walk(
      { entityId: 'pump-2', componentName: 'sensor', selectedProperties: ['temperature'], orderByTime, ...window },
      50,
    );
    expect(one.seen).toHaveLength(N);
    expect(new Set(one.seen).size).toBe(N);
    expect(one.pages).toBe(Math.ceil(N / 50));
    const times = one.seen.map((s) => s.split('@')[1]!.split('=')[0]!);
    const sorted = [...times].sort();
    expect(times).toEqual(orderByTime === 'ASCENDING' ? sorted : sorted.reverse());

    const all = await walk(
      { componentTypeId: 'com.acme.sensor', selectedProperties: ['temperature', 'count'], orderByTime, ...window },
      77,
    );
    expect(all.seen).toHaveLength(3 * 2 * N);
    expect(new Set(all.seen).size).toBe(3 * 2 * N);
    const whole = await walk(
      { componentTypeId: 'com.acme.sensor', selectedProperties: ['temperature', 'count'], orderByTime, ...window },
      10_000,
    );
    expect(whole.pages).toBe(1);
    expect(all.seen).toEqual(whole.seen);
  }
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

test('the time range is inclusive, startDateTime/endDateTime still work, and the SDK pages with its own types', async () => {
  const range = await history({
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    startTime: iso(T0 + 10_000),
    endTime: iso(T0 + 12_000),
    maxResults: 100,
  });
  expect(range.body.propertyValues[0].values.map((v: any) => v.value.doubleValue)).toEqual([1010, 1011, 1012]);
  const old = await history({
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    startDateTime: (T0 + 10_000) / 1000,
    endDateTime: (T0 + 11_000) / 1000,
  });
  expect(old.body.propertyValues[0].values).toHaveLength(2);
  const sdk = svc.sdk();
  const got = await sdk.send(
    new GetPropertyValueHistoryCommand({
      workspaceId: ws,
      entityId: 'pump-1',
      componentName: 'sensor',
      selectedProperties: ['temperature'],
      startDateTime: new Date(T0),
      endDateTime: new Date(T0 + 4000),
      orderByTime: 'DESCENDING',
      maxResults: 2,
    }),
  );
  expect(got.propertyValues![0]!.values!.map((v) => v.value!.doubleValue)).toEqual([1004, 1003]);
  expect(got.nextToken).toBeTruthy();
  const next = await sdk.send(
    new GetPropertyValueHistoryCommand({
      workspaceId: ws,
      entityId: 'pump-1',
      componentName: 'sensor',
      selectedProperties: ['temperature'],
      startDateTime: new Date(T0),
      endDateTime: new Date(T0 + 4000),
      orderByTime: 'DESCENDING',
      maxResults: 2,
      nextToken: got.nextToken,
    }),
  );
  expect(next.propertyValues![0]!.values!.map((v) => v.value!.doubleValue)).toEqual([1002, 1001]);
  const none = await history({
    entityId: 'pump-4',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    ...window,
  });
  expect(none.body).toEqual({ propertyValues: [] });
  const dflt = await history({
    entityId: 'pump-1',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    ...window,
  });
  expect(dflt.body.propertyValues[0].values).toHaveLength(25);
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

test('propertyFilters compare with = != < <= > >= and page correctly', async () => {
  const base = { entityId: 'pump-1', componentName: 'sensor', ...window };
  const numbers = async (operator: string, value: number) =>
    (
      await walk(
        {
          ...base,
          selectedProperties: ['temperature'],
          propertyFilters: [{ propertyName: 'temperature', operator, value: { doubleValue: 1000 + value } }],
        },
        7,
      )
    ).seen.length;
  expect(await numbers('=', 5)).toBe(1);
  expect(await numbers('!=', 5)).toBe(N - 1);
  expect(await numbers('<', 5)).toBe(5);
  expect(await numbers('<=', 5)).toBe(6);
  expect(await numbers('>', 5)).toBe(N - 6);
  expect(await numbers('>=', 5)).toBe(N - 5);
  const alarms = await walk(
    {
      ...base,
      selectedProperties: ['state'],
      propertyFilters: [{ propertyName: 'state', operator: '=', value: { stringValue: 'ALARM' } }],
    },
    13,
  );
  expect(alarms.seen).toHaveLength(Math.ceil(N / 3));
  // a filter on one selected property leaves the other's values alone
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

test('bad history requests are ValidationExceptions (or not found) with a message that says what to fix', async () => {
  const base = { entityId: 'pump-1', componentName: 'sensor', selectedProperties: ['temperature'], ...window };
  const cases: [Record<string, unknown>, number, string, RegExp][] = [
    [{ ...base, selectedProperties: ['location'] }, 400, 'ValidationException', /not a time-series property/],
    [{ ...base, selectedProperties: ['nope'] }, 400, 'ValidationException', /Property nope is not defined/],
    [{ ...base, entityId: 'nope' }, 404, 'ResourceNotFoundException', /Entity nope not found/],
    [{ ...base, componentName: 'nope' }, 404, 'ResourceNotFoundException', /no component nope/],
    [{ ...base, entityId: undefined }, 400, 'ValidationException', /go together/],
    [{ ...base, componentTypeId: 'com.acme.sensor' }, 400, 'ValidationException', /not both/],
    [{ selectedProperties: ['temperature'], ...window }, 400, 'ValidationException', /Specify entityId/],
    [
      { componentTypeId: 'com.nope', selectedProperties: ['temperature'], ...window },
      404,
      'ResourceNotFoundException',
      /Component type com.nope/,
    ],
    [
      { componentTypeId: 'com.acme.sensor', selectedProperties: ['serial'], ...window },
      400,
      'ValidationException',
      /not a time-series/,
    ],
    [{ ...base, startTime: undefined }, 400, 'ValidationException', /startTime is required/],
    [{ ...base, endTime: '2024-13-01T00:00:00Z' }, 400, 'ValidationException', /endTime .*not a valid date/],
    [{ ...base, startTime: 'yesterday' }, 400, 'ValidationException', /startTime .*not a TwinMaker time/],
    [
      { ...base, startTime: window.endTime, endTime: window.startTime },
      400,
      'ValidationException',
      /startTime must not be after endTime/,
    ],
    [{ ...base, orderByTime: 'SIDEWAYS' }, 400, 'ValidationException', /orderByTime/],
    [{ ...base, maxResults: 10_001 }, 400, 'ValidationException', /maxResults/],
    [
      { ...base, propertyFilters: [{ propertyName: 'temperature', operator: 'LIKE', value: { doubleValue: 1 } }] },
      400,
      'ValidationException',
      /operator "LIKE" is not supported/,
    ],
    [
      { ...base, propertyFilters: [{ propertyName: 'count', operator: '=', value: { integerValue: 1 } }] },
      400,
      'ValidationException',
      /must be one of selectedProperties/,
    ],
    [
      { ...base, propertyFilters: [{ propertyName: 'temperature', operator: '=', value: { stringValue: 'x' } }] },
      400,
      'ValidationException',
      /stringValue but the property's type is DOUBLE/,
    ],
    [
      { ...base, propertyFilters: [{ propertyName: 'temperature', operator: '=' }] },
      400,
      'ValidationException',
      /value is required/,
    ],
    [
      { ...base, interpolation: { interpolationType: 'CUBIC', intervalInSeconds: 1 } },
      400,
      'ValidationException',
      /use LINEAR/,
    ],
    [
      { ...base, interpolation: { interpolationType: 'LINEAR' } },
      400,
      'ValidationException',
      /intervalInSeconds is required/,
    ],
    [
      {
        ...base,
        startTime: '2000-01-01T00:00:00Z',
        interpolation: { interpolationType: 'LINEAR', intervalInSeconds: 1 },
      },
      400,
      'ValidationException',
      /at most 1000000 are allowed/,
    ],
    [{ ...base, componentPath: 'a/b' }, 400, 'ValidationException', /componentPath/],
    [{ ...base, nextToken: 'abc.def' }, 400, 'ValidationException', /nextToken is not valid/],
    [{ ...base, selectedProperties: [] }, 400, 'ValidationException', /selectedProperties/],
    [
      { entityId: 'pump-1', componentName: 'remote', selectedProperties: ['level'], ...window },
      400,
      'ValidationException',
      /Lambda connectors/,
    ],
  ];
  for (const [body, status, type, message] of cases) {
    const res = await history(body);
    expect([res.status, res.errorType, res.body.message]).toEqual([status, type, expect.stringMatching(message)]);
  }
  // a token from another query, or edited, is refused
  const page = await history({ ...base, maxResults: 1 });
  const token: string = page.body.nextToken;
  const other = await history({ ...base, selectedProperties: ['count'], nextToken: token });
  expect([other.status, other.body.message]).toEqual([400, expect.stringMatching(/different request/)]);
  const edited = await history({ ...base, nextToken: token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA') });
  expect(edited.errorType).toBe('ValidationException');
  const sdk = svc.sdk();
  await expect(
    sdk.send(
      new GetPropertyValueHistoryCommand({
        workspaceId: ws,
        entityId: 'pump-1',
        componentName: 'sensor',
        selectedProperties: ['location'],
        startTime: window.startTime,
        endTime: window.endTime,
      }),
    ),
  ).rejects.toBeInstanceOf(ValidationException);
  await expect(
    sdk.send(
      new GetPropertyValueHistoryCommand({
        workspaceId: ws,
        entityId: 'ghost',
        componentName: 'sensor',
        selectedProperties: ['temperature'],
        startTime: window.startTime,
        endTime: window.endTime,
      }),
    ),
  ).rejects.toBeInstanceOf(ResourceNotFoundException);
  const missingWs = await svc.call('POST', '/workspaces/nowhere/entity-properties/history', base);
  expect(missingWs.status).toBe(404);
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
