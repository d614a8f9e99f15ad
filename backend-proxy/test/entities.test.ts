import {
  ConflictException,
  ListEntitiesFilter,
  CreateEntityCommand,
  DeleteEntityCommand,
  GetEntityCommand,
  ListComponentsCommand,
  ListEntitiesCommand,
  ListPropertiesCommand,
  ResourceNotFoundException,
  UpdateEntityCommand,
  ValidationException,
} from '@aws-sdk/client-iottwinmaker';
import { storeDigest } from './store-digest';
import { sqlRows } from './store-sql';
import { errorOf, startTestService, TestService } from './harness';

let svc: TestService;
const ws = 'plant';
const entities = `/workspaces/${ws}/entities`;

beforeAll(async () => {
  svc = await startTestService();
  await svc.call('POST', `/workspaces/${ws}`, {});
  await svc.call('POST', `/workspaces/${ws}/component-types/com.acme.machine`, {
    propertyDefinitions: {
      serial: { dataType: { type: 'STRING' }, isExternalId: true, isRequiredInEntity: true },
      mode: {
        dataType: { type: 'STRING', allowedValues: [{ stringValue: 'AUTO' }, { stringValue: 'MANUAL' }] },
        defaultValue: { stringValue: 'AUTO' },
      },
      speed: { dataType: { type: 'DOUBLE', unitOfMeasure: 'rpm' }, isTimeSeries: true },
      limits: { dataType: { type: 'MAP', nestedType: { type: 'INTEGER' } } },
      feeds: { dataType: { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } } },
    },
  });
  await svc.call('POST', `/workspaces/${ws}/component-types/com.acme.abstract`, { functions: { dataReader: {} } });
  await svc.call('POST', entities, { entityId: 'site', entityName: 'Site' });
  await svc.call('POST', entities, { entityId: 'line', entityName: 'Line', parentEntityId: 'site' });
});
afterAll(() => svc.close());

const machine = (serial: string, extra: Record<string, unknown> = {}) => ({
  main: { componentTypeId: 'com.acme.machine', properties: { serial: { value: { stringValue: serial } }, ...extra } },
});

test('CreateEntity through the SDK stores components with defaults, and GetEntity answers TwinMaker’s shape', async () => {
  const sdk = svc.sdk();
  const created = await sdk.send(
    new CreateEntityCommand({
      workspaceId: ws,
      entityId: 'mixer-1',
      entityName: 'Mixer 1',
      description: 'first mixer',
      parentEntityId: 'line',
      components: machine('M-1', { limits: { value: { mapValue: { max: { integerValue: 90 } } } } }),
    }),
  );
  expect(created.state).toBe('ACTIVE');
  expect(created.arn).toMatch(/:workspace\/plant\/entity\/mixer-1$/);
  const got = await sdk.send(new GetEntityCommand({ workspaceId: ws, entityId: 'mixer-1' }));
  expect(got).toMatchObject({
    entityId: 'mixer-1',
    entityName: 'Mixer 1',
    description: 'first mixer',
    parentEntityId: 'line',
    hasChildEntities: false,
    workspaceId: ws,
    status: { state: 'ACTIVE' },
  });
  const props = got.components!.main!.properties!;
  expect(props.serial!.value).toEqual({ stringValue: 'M-1' });
  expect(props.mode!.value).toEqual({ stringValue: 'AUTO' });
  expect(props.limits!.value).toEqual({ mapValue: { max: { integerValue: 90 } } });
  // time-series properties carry a definition but no value, as in TwinMaker
  expect(props.speed!.value).toBeUndefined();
  expect(props.speed!.definition!.dataType!.unitOfMeasure).toBe('rpm');
  const line = await sdk.send(new GetEntityCommand({ workspaceId: ws, entityId: 'line' }));
  expect(line.hasChildEntities).toBe(true);
  const site = await sdk.send(new GetEntityCommand({ workspaceId: ws, entityId: 'site' }));
  expect(site.parentEntityId).toBe('$ROOT');
});

