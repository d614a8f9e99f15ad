import {
  BatchPutPropertyValuesCommand,
  GetPropertyValueCommand,
  GetPropertyValueHistoryCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-iottwinmaker';
import { errorOf, startTestService, TestService } from './harness';
import { sqlValue } from './store-sql';
import { entry, seedPlant } from './values-fixture';

let svc: TestService;
const ws = 'plant';
const put = (entries: unknown[]) => svc.call('POST', `/workspaces/${ws}/entity-properties`, { entries });
const history = (body: Record<string, unknown>) =>
  svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
    startTime: '2000-01-01T00:00:00Z',
    endTime: '2100-01-01T00:00:00Z',
    maxResults: 10000,
    ...body,
  });
const valuesOf = async (entityId: string, propertyName: string) => {
  const res = await history({ entityId, componentName: 'sensor', selectedProperties: [propertyName] });
  expect(res.status).toBe(200);
  return (res.body.propertyValues[0]?.values ?? []) as { time: string; value: unknown }[];
};

beforeAll(async () => {
  svc = await startTestService();
  await seedPlant(svc, ws, 3);
});
afterAll(() => svc.close());

test('BatchPutPropertyValues through the SDK stores every data type and GetPropertyValueHistory reads them back', async () => {
  const sdk = svc.sdk();
  const t = '2024-03-01T10:00:00Z';
  const values: [string, Record<string, unknown>][] = [
    ['temperature', { doubleValue: 21.5 }],
    ['count', { integerValue: 42 }],
    ['total', { longValue: 9007199254740991 }],
    ['running', { booleanValue: true }],
    ['state', { stringValue: 'ALARM' }],
    ['samples', { listValue: [{ doubleValue: 1 }, { doubleValue: 2.5 }] }],
    ['labels', { mapValue: { zone: { stringValue: 'north' } } }],
  ];
  const out = await sdk.send(
    new BatchPutPropertyValuesCommand({
      workspaceId: ws,
      entries: values.map(([propertyName, value]) => ({
        entityPropertyReference: { entityId: 'pump-2', componentName: 'sensor', propertyName },
        propertyValues: [{ time: t, value }],
      })),
    }),
  );
  expect(out.errorEntries).toEqual([]);
  for (const [propertyName, value] of values) {
    const got = await sdk.send(
      new GetPropertyValueHistoryCommand({
        workspaceId: ws,
        entityId: 'pump-2',
        componentName: 'sensor',
        selectedProperties: [propertyName],
        startTime: '2024-03-01T00:00:00Z',
        endTime: '2024-03-02T00:00:00Z',
      }),
    );
    expect(got.propertyValues).toEqual([
      {
        entityPropertyReference: { entityId: 'pump-2', componentName: 'sensor', propertyName },
        values: [{ time: '2024-03-01T10:00:00.000Z', value }],
      },
    ]);
  }
});

test('times keep their instant across offsets, nanosecond fractions round-trip, and the deprecated timestamp works', async () => {
  const res = await put([
    entry('pump-3', 'temperature', [
      { time: '2024-05-01T12:00:00+02:00', value: { doubleValue: 1 } },
      { time: '2024-05-01T10:00:00.123456789Z', value: { doubleValue: 2 } },
      { time: '2024-05-01T10:00:00.5-00:30', value: { doubleValue: 3 } },
    ]),
    {
      entityPropertyReference: { entityId: 'pump-3', componentName: 'sensor', propertyName: 'temperature' },
      propertyValues: [{ timestamp: 1714557600.25, value: { doubleValue: 4 } }],
    },
  ]);
  expect(res.body).toEqual({ errorEntries: [] });
  expect(await valuesOf('pump-3', 'temperature')).toEqual([
    { time: '2024-05-01T10:00:00.000Z', value: { doubleValue: 1 } },
    { time: '2024-05-01T10:00:00.123456789Z', value: { doubleValue: 2 } },
    { time: '2024-05-01T10:00:00.250Z', value: { doubleValue: 4 } },
    { time: '2024-05-01T10:30:00.500Z', value: { doubleValue: 3 } },
  ]);
});

