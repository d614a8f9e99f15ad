import {
  BatchPutPropertyValuesCommand,
  GetPropertyValueHistoryCommand,
  PropertyValueEntry,
} from '@aws-sdk/client-iottwinmaker';
import { errorOf, startTestService, TestService } from './harness';
import { LambdaHost, startLambdaHost } from './lambda-host';

const ws = 'historian';
const READER = 'arn:aws:lambda:us-east-1:123456789012:function:historian-reader';
const WRITER = 'arn:aws:lambda:us-east-1:123456789012:function:historian-writer';
const TYPE = 'com.example.historian.series';

let svc: TestService;
let host: LambdaHost;

/** The historian behind the connector: values by tagId, as the writer stored them. */
const historian = new Map<string, { time: string; value: number }[]>();

/** TwinMaker's dataWriter contract: stores each entry's values under the component's tagId; refuses negatives. */
function writer(event: any) {
  const errorEntries: any[] = [];
  for (const entry of event.entries) {
    const { entityId, propertyName } = entry.entityPropertyReference;
    const tagId = event.properties[entityId].tagId.value.stringValue;
    const negative = entry.propertyValues.find((v: any) => v.value.doubleValue < 0);
    if (negative) {
      errorEntries.push({
        errors: [{ errorCode: 'ValueOutOfRange', errorMessage: `${tagId} cannot be negative`, entry }],
      });
      continue;
    }
    const series = historian.get(`${tagId}/${propertyName}`) ?? [];
    for (const v of entry.propertyValues) series.push({ time: v.time, value: v.value.doubleValue });
    historian.set(`${tagId}/${propertyName}`, series);
  }
  return { errorEntries };
}

/** The matching dataReaderByEntity: string-encoded values, as udq_utils sends them. */
function reader(event: any) {
  const tagId = event.properties.tagId.value.stringValue;
  return {
    propertyValues: event.selectedProperties.map((name: string) => ({
      entityPropertyReference: { entityId: event.entityId, componentName: event.componentName, propertyName: name },
      values: (historian.get(`${tagId}/${name}`) ?? [])
        .filter((v) => v.time >= event.startTime && v.time <= event.endTime)
        .map((v) => ({ time: v.time, value: { doubleValue: String(v.value) } })),
    })),
    nextToken: null,
  };
}

