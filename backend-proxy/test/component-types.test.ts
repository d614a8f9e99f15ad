import {
  ConflictException,
  ListComponentTypesCommandOutput,
  CreateComponentTypeCommand,
  GetComponentTypeCommand,
  ListComponentTypesCommand,
  ResourceNotFoundException,
  UpdateComponentTypeCommand,
  ValidationException,
} from '@aws-sdk/client-iottwinmaker';
import { builtInComponentTypes } from '../src/model/component-types/built-ins';
import { loadCookieFactory } from './fixture-workspace';
import { errorOf, startTestService, TestService } from './harness';

let svc: TestService;
const ws = 'types';

beforeAll(async () => {
  svc = await startTestService();
  await svc.call('POST', `/workspaces/${ws}`, {});
  await loadCookieFactory(svc, 'factory');
});
afterAll(() => svc.close());

const typePath = (id: string, workspace = ws) => `/workspaces/${workspace}/component-types/${id}`;
const stringProp = { dataType: { type: 'STRING' } };

test('a created type answers GetComponentType through the SDK with resolved definitions and ACTIVE status', async () => {
  const sdk = svc.sdk();
  const created = await sdk.send(
    new CreateComponentTypeCommand({
      workspaceId: ws,
      componentTypeId: 'com.acme.pump',
      componentTypeName: 'Pump',
      description: 'a pump',
      propertyDefinitions: {
        flow: { dataType: { type: 'DOUBLE', unitOfMeasure: 'l/s' }, isTimeSeries: true },
        mode: {
          dataType: { type: 'STRING', allowedValues: [{ stringValue: 'AUTO' }, { stringValue: 'MANUAL' }] },
          defaultValue: { stringValue: 'AUTO' },
        },
        tags: { dataType: { type: 'MAP', nestedType: { type: 'STRING' } } },
      },
      tags: { team: 'ops' },
    }),
  );
  expect(created.arn).toMatch(
    new RegExp(`^arn:aws:iottwinmaker:[a-z0-9-]+:[0-9]{12}:workspace/${ws}/component-type/com\\.acme\\.pump$`),
  );
  expect(created.creationDateTime).toBeInstanceOf(Date);
  const got = await sdk.send(new GetComponentTypeCommand({ workspaceId: ws, componentTypeId: 'com.acme.pump' }));
  expect(got.status?.state).toBe('ACTIVE');
  expect(got.componentTypeName).toBe('Pump');
  expect(got.isAbstract).toBe(false);
  expect(got.propertyDefinitions!.flow).toEqual({
    dataType: { type: 'DOUBLE', unitOfMeasure: 'l/s' },
    isTimeSeries: true,
    isRequiredInEntity: false,
    isExternalId: false,
    isStoredExternally: false,
    isImported: false,
    isFinal: false,
    isInherited: false,
  });
  expect(got.propertyDefinitions!.mode!.defaultValue).toEqual({ stringValue: 'AUTO' });
});

test('a child inherits definitions and functions, marked isInherited, and may override a default partially', async () => {
  const got = (await svc.call('GET', typePath('com.example.cookiefactory.alarm', 'factory'))).body;
  expect(got.extendsFrom).toEqual(['com.amazon.iottwinmaker.alarm.basic', 'com.example.timestream-telemetry']);
  expect(got.propertyDefinitions.alarm_key).toMatchObject({
    isInherited: true,
    isExternalId: true,
    isRequiredInEntity: true,
  });
  expect(got.propertyDefinitions.alarm_status.dataType.allowedValues).toHaveLength(4);
  expect(got.propertyDefinitions.telemetryAssetType).toMatchObject({
    isInherited: true,
    defaultValue: { stringValue: 'Alarm' },
    dataType: { type: 'STRING' },
  });
  expect(got.functions.dataReader.isInherited).toBe(false);
  expect(got.isAbstract).toBe(false);
  const base = (await svc.call('GET', typePath('com.amazon.iottwinmaker.alarm.basic', 'factory'))).body;
  expect(base.isAbstract).toBe(true);
});