test('the same time written twice keeps the last value and one row', async () => {
  await put([entry('pump-1', 'count', [{ time: '2024-06-01T00:00:00Z', value: { integerValue: 1 } }])]);
  await put([
    entry('pump-1', 'count', [
      { time: '2024-06-01T02:00:00+02:00', value: { integerValue: 2 } },
      { time: '2024-06-01T00:00:00.000Z', value: { integerValue: 3 } },
    ]),
  ]);
  expect(await valuesOf('pump-1', 'count')).toEqual([{ time: '2024-06-01T00:00:00.000Z', value: { integerValue: 3 } }]);
  const db = (svc.service.store as any).db;
  expect(
    await sqlValue(
      db,
      "SELECT count(*) FROM property_values JOIN value_series USING (series_id) WHERE entity_id = 'pump-1' AND property_name = 'count'",
    ),
  ).toBe(1);
});

test('concurrent writes (which a store may commit together) each land, and each answers for its own entries', async () => {
  const writes = Array.from({ length: 30 }, (_, i) =>
    put([
      entry('pump-3', 'temperature', [
        { time: `2024-07-01T00:00:${String(i).padStart(2, '0')}Z`, value: { doubleValue: i } },
        // every write also sets one shared time: one row stays, holding one of the writes' values
        { time: '2024-07-02T00:00:00Z', value: { doubleValue: 100 + i } },
      ]),
      // one write in three names a property the component lacks: its own errorEntries only
      ...(i % 3 === 0
        ? [entry('pump-3', 'nonexistent', [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1 } }])]
        : []),
    ]),
  );
  const answers = await Promise.all(writes);
  answers.forEach((res, i) => {
    expect(res.status).toBe(200);
    expect(res.body.errorEntries).toHaveLength(i % 3 === 0 ? 1 : 0);
  });
  const stored = await valuesOf('pump-3', 'temperature');
  const july1 = stored.filter((v) => v.time.startsWith('2024-07-01'));
  expect(july1.map((v) => v.value)).toEqual(Array.from({ length: 30 }, (_, i) => ({ doubleValue: i })));
  const shared = stored.filter((v) => v.time.startsWith('2024-07-02'));
  expect(shared).toHaveLength(1);
  expect((shared[0]!.value as { doubleValue: number }).doubleValue).toBeGreaterThanOrEqual(100);
});