async function ok(res: Promise<{ status: number; body: unknown }>) {
  const r = await res;
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const useWriter = (urlPath: string) =>
  ok(svc.call('PUT', '/doppel/connectors/writer', { arn: WRITER, url: host.url + urlPath, timeoutMs: 300 }));

beforeAll(async () => {
  host = await startLambdaHost({
    '/reader': reader,
    '/writer': writer,
    '/slow': () => 'hang',
    '/broken': () => {
      throw Object.assign(new Error('historian is read-only today'), { name: 'ReadOnly' });
    },
    '/bad-shape': () => ({ errorEntries: [{ errors: [{ errorCode: 1 }] }] }),
  });
  svc = await startTestService();
  await ok(svc.call('POST', `/workspaces/${ws}`, {}));
  const definitions = {
    tagId: { dataType: { type: 'STRING' }, isExternalId: true, isRequiredInEntity: true },
    temperature: { dataType: { type: 'DOUBLE' }, isTimeSeries: true, isStoredExternally: true },
  };
  await ok(
    svc.call('POST', `/workspaces/${ws}/component-types/${TYPE}`, {
      propertyDefinitions: definitions,
      functions: {
        dataReader: { implementedBy: { lambda: { arn: READER } } },
        dataWriter: { implementedBy: { lambda: { arn: WRITER } } },
      },
    }),
  );
  await ok(
    svc.call('POST', `/workspaces/${ws}/component-types/com.example.historian.readonly`, {
      propertyDefinitions: definitions,
      functions: { dataReader: { implementedBy: { lambda: { arn: READER } } } },
    }),
  );
  await ok(
    svc.call('POST', `/workspaces/${ws}/component-types/com.example.stored`, {
      propertyDefinitions: { level: { dataType: { type: 'DOUBLE' }, isTimeSeries: true } },
    }),
  );
  const tag = (tagId: string, type = TYPE) => ({
    componentTypeId: type,
    properties: { tagId: { value: { stringValue: tagId } } },
  });
  await ok(
    svc.call('POST', `/workspaces/${ws}/entities`, {
      entityId: 'Boiler1',
      entityName: 'Boiler1',
      components: { Tag: tag('TT-101'), Old: tag('TT-OLD', 'com.example.historian.readonly') },
    }),
  );
  await ok(
    svc.call('POST', `/workspaces/${ws}/entities`, {
      entityId: 'Tank1',
      entityName: 'Tank1',
      components: { Level: { componentTypeId: 'com.example.stored' } },
    }),
  );
  await ok(svc.call('PUT', '/doppel/connectors/reader', { arn: READER, url: host.url + '/reader' }));
  await useWriter('/writer');
});

afterAll(async () => {
  await svc.close();
  await host.close();
});

const temperature = (values: [string, number][], ref: Record<string, any> = { entityId: 'Boiler1' }) =>
  ({
    entityPropertyReference: { componentName: 'Tag', propertyName: 'temperature', ...ref },
    propertyValues: values.map(([time, v]) => ({ time, value: { doubleValue: v } })),
  }) as PropertyValueEntry;

const level = (time: string, v: number): PropertyValueEntry => ({
  entityPropertyReference: { entityId: 'Tank1', componentName: 'Level', propertyName: 'level' },
  propertyValues: [{ time, value: { doubleValue: v } }],
});

const put = (entries: PropertyValueEntry[]) =>
  svc.sdk().send(new BatchPutPropertyValuesCommand({ workspaceId: ws, entries }));

describe('BatchPutPropertyValues through a Lambda dataWriter', () => {
  test('the writer gets TwinMaker’s event, and what it stored reads back through the reader', async () => {
    const before = host.events.get('/writer')?.length ?? 0;
    const out = await put([
      temperature([
        ['2026-01-01T00:00:00Z', 20.5],
        ['2026-01-01T00:01:00+01:00', 21],
      ]),
    ]);
    expect(out.errorEntries).toEqual([]);
    const event = host.events.get('/writer')![before];
    expect(event).toEqual({
      workspaceId: ws,
      properties: {
        Boiler1: {
          tagId: {
            definition: expect.objectContaining({ isExternalId: true, externalId: true }),
            value: { stringValue: 'TT-101' },
          },
          temperature: { definition: expect.objectContaining({ isTimeSeries: true, timeSeries: true }) },
        },
      },
      entries: [
        {
          entryId: '0',
          entityPropertyReference: { entityId: 'Boiler1', componentName: 'Tag', propertyName: 'temperature' },
          propertyValues: [
            { time: '2026-01-01T00:00:00.000Z', value: { doubleValue: 20.5 } },
            // an offset is sent as UTC, as TwinMaker normalizes times
            { time: '2025-12-31T23:01:00.000Z', value: { doubleValue: 21 } },
          ],
        },
      ],
    });
    const history = await svc.sdk().send(
      new GetPropertyValueHistoryCommand({
        workspaceId: ws,
        entityId: 'Boiler1',
        componentName: 'Tag',
        selectedProperties: ['temperature'],
        startTime: '2025-12-31T00:00:00Z',
        endTime: '2026-01-02T00:00:00Z',
      }),
    );
    expect(history.propertyValues![0]!.values!.map((v) => v.value!.doubleValue)).toEqual([20.5, 21]);
  });

  test('by external id: the entry reaches the writer naming the entity that holds it', async () => {
    const before = host.events.get('/writer')!.length;
    const out = await put([temperature([['2026-01-01T00:02:00Z', 22]], { externalIdProperty: { tagId: 'TT-101' } })]);
    expect(out.errorEntries).toEqual([]);
    expect(host.events.get('/writer')![before].entries[0].entityPropertyReference).toEqual({
      entityId: 'Boiler1',
      componentName: 'Tag',
      propertyName: 'temperature',
      externalIdProperty: { tagId: 'TT-101' },
    });
  });

  test('the writer’s errorEntries come back with the caller’s own entries; the others are written', async () => {
    const refused = temperature([['2026-01-01T00:03:00Z', -4]]);
    const accepted = temperature([['2026-01-01T00:04:00Z', 23]]);
    const out = await put([refused, level('2026-01-01T00:00:00Z', 3), accepted]);
    expect(out.errorEntries).toEqual([
      { errors: [{ errorCode: 'ValueOutOfRange', errorMessage: 'TT-101 cannot be negative', entry: refused }] },
    ]);
    const series = historian.get('TT-101/temperature')!;
    expect(series.at(-1)).toEqual({ time: '2026-01-01T00:04:00.000Z', value: 23 });
    expect(series.some((v) => v.value === -4)).toBe(false);
  });

  test('a value of the wrong type is refused as the built-in store refuses it, and never sent', async () => {
    const before = host.events.get('/writer')!.length;
    const wrong = {
      entityPropertyReference: { entityId: 'Boiler1', componentName: 'Tag', propertyName: 'temperature' },
      propertyValues: [{ time: '2026-01-01T00:05:00Z', value: { stringValue: 'hot' } }],
    };
    const res = await svc.call('POST', `/workspaces/${ws}/entity-properties`, { entries: [wrong] });
    expect(res.status).toBe(200);
    expect(res.body.errorEntries).toHaveLength(1);
    expect(res.body.errorEntries[0].errors[0]).toMatchObject({ errorCode: 'ValidationException', entry: wrong });
    expect(res.body.errorEntries[0].errors[0].errorMessage).toContain('propertyValues[0].value');
    expect(host.events.get('/writer')!.length).toBe(before);
  });

  test('a type read through a connector but without a dataWriter says so in the entry’s error', async () => {
    const out = await put([
      {
        entityPropertyReference: { entityId: 'Boiler1', componentName: 'Old', propertyName: 'temperature' },
        propertyValues: [{ time: '2026-01-01T00:00:00Z', value: { doubleValue: 1 } }],
      },
    ]);
    expect(out.errorEntries![0]!.errors![0]!.errorCode).toBe('ValidationException');
    expect(out.errorEntries![0]!.errors![0]!.errorMessage).toContain('has no dataWriter function');
  });
});

describe('a dataWriter that fails', () => {
  afterAll(() => useWriter('/writer'));

  test.each([
    ['/slow', 'ConnectorTimeoutException', 'DOPPEL_ERR_CONNECTOR_TIMEOUT', '300 ms'],
    ['/broken', 'ConnectorFailureException', 'DOPPEL_ERR_CONNECTOR_FAILURE', 'ReadOnly: historian is read-only today'],
    ['/bad-shape', 'ConnectorFailureException', 'DOPPEL_ERR_CONNECTOR_REPLY_INVALID', 'errorEntries[0].errors[0]'],
  ])('%s, when nothing else was written: 424 %s naming the connector', async (path, type, code, says) => {
    await useWriter(path);
    const res = await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
      entries: [temperature([['2026-01-02T00:00:00Z', 1]])],
    });
    expect(errorOf(res)).toEqual({ status: 424, type, code });
    expect(res.body.message).toContain('writer');
    expect(res.body.message).toContain(says);
  });

  test('beside entries the built-in store wrote: errorEntries naming the failure, the stored values kept', async () => {
    await useWriter('/broken');
    const failed = temperature([['2026-01-02T00:00:00Z', 1]]);
    const out = await put([level('2026-01-02T00:00:00Z', 7), failed]);
    expect(out.errorEntries).toHaveLength(1);
    expect(out.errorEntries![0]!.errors![0]).toMatchObject({ errorCode: 'ConnectorFailureException', entry: failed });
    expect(out.errorEntries![0]!.errors![0]!.errorMessage).toContain('historian is read-only today');
    const stored = await svc.sdk().send(
      new GetPropertyValueHistoryCommand({
        workspaceId: ws,
        entityId: 'Tank1',
        componentName: 'Level',
        selectedProperties: ['level'],
        startTime: '2026-01-02T00:00:00Z',
        endTime: '2026-01-02T00:00:01Z',
      }),
    );
    expect(stored.propertyValues![0]!.values!.map((v) => v.value!.doubleValue)).toEqual([7]);
  });
});
