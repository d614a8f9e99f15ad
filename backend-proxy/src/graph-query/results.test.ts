import { GraphStore } from '../store/graph';
import { QueryPlan } from './planner';
import { decodePath, shapeResults } from './results';

const node = (key: number) => ({
  arn: `arn:${key}`,
  entityId: `e${key}`,
  entityName: `E${key}`,
  workspaceId: 'ws',
  description: '',
  creationDate: 1_700_000_000_000,
  lastUpdateDate: 1_700_000_000_000,
  components: [],
});

const graph = {
  nodes: async (_ws: string, keys: number[]) => new Map(keys.map((k) => [k, node(k)])),
  edges: async (_ws: string, keys: number[]) =>
    new Map(keys.map((k) => [k, { relationshipName: 'feed', sourceEntityId: 'e1', targetEntityId: 'e2' }])),
  components: async () => new Map(),
  properties: async () => new Map(),
} as unknown as GraphStore;

test('decodes the planner path encoding in order', () => {
  expect(decodePath('n1,e7,n2,e9,n3,')).toEqual([{ node: 1 }, { edge: 7 }, { node: 2 }, { edge: 9 }, { node: 3 }]);
});

test('shapes NODE, EDGE, PATH and VALUE columns as TwinMaker does', async () => {
  const plan: QueryPlan = {
    sql: '',
    params: {},
    aggregate: false,
    offset: 0,
    columns: [
      { name: 'e', type: 'NODE', decode: 'node' },
      { name: 'r', type: 'EDGE', decode: 'edge' },
      { name: 'path', type: 'PATH', decode: 'path' },
      { name: 'propertyValue', type: 'VALUE', decode: 'json' },
      { name: 'entityName', type: 'VALUE', decode: 'scalar' },
      { name: 'ok', type: 'VALUE', decode: 'boolean' },
    ],
  };
  const out = await shapeResults(graph, 'ws', plan, [[1, 7, 'n1,e7,n2,', '{"a":[1,2]}', 'E1', 1]]);
  expect(out.columnDescriptions.map((c) => c.type)).toEqual(['NODE', 'EDGE', 'PATH', 'VALUE', 'VALUE', 'VALUE']);
  expect(out.rows[0]!.rowData).toEqual([
    node(1),
    { relationshipName: 'feed', sourceEntityId: 'e1', targetEntityId: 'e2' },
    {
      path: [
        { entityId: 'e1', entityName: 'E1' },
        { relationshipName: 'feed', sourceEntityId: 'e1', targetEntityId: 'e2' },
        { entityId: 'e2', entityName: 'E2' },
      ],
    },
    { a: [1, 2] },
    'E1',
    true,
  ]);
});

test('missing values are null and an empty count is zero', async () => {
  const plan: QueryPlan = {
    sql: '',
    params: {},
    aggregate: true,
    offset: 0,
    columns: [
      { name: 'v', type: 'VALUE', decode: 'json' },
      { name: 'count', type: 'VALUE', decode: 'count' },
    ],
  };
  expect((await shapeResults(graph, 'ws', plan, [[null, null]])).rows).toEqual([{ rowData: [null, 0] }]);
});