test('bad entries are reported in errorEntries with code and message while the good ones are stored', async () => {
  const good = entry('pump-1', 'running', [{ time: '2024-07-01T00:00:00Z', value: { booleanValue: false } }]);
  const cases = [
    [
      entry('pump-1', 'temperature', [{ time: '2024-07-01T00:00:00Z', value: { stringValue: 'hot' } }]),
      'ValidationException',
      /is a stringValue but the property's type is DOUBLE/,
    ],
    [
      entry('pump-1', 'count', [{ time: '2024-07-01T00:00:00Z', value: { integerValue: 2 ** 40 } }]),
      'ValidationException',
      /integerValue must be a whole number between/,
    ],
    [
      entry('pump-1', 'state', [{ time: '2024-07-01T00:00:00Z', value: { stringValue: 'MAYBE' } }]),
      'ValidationException',
      /not one of the allowed values/,
    ],
    [
      entry('pump-1', 'location', [{ time: '2024-07-01T00:00:00Z', value: { stringValue: 'hall B' } }]),
      'ValidationException',
      /not a time-series property/,
    ],
    [
      entry('pump-1', 'nosuch', [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1 } }]),
      'ResourceNotFoundException',
      /has no property nosuch/,
    ],
    [
      entry('pump-9', 'temperature', [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1 } }]),
      'ResourceNotFoundException',
      /Entity pump-9 not found/,
    ],
    [
      {
        ...entry('pump-1', 'temperature', []),
        entityPropertyReference: { entityId: 'pump-1', componentName: 'nope', propertyName: 'temperature' },
        propertyValues: [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1 } }],
      },
      'ResourceNotFoundException',
      /has no component nope/,
    ],
    [
      entry('pump-1', 'temperature', [{ time: '2024-07-01 00:00:00', value: { doubleValue: 1 } }]),
      'ValidationException',
      /time .* is not a TwinMaker time/,
    ],
    [
      entry('pump-1', 'temperature', [{ time: '2024-02-30T00:00:00Z', value: { doubleValue: 1 } }]),
      'ValidationException',
      /not a valid date/,
    ],
    [entry('pump-1', 'temperature', [{ value: { doubleValue: 1 } }]), 'ValidationException', /time is required/],
    [
      entry('pump-1', 'temperature', [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1, integerValue: 1 } }]),
      'ValidationException',
      /exactly one of/,
    ],
  ] as const;
  for (const [bad, code, message] of cases) {
    const res = await put([good, bad]);
    expect(res.status).toBe(200);
    expect(res.body.errorEntries).toHaveLength(1);
    const [error] = res.body.errorEntries[0].errors;
    expect(error.errorCode).toBe(code);
    expect(error.errorMessage).toMatch(message);
    expect(error.entry).toEqual(bad);
  }
  expect(await valuesOf('pump-1', 'running')).toEqual([
    { time: '2024-07-01T00:00:00.000Z', value: { booleanValue: false } },
  ]);
  // an entry with one bad value stores none of its values
  const mixed = await put([
    entry('pump-2', 'running', [
      { time: '2024-07-02T00:00:00Z', value: { booleanValue: true } },
      { time: '2024-07-02T00:00:01Z', value: { doubleValue: 1 } },
    ]),
  ]);
  expect(mixed.body.errorEntries[0].errors[0].errorMessage).toMatch(/propertyValues\[1\]/);
  expect((await valuesOf('pump-2', 'running')).map((v) => v.time)).not.toContain('2024-07-02T00:00:00.000Z');
});

test('values of a property served by a Lambda connector are refused in errorEntries', async () => {
  const res = await put([
    {
      entityPropertyReference: { entityId: 'pump-1', componentName: 'remote', propertyName: 'level' },
      propertyValues: [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1 } }],
    },
  ]);
  expect(res.body.errorEntries[0].errors[0].errorMessage).toMatch(/data connector of component type com.acme.remote/);
});

test('a reference by external id instead of entityId is resolved', async () => {
  const res = await put([
    {
      entityPropertyReference: {
        externalIdProperty: { serial: 'SN-3' },
        componentName: 'sensor',
        propertyName: 'total',
      },
      propertyValues: [{ time: '2024-08-01T00:00:00Z', value: { longValue: 7 } }],
    },
  ]);
  expect(res.body).toEqual({ errorEntries: [] });
  expect(await valuesOf('pump-3', 'total')).toEqual([{ time: '2024-08-01T00:00:00.000Z', value: { longValue: 7 } }]);
});

test('BatchPut limits and shapes are ValidationExceptions for the whole request', async () => {
  const one = entry('pump-1', 'temperature', [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1 } }]);
  const tenValues = Array.from({ length: 11 }, (_, i) => ({
    time: `2024-07-01T00:00:${String(i).padStart(2, '0')}Z`,
    value: { doubleValue: i },
  }));
  for (const body of [
    { entries: [] },
    { entries: Array(11).fill(one) },
    { entries: [entry('pump-1', 'temperature', tenValues)] },
    { entries: [entry('pump-1', 'temperature', [])] },
    {},
    { entries: [{ propertyValues: one.propertyValues }] },
  ]) {
    const res = await svc.call('POST', `/workspaces/${ws}/entity-properties`, body);
    expect([res.status, res.errorType]).toEqual([400, 'ValidationException']);
  }
  const missing = await svc.call('POST', `/workspaces/nowhere/entity-properties`, { entries: [one] });
  expect([missing.status, missing.errorType]).toEqual([404, 'ResourceNotFoundException']);
  await expect(
    svc.sdk().send(new BatchPutPropertyValuesCommand({ workspaceId: ws, entries: [] })),
  ).rejects.toBeInstanceOf(ValidationException);
});

