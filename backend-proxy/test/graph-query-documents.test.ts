import { startTestService, TestService } from './harness';

/**
 * ExecuteQuery's cell documents, whole: the store renders them (store/graph-sql/row-documents.ts), so
 * these pin every field TwinMaker shows against what the entity API stores — key order
 * included, since clients see the bytes — for each column kind.
 */

let svc: TestService;
const WS = 'docs';
const DESCRIPTION = 'Gauge "one" \\ tab\there, line\nbreak, ünïcödé ✓';

const run = async (queryStatement: string) => {
  const res = await svc.call('POST', '/queries/execution', { workspaceId: WS, queryStatement });
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

beforeAll(async () => {
  svc = await startTestService();
  await svc.call('POST', `/workspaces/${WS}`, {});
  const type = await svc.call('POST', `/workspaces/${WS}/component-types/com.example.gauge`, {
    propertyDefinitions: {
      label: { dataType: { type: 'STRING' } },
      reading: { dataType: { type: 'DOUBLE' } },
      limits: { dataType: { type: 'MAP', nestedType: { type: 'DOUBLE' } } },
      unset: { dataType: { type: 'STRING' } },
      feeds: { dataType: { type: 'RELATIONSHIP' } },
    },
  });
  if (type.status !== 200) throw new Error(JSON.stringify(type.body));
  for (const [entityId, body] of [
    ['panel', { entityName: 'Panel' }],
    [
      'gauge-1',
      {
        entityName: 'Gauge 1',
        description: DESCRIPTION,
        parentEntityId: 'panel',
        components: {
          main: {
            componentTypeId: 'com.example.gauge',
            properties: {
              label: { value: { stringValue: 'say "hi"' } },
              reading: { value: { doubleValue: 21.25 } },
              limits: { value: { mapValue: { low: { doubleValue: -1.5 }, high: { doubleValue: 1e21 } } } },
              feeds: { value: { relationshipValue: { targetEntityId: 'panel' } } },
            },
          },
          aux: { componentTypeId: 'com.example.gauge' },
        },
      },
    ],
  ] as const) {
    const res = await svc.call('POST', `/workspaces/${WS}/entities`, { entityId, ...body });
    if (res.status !== 200) throw new Error(`${entityId}: ${JSON.stringify(res.body)}`);
  }
}, 60_000);
afterAll(() => svc.close());

test('a NODE is the entity with its components by name and the properties holding a value by name', async () => {
  const res = await run("SELECT g FROM EntityGraph MATCH (g) WHERE g.entityId = 'gauge-1'");
  const entity = (await svc.call('GET', `/workspaces/${WS}/entities/gauge-1`)).body;
  const [node] = res.body.rows[0].rowData;
  expect(node).toEqual({
    arn: entity.arn,
    creationDate: Math.round(entity.creationDateTime * 1000),
    entityId: 'gauge-1',
    entityName: 'Gauge 1',
    lastUpdateDate: Math.round(entity.updateDateTime * 1000),
    workspaceId: WS,
    description: DESCRIPTION,
    components: [
      { componentName: 'aux', componentTypeId: 'com.example.gauge', properties: [] },
      {
        componentName: 'main',
        componentTypeId: 'com.example.gauge',
        properties: [
          { propertyName: 'feeds', propertyValue: { targetEntityId: 'panel' } },
          { propertyName: 'label', propertyValue: 'say "hi"' },
          { propertyName: 'limits', propertyValue: { low: -1.5, high: 1e21 } },
          { propertyName: 'reading', propertyValue: 21.25 },
        ],
      },
    ],
  });
  // key order as TwinMaker (and this service before SQLite rendered documents) writes it
  expect(Object.keys(node)).toEqual([
    'arn',
    'creationDate',
    'entityId',
    'entityName',
    'lastUpdateDate',
    'workspaceId',
    'description',
    'components',
  ]);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
});

test('an entity without description or components has description "" and no components', async () => {
  const [node] = (await run("SELECT p FROM EntityGraph MATCH (p) WHERE p.entityId = 'panel'")).body.rows[0].rowData;
  expect(node).toMatchObject({ entityId: 'panel', description: '', components: [] });
});

test('EDGEs name their source component, except isChildOf; PATHs list ids and names', async () => {
  const res = await run(
    "SELECT r, c, path FROM EntityGraph MATCH (g)-[r:feeds]->(p), path = (g)-[c:isChildOf]->(p) WHERE g.entityId = 'gauge-1'",
  );
  expect(res.body.columnDescriptions).toEqual([
    { name: 'r', type: 'EDGE' },
    { name: 'c', type: 'EDGE' },
    { name: 'path', type: 'PATH' },
  ]);
  expect(res.body.rows).toEqual([
    {
      rowData: [
        {
          relationshipName: 'feeds',
          sourceEntityId: 'gauge-1',
          targetEntityId: 'panel',
          sourceComponentName: 'main',
          sourceComponentTypeId: 'com.example.gauge',
        },
        { relationshipName: 'isChildOf', sourceEntityId: 'gauge-1', targetEntityId: 'panel' },
        {
          path: [
            { entityId: 'gauge-1', entityName: 'Gauge 1' },
            { relationshipName: 'isChildOf', sourceEntityId: 'gauge-1', targetEntityId: 'panel' },
            { entityId: 'panel', entityName: 'Panel' },
          ],
        },
      ],
    },
  ]);
});

test('components and properties projected whole; an unset property has no propertyValue', async () => {
  const res = await run(
    "SELECT c, p FROM EntityGraph MATCH (g), g.components AS c, c.properties AS p WHERE c.componentName = 'main' AND p.propertyName IN ('unset', 'reading')",
  );
  const rows = res.body.rows
    .map((r: any) => r.rowData)
    .sort((a: any, b: any) => a[1].propertyName.localeCompare(b[1].propertyName));
  expect(rows).toEqual([
    [
      { componentName: 'main', componentTypeId: 'com.example.gauge' },
      { propertyName: 'reading', propertyValue: 21.25 },
    ],
    [{ componentName: 'main', componentTypeId: 'com.example.gauge' }, { propertyName: 'unset' }],
  ]);
});

test('VALUE columns: JSON-held fields as JSON, missing ones null, strings as text, counts as numbers', async () => {
  const values = await run(
    "SELECT p.propertyValue, p.propertyValue.high, p.propertyValue.none, g.entityName, g.description FROM EntityGraph MATCH (g), g.components AS c, c.properties AS p WHERE c.componentName = 'main' AND p.propertyName = 'limits'",
  );
  expect(values.body.rows).toEqual([{ rowData: [{ low: -1.5, high: 1e21 }, 1e21, null, 'Gauge 1', DESCRIPTION] }]);
  const condition = await run(
    "SELECT g.entityName = 'Gauge 1' AS named, g.entityName = 'x' AS other FROM EntityGraph MATCH (g) WHERE g.entityId = 'gauge-1'",
  );
  expect(condition.body.rows).toEqual([{ rowData: [true, false] }]);
  const count = await run("SELECT COUNT(e) FROM EntityGraph MATCH (e) WHERE e.entityId = 'nobody'");
  expect(count.body).toEqual({ columnDescriptions: [{ name: 'count', type: 'VALUE' }], rows: [{ rowData: [0] }] });
});