test('ListComponentTypes filters by direct parent, namespace and isAbstract, and pages without loss', async () => {
  const list = async (body: object) => (await svc.call('POST', '/workspaces/factory/component-types-list', body)).body;
  const children = await list({ filters: [{ extendsFrom: 'com.amazon.iottwinmaker.alarm.basic' }] });
  expect(children.componentTypeSummaries.map((s: any) => s.componentTypeId)).toEqual([
    'com.example.cookiefactory.alarm',
    'com.example.cookiefactory.cookieline',
    'doppel.alarm.threshold',
  ]);
  const amazon = await list({ filters: [{ namespace: 'com.amazon.' }] });
  expect(amazon.componentTypeSummaries.length).toBeGreaterThanOrEqual(6);
  const abstract = await list({ filters: [{ isAbstract: true }] });
  // cookie-former stores Health externally with no function to read it: abstract, as TwinMaker rules
  expect(abstract.componentTypeSummaries.map((s: any) => s.componentTypeId)).toEqual([
    'com.amazon.iottwinmaker.alarm.basic',
    'com.example.cookiefactory.cookie-former',
  ]);

  const seen: string[] = [];
  let nextToken: string | undefined = '';
  let pages = 0;
  do {
    const page: ListComponentTypesCommandOutput = await svc
      .sdk()
      .send(new ListComponentTypesCommand({ workspaceId: 'factory', maxResults: 4, nextToken }));
    seen.push(...page.componentTypeSummaries!.map((s) => s.componentTypeId!));
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  expect(new Set(seen).size).toBe(seen.length);
  const builtIns = Object.keys(builtInComponentTypes).length;
  expect(seen).toHaveLength(15 + builtIns);
  expect(pages).toBe(Math.ceil((15 + builtIns) / 4));
});

test('updating a parent reaches its descendants and the components that use them', async () => {
  await svc.call('POST', typePath('com.acme.base'), { propertyDefinitions: { serial: stringProp } });
  await svc.call('POST', typePath('com.acme.child'), { extendsFrom: ['com.acme.base'] });
  const created = await svc.call('POST', `/workspaces/${ws}/entities`, {
    entityId: 'unit-1',
    entityName: 'Unit 1',
    components: {
      main: { componentTypeId: 'com.acme.child', properties: { serial: { value: { stringValue: 'S1' } } } },
    },
  });
  expect(created.status).toBe(200);
  const updated = await svc.sdk().send(
    new UpdateComponentTypeCommand({
      workspaceId: ws,
      componentTypeId: 'com.acme.base',
      propertyDefinitions: {
        serial: { dataType: { type: 'STRING' } },
        site: { dataType: { type: 'STRING' }, defaultValue: { stringValue: 'north' } },
      },
    }),
  );
  expect(updated.state).toBe('ACTIVE');
  const child = (await svc.call('GET', typePath('com.acme.child'))).body;
  expect(child.propertyDefinitions.site).toMatchObject({ isInherited: true, defaultValue: { stringValue: 'north' } });
  const entity = (await svc.call('GET', `/workspaces/${ws}/entities/unit-1`)).body;
  expect(entity.components.main.properties.site.value).toEqual({ stringValue: 'north' });
  expect(entity.components.main.properties.serial.value).toEqual({ stringValue: 'S1' });
});

describe('refused definitions answer a ValidationException that says what to fix', () => {
  const cases: [string, string, object, RegExp][] = [
    ['an unknown parent', 'com.acme.orphan', { extendsFrom: ['com.acme.nope'] }, /extendsFrom names com\.acme\.nope/],
    [
      'a LIST without nestedType',
      'com.acme.list',
      { propertyDefinitions: { xs: { dataType: { type: 'LIST' } } } },
      /needs a nestedType/,
    ],
    [
      'a scalar with nestedType',
      'com.acme.nested',
      { propertyDefinitions: { x: { dataType: { type: 'DOUBLE', nestedType: { type: 'DOUBLE' } } } } },
      /must not have a nestedType/,
    ],
    [
      'a property without dataType',
      'com.acme.untyped',
      { propertyDefinitions: { x: { isTimeSeries: true } } },
      /propertyDefinitions\.x\.dataType is required/,
    ],
    [
      'a default of the wrong type',
      'com.acme.default',
      { propertyDefinitions: { x: { dataType: { type: 'INTEGER' }, defaultValue: { stringValue: 'a' } } } },
      /defaultValue is a stringValue/,
    ],
    [
      'a default outside allowedValues',
      'com.acme.allowed',
      {
        propertyDefinitions: {
          x: {
            dataType: { type: 'STRING', allowedValues: [{ stringValue: 'A' }] },
            defaultValue: { stringValue: 'B' },
          },
        },
      },
      /not one of the allowed values/,
    ],
    [
      'an override that changes the data type',
      'com.acme.retype',
      { extendsFrom: ['com.acme.base'], propertyDefinitions: { serial: { dataType: { type: 'LONG' } } } },
      /cannot change the data type/,
    ],
    ['a reserved namespace', 'com.amazon.mine', {}, /reserved for built-in types/],
    [
      'a property group naming a missing property',
      'com.acme.group',
      { propertyGroups: { g: { groupType: 'TABULAR', propertyNames: ['nope'] } } },
      /propertyGroups\.g names nope/,
    ],
  ];
  test.each(cases)('%s', async (_what, id, body, message) => {
    const res = await svc.call('POST', typePath(id), body);
    expect(errorOf(res)).toEqual({
      status: 400,
      type: 'ValidationException',
      code: 'DOPPEL_ERR_COMPONENT_TYPE_INVALID',
    });
    expect(res.body.message).toMatch(message);
    expect((await svc.call('GET', typePath(id))).status).toBe(404);
  });
});

test('a cycle through extendsFrom is refused and the type stays as it was', async () => {
  await svc.call('POST', typePath('com.acme.a'), {});
  await svc.call('POST', typePath('com.acme.b'), { extendsFrom: ['com.acme.a'] });
  const before = (await svc.call('GET', typePath('com.acme.a'))).body;
  await expect(
    svc
      .sdk()
      .send(
        new UpdateComponentTypeCommand({ workspaceId: ws, componentTypeId: 'com.acme.a', extendsFrom: ['com.acme.b'] }),
      ),
  ).rejects.toThrow(/a cycle/);
  expect((await svc.call('GET', typePath('com.acme.a'))).body).toEqual(before);
});

test('duplicates conflict, missing types and workspaces are not found', async () => {
  await expect(
    svc.sdk().send(new CreateComponentTypeCommand({ workspaceId: ws, componentTypeId: 'com.acme.pump' })),
  ).rejects.toBeInstanceOf(ConflictException);
  await expect(
    svc.sdk().send(new GetComponentTypeCommand({ workspaceId: ws, componentTypeId: 'com.acme.none' })),
  ).rejects.toBeInstanceOf(ResourceNotFoundException);
  const missing = await svc.call('GET', typePath('com.acme.none'));
  expect(errorOf(missing)).toEqual({
    status: 404,
    type: 'ResourceNotFoundException',
    code: 'DOPPEL_ERR_COMPONENT_TYPE_NOT_FOUND',
  });
  const res = await svc.call('GET', typePath('com.acme.pump', 'no-such-ws'));
  expect(errorOf(res)).toEqual({
    status: 404,
    type: 'ResourceNotFoundException',
    code: 'DOPPEL_ERR_WORKSPACE_NOT_FOUND',
  });
  await expect(
    svc.sdk().send(new CreateComponentTypeCommand({ workspaceId: ws, componentTypeId: 'bad id!' })),
  ).rejects.toBeInstanceOf(ValidationException);
});

test('a type in use, extended, or built in cannot be deleted; an unused one can', async () => {
  const inUse = await svc.call('DELETE', typePath('com.acme.child'));
  expect(errorOf(inUse)).toEqual({
    status: 400,
    type: 'ValidationException',
    code: 'DOPPEL_ERR_COMPONENT_TYPE_IN_USE',
  });
  expect(inUse.body.message).toMatch(/used by 1 components/);
  const extended = await svc.call('DELETE', typePath('com.acme.base'));
  expect(errorOf(extended).code).toBe('DOPPEL_ERR_COMPONENT_TYPE_IN_USE');
  expect(extended.body.message).toMatch(/extended by com\.acme\.child/);
  const builtIn = await svc.call('DELETE', typePath('com.amazon.iottwinmaker.documents'));
  expect(errorOf(builtIn).code).toBe('DOPPEL_ERR_BUILT_IN_TYPE_READ_ONLY');
  await svc.call('POST', typePath('com.acme.temp'), {});
  const deleted = await svc.call('DELETE', typePath('com.acme.temp'));
  expect(deleted.body).toEqual({ state: 'DELETING' });
  expect((await svc.call('GET', typePath('com.acme.temp'))).status).toBe(404);
});