test('GetPropertyValue answers static values and the latest time-series value, by entity or by component type', async () => {
  const sdk = svc.sdk();
  await put([
    entry('pump-1', 'temperature', [
      { time: '2024-09-01T00:00:00Z', value: { doubleValue: 10 } },
      { time: '2024-09-01T00:00:02Z', value: { doubleValue: 12 } },
      { time: '2024-09-01T00:00:01Z', value: { doubleValue: 11 } },
    ]),
  ]);
  const one = await sdk.send(
    new GetPropertyValueCommand({
      workspaceId: ws,
      entityId: 'pump-1',
      componentName: 'sensor',
      selectedProperties: ['temperature', 'location', 'serial', 'samples'],
    }),
  );
  expect(one.propertyValues).toEqual({
    temperature: {
      propertyReference: { entityId: 'pump-1', componentName: 'sensor', propertyName: 'temperature' },
      propertyValue: { doubleValue: 12 },
    },
    location: {
      propertyReference: { entityId: 'pump-1', componentName: 'sensor', propertyName: 'location' },
      propertyValue: { stringValue: 'hall A' },
    },
    serial: {
      propertyReference: { entityId: 'pump-1', componentName: 'sensor', propertyName: 'serial' },
      propertyValue: { stringValue: 'SN-1' },
    },
    samples: { propertyReference: { entityId: 'pump-1', componentName: 'sensor', propertyName: 'samples' } },
  });

  // by component type: every entity that has it, paged
  const keys: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await sdk.send(
      new GetPropertyValueCommand({
        workspaceId: ws,
        componentTypeId: 'com.acme.sensor',
        selectedProperties: ['serial'],
        maxResults: 2,
        nextToken,
      }),
    );
    keys.push(...Object.keys(page.propertyValues ?? {}));
    for (const [key, v] of Object.entries(page.propertyValues ?? {})) {
      expect(key).toBe(`${v.propertyReference!.entityId}/sensor/serial`);
      expect(v.propertyValue!.stringValue).toBe(`SN-${v.propertyReference!.entityId!.slice(5)}`);
    }
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  expect(pages).toBe(2);
  expect(keys).toEqual(['pump-1/sensor/serial', 'pump-2/sensor/serial', 'pump-3/sensor/serial']);
});

test("GetPropertyValue of an unknown entity is the SDK's ResourceNotFoundException", async () => {
  const command = new GetPropertyValueCommand({
    workspaceId: ws,
    entityId: 'nope',
    componentName: 'sensor',
    selectedProperties: ['serial'],
  });
  await expect(svc.sdk().send(command)).rejects.toBeInstanceOf(ResourceNotFoundException);
});

