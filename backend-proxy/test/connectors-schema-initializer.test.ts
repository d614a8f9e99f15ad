import { CreateEntityCommand, GetEntityCommand, UpdateEntityCommand } from '@aws-sdk/client-iottwinmaker';
import { errorOf, sdkErrorCode, startTestService, TestService } from './harness';
import { LambdaHost, startLambdaHost } from './lambda-host';

const ws = 'historian';
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:historian-schema';
const TYPE = 'com.example.historian.tag';

let svc: TestService;
let host: LambdaHost;

/** The historian's initializer: the tag's unit and range from its catalogue, keyed by the tagId the entity names. */
const catalogue: Record<string, { unit: string; max: number }> = {
  'TT-101': { unit: 'degC', max: 180 },
  'PT-7': { unit: 'bar', max: 16 },
};
function initializer(event: any) {
  const tagId: string = event.properties.tagId?.value?.stringValue;
  const entry = catalogue[tagId];
  if (!entry) throw Object.assign(new Error(`unknown tag ${tagId}`), { name: 'TagNotFound' });
  return {
    properties: {
      unit: { definition: { dataType: { type: 'STRING' } }, value: { stringValue: entry.unit } },
      // string-encoded, as Lambda connectors often answer
      rangeMax: { definition: { dataType: { type: 'DOUBLE' } }, value: { doubleValue: String(entry.max) } },
      reading: { definition: { dataType: { type: 'DOUBLE' }, isTimeSeries: true, isStoredExternally: true } },
      site: { value: { stringValue: 'Lyon' } },
      label: { value: { stringValue: 'from the historian' } },
    },
  };
}