test('an entity without an id gets a UUID', async () => {
  const res = await svc.call('POST', entities, { entityName: 'Anonymous' });
  expect(res.status).toBe(200);
  expect(res.body.entityId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  await svc.call('DELETE', `${entities}/${res.body.entityId}`);
});

test('relationships point at existing entities and are stored as graph edges', async () => {
  await svc.call('POST', entities, {
    entityId: 'oven-1',
    entityName: 'Oven',
    parentEntityId: 'line',
    components: machine('O-1'),
  });
  const res = await svc.call('PUT', `${entities}/mixer-1`, {
    componentUpdates: {
      main: {
        propertyUpdates: { feeds: { value: { listValue: [{ relationshipValue: { targetEntityId: 'oven-1' } }] } } },
      },
    },
  });
  expect(res.status).toBe(200);
  const db = (svc.service as any).store.db;
  const edges = await sqlRows(
    db,
    `SELECT s.entity_id AS source, r.relationship_name AS name, t.entity_id AS target FROM relationships r
     JOIN entities s ON s.entity_key = r.source_entity_key JOIN entities t ON t.entity_key = r.target_entity_key`,
  );
  expect(edges).toEqual([{ source: 'mixer-1', name: 'feeds', target: 'oven-1' }]);
});

describe('values that do not fit their definition are refused, naming the property, and nothing is stored', () => {
  const cases: [string, object, RegExp][] = [
    [
      'a wrong type',
      { components: machine('X', { mode: { value: { doubleValue: 1 } } }) },
      /components\.main\.properties\.mode\.value is a doubleValue/,
    ],
    [
      'a value not allowed',
      { components: machine('X', { mode: { value: { stringValue: 'TURBO' } } }) },
      /mode\.value "TURBO" is not one of the allowed values/,
    ],
    [
      'a missing required property',
      { components: { main: { componentTypeId: 'com.acme.machine' } } },
      /properties\.serial is required/,
    ],
    [
      'a relationship to a missing entity',
      {
        components: machine('X', {
          feeds: { value: { listValue: [{ relationshipValue: { targetEntityId: 'ghost' } }] } },
        }),
      },
      /properties\.feeds: the relationship target ghost is not an entity/,
    ],
    [
      'a value for a time series',
      { components: machine('X', { speed: { value: { doubleValue: 3 } } }) },
      /speed is a time-series property/,
    ],
    [
      'an unknown property without definition',
      { components: machine('X', { nope: { value: { stringValue: 'x' } } }) },
      /nope is not a property/,
    ],
    ['an abstract component type', { components: { a: { componentTypeId: 'com.acme.abstract' } } }, /is abstract/],
    [
      'an unknown component type',
      { components: { a: { componentTypeId: 'com.acme.none' } } },
      /com\.acme\.none is not a component type/,
    ],
    ['a missing parent', { parentEntityId: 'nowhere' }, /parentEntityId nowhere is not an entity/],
    [
      'a map element of the wrong type',
      { components: machine('X', { limits: { value: { mapValue: { max: { stringValue: 'hi' } } } } }) },
      /limits\.value\.mapValue\.max is a stringValue/,
    ],
  ];
  test.each(cases)('%s', async (_what, body, message) => {
    const before = await storeDigest((svc.service as any).store.db);
    const res = await svc.call('POST', entities, { entityId: 'bad-1', entityName: 'Bad', ...body });
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_ENTITY_INVALID' });
    expect(res.body.message).toMatch(message);
    expect(await storeDigest((svc.service as any).store.db)).toBe(before);
  });
});

test('UpdateEntity creates, updates and deletes components and properties with every updateType', async () => {
  await svc.call('POST', entities, { entityId: 'tank-1', entityName: 'Tank', components: machine('T-1') });
  const update = (body: object) =>
    svc.sdk().send(new UpdateEntityCommand({ workspaceId: ws, entityId: 'tank-1', ...body }));
  await update({
    entityName: 'Tank One',
    description: 'water',
    componentUpdates: {
      main: {
        propertyUpdates: {
          mode: { value: { stringValue: 'MANUAL' } },
          note: { updateType: 'CREATE', definition: { dataType: { type: 'STRING' } }, value: { stringValue: 'hi' } },
        },
      },
      docs: {
        updateType: 'CREATE',
        componentTypeId: 'com.amazon.iottwinmaker.documents',
        propertyUpdates: { documents: { value: { mapValue: { manual: { stringValue: 'https://x/manual.pdf' } } } } },
      },
    },
  });
  let got = (await svc.call('GET', `${entities}/tank-1`)).body;
  expect(got.entityName).toBe('Tank One');
  expect(got.description).toBe('water');
  expect(got.components.main.properties.mode.value).toEqual({ stringValue: 'MANUAL' });
  expect(got.components.main.properties.note).toMatchObject({
    value: { stringValue: 'hi' },
    definition: { isInherited: false },
  });
  expect(got.components.docs.properties.documents.value.mapValue.manual.stringValue).toBe('https://x/manual.pdf');

  await update({
    componentUpdates: {
      main: { propertyUpdates: { mode: { updateType: 'RESET_VALUE' }, note: { updateType: 'DELETE' } } },
      docs: { updateType: 'DELETE' },
    },
  });
  got = (await svc.call('GET', `${entities}/tank-1`)).body;
  expect(got.components.main.properties.mode.value).toEqual({ stringValue: 'AUTO' });
  expect(got.components.main.properties.note).toBeUndefined();
  expect(got.components.docs).toBeUndefined();

  const refused = await svc.call('PUT', `${entities}/tank-1`, {
    componentUpdates: { main: { propertyUpdates: { serial: { updateType: 'DELETE' } } } },
  });
  expect(errorOf(refused).code).toBe('DOPPEL_ERR_ENTITY_INVALID');
  expect(refused.body.message).toMatch(/serial is required/);
});

test('moving an entity changes its parent; moving it under its own descendant is refused', async () => {
  await svc.call('POST', entities, { entityId: 'area', entityName: 'Area' });
  await svc.call('POST', entities, { entityId: 'cell', entityName: 'Cell', parentEntityId: 'area' });
  const moved = await svc.call('PUT', `${entities}/cell`, {
    parentEntityUpdate: { updateType: 'UPDATE', parentEntityId: 'site' },
  });
  expect(moved.status).toBe(200);
  expect((await svc.call('GET', `${entities}/cell`)).body.parentEntityId).toBe('site');
  const cycle = await svc.call('PUT', `${entities}/site`, {
    parentEntityUpdate: { updateType: 'UPDATE', parentEntityId: 'cell' },
  });
  expect(errorOf(cycle).code).toBe('DOPPEL_ERR_ENTITY_INVALID');
  expect(cycle.body.message).toMatch(/a cycle/);
  const toRoot = await svc.call('PUT', `${entities}/cell`, { parentEntityUpdate: { updateType: 'DELETE' } });
  expect(toRoot.status).toBe(200);
  expect((await svc.call('GET', `${entities}/cell`)).body.parentEntityId).toBe('$ROOT');
});

test('ListEntities filters by parent, component type and external id, and pages without loss', async () => {
  const sdk = svc.sdk();
  const ids = async (filter?: ListEntitiesFilter) =>
    (
      await sdk.send(new ListEntitiesCommand({ workspaceId: ws, filters: filter ? [filter] : undefined }))
    ).entitySummaries!.map((e) => e.entityId);
  expect((await ids({ parentEntityId: 'line' } as ListEntitiesFilter)).sort()).toEqual(['mixer-1', 'oven-1']);
  expect(await ids({ parentEntityId: '$ROOT' })).toContain('site');
  expect((await ids({ componentTypeId: 'com.acme.machine' })).sort()).toEqual(['mixer-1', 'oven-1', 'tank-1']);
  expect(await ids({ externalId: 'O-1' })).toEqual(['oven-1']);
  const twoFilters = await svc.call('POST', `${entities}-list`, {
    filters: [{ parentEntityId: 'line' }, { externalId: 'O-1' }],
  });
  expect(errorOf(twoFilters)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_FILTER_INVALID' });

  const all = await ids();
  const paged: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sdk.send(new ListEntitiesCommand({ workspaceId: ws, maxResults: 2, nextToken }));
    paged.push(...page.entitySummaries!.map((e) => e.entityId!));
    nextToken = page.nextToken;
  } while (nextToken);
  expect(paged).toEqual(all);
  const forged = await svc.call('POST', `${entities}-list`, { nextToken: 'eyJ9.forged' });
  expect(errorOf(forged)).toEqual({
    status: 400,
    type: 'ValidationException',
    code: 'DOPPEL_ERR_NEXT_TOKEN_INVALID',
  });
});

test('ListComponents and ListProperties list what the entity holds', async () => {
  const sdk = svc.sdk();
  const components = await sdk.send(new ListComponentsCommand({ workspaceId: ws, entityId: 'mixer-1' }));
  expect(components.componentSummaries).toEqual([
    expect.objectContaining({
      componentName: 'main',
      componentTypeId: 'com.acme.machine',
      status: { state: 'ACTIVE', error: {} },
    }),
  ]);
  const properties = await sdk.send(
    new ListPropertiesCommand({ workspaceId: ws, entityId: 'mixer-1', componentName: 'main', maxResults: 3 }),
  );
  expect(properties.propertySummaries!.map((p) => p.propertyName)).toEqual(['feeds', 'limits', 'mode']);
  expect(properties.nextToken).toBeTruthy();
  const rest = await sdk.send(
    new ListPropertiesCommand({
      workspaceId: ws,
      entityId: 'mixer-1',
      componentName: 'main',
      nextToken: properties.nextToken,
    }),
  );
  expect(rest.propertySummaries!.map((p) => p.propertyName)).toEqual(['serial', 'speed']);
  expect(rest.nextToken).toBeUndefined();
  await expect(
    sdk.send(new ListPropertiesCommand({ workspaceId: ws, entityId: 'mixer-1', componentName: 'nope' })),
  ).rejects.toBeInstanceOf(ResourceNotFoundException);
});

test('deleting a parent needs isRecursive; a recursive delete removes the subtree', async () => {
  await svc.call('POST', entities, { entityId: 'zone', entityName: 'Zone' });
  await svc.call('POST', entities, { entityId: 'zone-a', entityName: 'A', parentEntityId: 'zone' });
  await svc.call('POST', entities, {
    entityId: 'zone-a-1',
    entityName: 'A1',
    parentEntityId: 'zone-a',
    components: machine('Z-1'),
  });
  const refused = await svc.call('DELETE', `${entities}/zone`);
  expect(errorOf(refused)).toEqual({
    status: 400,
    type: 'ValidationException',
    code: 'DOPPEL_ERR_ENTITY_HAS_CHILDREN',
  });
  const res = await svc.sdk().send(new DeleteEntityCommand({ workspaceId: ws, entityId: 'zone', isRecursive: true }));
  expect(res.state).toBe('DELETING');
  for (const id of ['zone', 'zone-a', 'zone-a-1'])
    expect((await svc.call('GET', `${entities}/${id}`)).status).toBe(404);
});

test('duplicates conflict; unknown entities and workspaces are not found; bad ids are refused', async () => {
  const sdk = svc.sdk();
  await expect(
    sdk.send(new CreateEntityCommand({ workspaceId: ws, entityId: 'site', entityName: 'x' })),
  ).rejects.toBeInstanceOf(ConflictException);
  await expect(sdk.send(new GetEntityCommand({ workspaceId: ws, entityId: 'nobody' }))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
  await expect(sdk.send(new GetEntityCommand({ workspaceId: 'nowhere', entityId: 'site' }))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
  await expect(
    sdk.send(new CreateEntityCommand({ workspaceId: ws, entityId: '-bad-', entityName: 'x' })),
  ).rejects.toBeInstanceOf(ValidationException);
  const nonEmpty = await svc.call('DELETE', `/workspaces/${ws}`);
  expect(errorOf(nonEmpty).code).toBe('DOPPEL_ERR_WORKSPACE_NOT_EMPTY');
});

test('entities survive a restart on the same data dir', async () => {
  const dataDir = svc.dataDir;
  const before = (await svc.call('GET', `${entities}/mixer-1`)).body;
  await svc.close(true);
  svc = await startTestService({ dataDir });
  expect((await svc.call('GET', `${entities}/mixer-1`)).body).toEqual(before);
});

test('ids with dots and colons travel percent-encoded in the path and come back decoded', async () => {
  const sdk = svc.sdk();
  await sdk.send(new CreateEntityCommand({ workspaceId: ws, entityId: 'hall.A:door-1', entityName: 'Door' }));
  const got = await sdk.send(new GetEntityCommand({ workspaceId: ws, entityId: 'hall.A:door-1' }));
  expect(got.entityId).toBe('hall.A:door-1');
  expect((await svc.call('GET', `${entities}/hall.A%3Adoor-1`)).body.entityId).toBe('hall.A:door-1');
  await sdk.send(new DeleteEntityCommand({ workspaceId: ws, entityId: 'hall.A:door-1' }));
});