const one = { entityId: 'pump-1', componentName: 'sensor', selectedProperties: ['serial'] };
test.each<[string, Record<string, unknown>, number, string, string]>([
  [
    'an unknown component',
    { ...one, componentName: 'nope' },
    404,
    'ResourceNotFoundException',
    'DOPPEL_ERR_COMPONENT_NOT_FOUND',
  ],
  [
    'an undefined property',
    { ...one, selectedProperties: ['nope'] },
    400,
    'ValidationException',
    'DOPPEL_ERR_PROPERTY_NOT_DEFINED',
  ],
  [
    'an unknown type',
    { componentTypeId: 'com.nope', selectedProperties: ['serial'] },
    404,
    'ResourceNotFoundException',
    'DOPPEL_ERR_COMPONENT_TYPE_NOT_FOUND',
  ],
  [
    'a property the type does not define',
    { componentTypeId: 'com.acme.sensor', selectedProperties: ['nope'] },
    400,
    'ValidationException',
    'DOPPEL_ERR_PROPERTY_NOT_IN_TYPE',
  ],
  [
    'neither form',
    { selectedProperties: ['serial'] },
    400,
    'ValidationException',
    'DOPPEL_ERR_VALUE_SELECTION_INVALID',
  ],
  [
    'an entity without its component',
    { entityId: 'pump-1', selectedProperties: ['serial'] },
    400,
    'ValidationException',
    'DOPPEL_ERR_VALUE_SELECTION_INVALID',
  ],
  [
    'no selectedProperties',
    { entityId: 'pump-1', componentName: 'sensor' },
    400,
    'ValidationException',
    'DOPPEL_ERR_REQUEST_INVALID',
  ],
  [
    'a propertyGroupName',
    { ...one, propertyGroupName: 'g' },
    400,
    'ValidationException',
    'DOPPEL_ERR_TABULAR_NOT_SUPPORTED',
  ],
  [
    'tabularConditions',
    { ...one, tabularConditions: {} },
    400,
    'ValidationException',
    'DOPPEL_ERR_TABULAR_NOT_SUPPORTED',
  ],
  [
    'a property served by a Lambda connector no connectors.yaml entry serves',
    { entityId: 'pump-1', componentName: 'remote', selectedProperties: ['level'] },
    424,
    'ConnectorFailureException',
    'DOPPEL_ERR_CONNECTOR_NOT_REGISTERED',
  ],
  [
    'a forged nextToken',
    { componentTypeId: 'com.acme.sensor', selectedProperties: ['serial'], nextToken: 'forged.token' },
    400,
    'ValidationException',
    'DOPPEL_ERR_NEXT_TOKEN_INVALID',
  ],
])('GetPropertyValue naming %s answers %i %s with its code', async (_, body, status, type, code) => {
  const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/value`, body);
  expect(errorOf(res)).toEqual({ status, type, code });
});

test('a read-only key may read values but not write them; another workspace stays invisible', async () => {
  const created = await svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: ws, role: 'read' }] });
  expect(created.status).toBe(200);
  const reader = { accessKeyId: created.body.accessKeyId, secretAccessKey: created.body.secretAccessKey };
  const read = await svc.call(
    'POST',
    `/workspaces/${ws}/entity-properties/value`,
    { entityId: 'pump-1', componentName: 'sensor', selectedProperties: ['serial'] },
    { credentials: reader },
  );
  expect(read.status).toBe(200);
  const write = await svc.call(
    'POST',
    `/workspaces/${ws}/entity-properties`,
    { entries: [entry('pump-1', 'temperature', [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1 } }])] },
    { credentials: reader },
  );
  expect(write.status).toBe(403);
  const none = await svc.call('POST', '/workspaces/plant/entity-properties/history', {}, { credentials: null });
  expect(none.status).toBe(401);
});

test('deleting an entity deletes its stored values', async () => {
  await svc.call('POST', `/workspaces/${ws}/entities`, {
    entityId: 'temp-pump',
    entityName: 'temp',
    components: {
      sensor: { componentTypeId: 'com.acme.sensor', properties: { serial: { value: { stringValue: 'SN-T' } } } },
    },
  });
  expect(
    (await put([entry('temp-pump', 'temperature', [{ time: '2024-07-01T00:00:00Z', value: { doubleValue: 1 } }])]))
      .body,
  ).toEqual({ errorEntries: [] });
  expect((await svc.call('DELETE', `/workspaces/${ws}/entities/temp-pump`)).status).toBe(200);
  const db = (svc.service.store as any).db;
  expect(await sqlValue(db, "SELECT count(*) FROM value_series WHERE entity_id = 'temp-pump'")).toBe(0);
  // re-created under the same id: no values come back, and writes work again (cache dropped)
  await svc.call('POST', `/workspaces/${ws}/entities`, {
    entityId: 'temp-pump',
    entityName: 'temp',
    components: {
      sensor: { componentTypeId: 'com.acme.sensor', properties: { serial: { value: { stringValue: 'SN-T' } } } },
    },
  });
  expect(await valuesOf('temp-pump', 'temperature')).toEqual([]);
  expect(
    (await put([entry('temp-pump', 'temperature', [{ time: '2024-07-02T00:00:00Z', value: { doubleValue: 2 } }])]))
      .body,
  ).toEqual({ errorEntries: [] });
  expect(await valuesOf('temp-pump', 'temperature')).toHaveLength(1);
});