async function ok(res: Promise<{ status: number; body: unknown }>) {
  const r = await res;
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const useConnector = (urlPath: string) =>
  ok(svc.call('PUT', '/doppel/connectors/historian', { arn: ARN, url: host.url + urlPath, timeoutMs: 300 }));

beforeAll(async () => {
  host = await startLambdaHost({
    '/init': initializer,
    '/slow': () => 'hang',
    '/bad-type': () => ({ properties: { site: { value: { booleanValue: true } } } }),
    '/time-series-value': () => ({
      properties: {
        reading: { definition: { dataType: { type: 'DOUBLE' }, isTimeSeries: true }, value: { doubleValue: 3 } },
      },
    }),
    '/not-a-map': () => ({ properties: ['unit'] }),
  });
  svc = await startTestService();
  await ok(svc.call('POST', `/workspaces/${ws}`, {}));
  await ok(
    svc.call('POST', `/workspaces/${ws}/component-types/${TYPE}`, {
      propertyDefinitions: {
        tagId: { dataType: { type: 'STRING' }, isExternalId: true, isRequiredInEntity: true },
        site: { dataType: { type: 'STRING' } },
        label: { dataType: { type: 'STRING' } },
      },
      functions: { schemaInitializer: { implementedBy: { lambda: { arn: ARN } } } },
    }),
  );
  await ok(
    svc.call('POST', `/workspaces/${ws}/component-types/com.example.plain`, {
      propertyDefinitions: { note: { dataType: { type: 'STRING' } } },
    }),
  );
  await useConnector('/init');
});

afterAll(async () => {
  await svc.close();
  await host.close();
});

const createTag = (entityId: string, tagId: string, extra: Record<string, any> = {}) =>
  svc.sdk().send(
    new CreateEntityCommand({
      workspaceId: ws,
      entityId,
      entityName: entityId,
      components: {
        Tag: { componentTypeId: TYPE, properties: { tagId: { value: { stringValue: tagId } }, ...extra } },
      },
    }),
  );

const entityExists = async (entityId: string) =>
  (await svc.call('GET', `/workspaces/${ws}/entities/${entityId}`)).status === 200;

describe('schemaInitializer at CreateEntity', () => {
  test('the connector gets TwinMaker’s event and its properties are imported, definitions and values', async () => {
    const before = host.events.get('/init')?.length ?? 0;
    await createTag('Boiler1', 'TT-101', { label: { value: { stringValue: 'set by the caller' } } });
    const event = host.events.get('/init')![before];
    expect(event).toEqual({
      workspaceId: ws,
      entityId: 'Boiler1',
      componentName: 'Tag',
      properties: {
        tagId: {
          definition: expect.objectContaining({ dataType: { type: 'STRING' }, isExternalId: true, externalId: true }),
          value: { stringValue: 'TT-101' },
        },
        site: { definition: expect.objectContaining({ dataType: { type: 'STRING' } }) },
        label: {
          definition: expect.objectContaining({ dataType: { type: 'STRING' } }),
          value: { stringValue: 'set by the caller' },
        },
      },
    });
    const entity = await svc.sdk().send(new GetEntityCommand({ workspaceId: ws, entityId: 'Boiler1' }));
    const props = entity.components!.Tag!.properties!;
    expect(props.unit).toEqual({
      definition: expect.objectContaining({ dataType: { type: 'STRING' }, isImported: true, isTimeSeries: false }),
      value: { stringValue: 'degC' },
    });
    expect(props.rangeMax!.value).toEqual({ doubleValue: 180 });
    expect(props.reading!.definition).toMatchObject({
      isImported: true,
      isTimeSeries: true,
      isStoredExternally: true,
    });
    expect(props.reading!.value).toBeUndefined();
    // a property of the type gets its value imported, still as the type's (not imported)
    expect(props.site).toEqual({
      definition: expect.objectContaining({ isImported: false }),
      value: { stringValue: 'Lyon' },
    });
    // what the caller sent wins over the connector's value
    expect(props.label!.value).toEqual({ stringValue: 'set by the caller' });
  });

  test('an entity without an id gets one before the connector is asked, and the event names it', async () => {
    const before = host.events.get('/init')!.length;
    const out = await svc.sdk().send(
      new CreateEntityCommand({
        workspaceId: ws,
        entityName: 'no id',
        components: { Tag: { componentTypeId: TYPE, properties: { tagId: { value: { stringValue: 'PT-7' } } } } },
      }),
    );
    expect(host.events.get('/init')![before].entityId).toBe(out.entityId);
    const entity = await svc.sdk().send(new GetEntityCommand({ workspaceId: ws, entityId: out.entityId }));
    expect(entity.components!.Tag!.properties!.unit!.value).toEqual({ stringValue: 'bar' });
  });

  test('a caller cannot mark its own definitions imported', async () => {
    await ok(
      svc.call('POST', `/workspaces/${ws}/entities`, {
        entityId: 'Plain1',
        entityName: 'Plain1',
        components: {
          P: {
            componentTypeId: 'com.example.plain',
            properties: { extra: { definition: { dataType: { type: 'STRING' } }, imported: true } },
          },
        },
      }),
    );
    const entity = await svc.sdk().send(new GetEntityCommand({ workspaceId: ws, entityId: 'Plain1' }));
    expect(entity.components!.P!.properties!.extra!.definition!.isImported).toBe(false);
  });

  test('a name already taken is a conflict, and the connector is not asked', async () => {
    const before = host.events.get('/init')!.length;
    await expect(createTag('Boiler1', 'TT-101')).rejects.toMatchObject({ name: 'ConflictException' });
    expect(host.events.get('/init')!.length).toBe(before);
  });
});

describe('a failing schemaInitializer: 424 naming the connector, nothing created', () => {
  afterAll(() => useConnector('/init'));

  test('the function’s own error', async () => {
    try {
      await createTag('Unknown1', 'XX-0');
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toMatchObject({ name: 'ConnectorFailureException', $metadata: { httpStatusCode: 424 } });
      expect((e as Error).message).toContain('historian');
      expect((e as Error).message).toContain('TagNotFound: unknown tag XX-0');
      expect(sdkErrorCode(e)).toBe('DOPPEL_ERR_CONNECTOR_FAILURE');
    }
    expect(await entityExists('Unknown1')).toBe(false);
  });

  test('a timeout', async () => {
    await useConnector('/slow');
    await expect(createTag('Slow1', 'TT-101')).rejects.toMatchObject({
      name: 'ConnectorTimeoutException',
      $metadata: { httpStatusCode: 424 },
    });
    expect(await entityExists('Slow1')).toBe(false);
  });

  test.each([
    ['/bad-type', 'properties.site.value is a booleanValue'],
    ['/time-series-value', 'time-series property'],
    ['/not-a-map', 'properties must be a map'],
  ])('a reply from %s that would make an invalid component is the connector’s fault: %s', async (path, says) => {
    await useConnector(path);
    const res = await svc.call('POST', `/workspaces/${ws}/entities`, {
      entityId: 'Bad1',
      entityName: 'Bad1',
      components: { Tag: { componentTypeId: TYPE, properties: { tagId: { value: { stringValue: 'TT-101' } } } } },
    });
    expect(errorOf(res)).toEqual({
      status: 424,
      type: 'ConnectorFailureException',
      code: 'DOPPEL_ERR_CONNECTOR_REPLY_INVALID',
    });
    expect(res.body.message).toContain('historian');
    expect(res.body.message).toContain(says);
    expect(await entityExists('Bad1')).toBe(false);
  });

  test('no connector registered for the ARN: 424 telling how to register one', async () => {
    await ok(svc.call('DELETE', '/doppel/connectors/historian'));
    const res = await svc.call('POST', `/workspaces/${ws}/entities`, {
      entityId: 'Unregistered1',
      entityName: 'Unregistered1',
      components: { Tag: { componentTypeId: TYPE, properties: { tagId: { value: { stringValue: 'TT-101' } } } } },
    });
    expect(res.errorCode).toBe('DOPPEL_ERR_CONNECTOR_NOT_REGISTERED');
    expect(res.body.message).toContain(ARN);
    expect(await entityExists('Unregistered1')).toBe(false);
  });
});

describe('schemaInitializer at UpdateEntity adding a component', () => {
  test('a new component is initialized; an update of an existing one is not', async () => {
    await ok(svc.call('POST', `/workspaces/${ws}/entities`, { entityId: 'Pump1', entityName: 'Pump1' }));
    const before = host.events.get('/init')!.length;
    await svc.sdk().send(
      new UpdateEntityCommand({
        workspaceId: ws,
        entityId: 'Pump1',
        componentUpdates: {
          Tag: {
            updateType: 'CREATE',
            componentTypeId: TYPE,
            propertyUpdates: { tagId: { value: { stringValue: 'PT-7' } } },
          },
        },
      }),
    );
    expect(host.events.get('/init')![before]).toMatchObject({ entityId: 'Pump1', componentName: 'Tag' });
    const entity = await svc.sdk().send(new GetEntityCommand({ workspaceId: ws, entityId: 'Pump1' }));
    expect(entity.components!.Tag!.properties!.unit!.value).toEqual({ stringValue: 'bar' });
    expect(entity.components!.Tag!.properties!.rangeMax!.definition!.isImported).toBe(true);

    await svc.sdk().send(
      new UpdateEntityCommand({
        workspaceId: ws,
        entityId: 'Pump1',
        componentUpdates: {
          Tag: { componentTypeId: TYPE, propertyUpdates: { label: { value: { stringValue: 'x' } } } },
        },
      }),
    );
    expect(host.events.get('/init')!.length).toBe(before + 1);
  });

  test('a failing initializer leaves the entity as it was', async () => {
    await ok(svc.call('POST', `/workspaces/${ws}/entities`, { entityId: 'Pump2', entityName: 'Pump2' }));
    const res = await svc.call('PUT', `/workspaces/${ws}/entities/Pump2`, {
      componentUpdates: {
        Tag: {
          updateType: 'CREATE',
          componentTypeId: TYPE,
          propertyUpdates: { tagId: { value: { stringValue: 'no' } } },
        },
      },
    });
    expect(errorOf(res)).toEqual({
      status: 424,
      type: 'ConnectorFailureException',
      code: 'DOPPEL_ERR_CONNECTOR_FAILURE',
    });
    const entity = await svc.sdk().send(new GetEntityCommand({ workspaceId: ws, entityId: 'Pump2' }));
    expect(entity.components).toEqual({});
  });
});
