import { cellText, COOKIE_ID as ID, ExpectedRows, expectRows, SECTION_6_4 } from './cookie-factory-queries';
import { loadCookieFactory } from './fixture-workspace';
import { startTestService, TestService } from './harness';

/**
 * ExecuteQuery over the cookie-factory v3 workspace, imported through the API. Expected rows
 * were derived from the fixture files independently of the service (a small graph walk over
 * entities.json). Cells are compared in a short form: entities as name + first 4 hex digits
 * of their uuid (`FREEZER_TUNNEL_c726`), edges as `source name target`, paths as entity chains.
 */

const WS = 'cookies';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  await loadCookieFactory(svc, WS);
}, 60_000);
afterAll(() => svc.close());

interface Answer {
  status: number;
  errorType: string | null;
  message?: string;
  columns: string[];
  rows: string[];
  pages: number;
  raw: any[];
}

/** Runs a query through the wire API, following nextToken, and returns sorted short rows. */
async function query(queryStatement: string, maxResults?: number): Promise<Answer> {
  const raw: any[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  let columns: any[] = [];
  do {
    const res = await svc.call('POST', '/queries/execution', {
      workspaceId: WS,
      queryStatement,
      maxResults,
      nextToken,
    });
    if (res.status !== 200) {
      return {
        status: res.status,
        errorType: res.errorType,
        message: res.body?.message,
        columns: [],
        rows: [],
        pages,
        raw,
      };
    }
    pages++;
    columns = res.body.columnDescriptions;
    raw.push(...res.body.rows);
    nextToken = res.body.nextToken;
  } while (nextToken);
  const rows = raw.map((r) => r.rowData.map((v: any, i: number) => cellText(columns[i].type, v)).join(' | ')).sort();
  return { status: 200, errorType: null, columns: columns.map((c) => `${c.name}:${c.type}`), rows, pages, raw };
}

type Expect = ExpectedRows & { columns?: string[] };

/** query → expected rows; `count` where listing every row would drown the point. */
const TABLE: [string, string, Expect][] = [
  // ---- §6.3: every documented example, adapted to this workspace's names
  [
    'node by name',
    `SELECT entity FROM EntityGraph MATCH (entity) WHERE entity.entityName = 'Mixer_0'`,
    { rows: ['Mixer_0_cd81'], columns: ['entity:NODE'] },
  ],
  [
    'edges by relationship name',
    `SELECT relationship FROM EntityGraph MATCH (e1)-[relationship]->(e2) WHERE relationship.relationshipName = 'flowTo'`,
    { count: 20, columns: ['relationship:EDGE'], contains: ['Forming_3a98 flowTo Freezing_4077'] },
  ],
  [
    'field of the far node',
    `SELECT e2.entityName FROM EntityGraph MATCH (e1)-[r]->(e2) WHERE r.relationshipName = 'feed' AND e1.entityName = 'COOKIE_FORMER'`,
    { rows: ['FREEZER_TUNNEL', 'FREEZER_TUNNEL', 'FREEZER_TUNNEL'], columns: ['entityName:VALUE'] },
  ],
  [
    'undirected edge: both directions',
    `SELECT a, rel, b FROM EntityGraph MATCH (a)-[rel]-(b) WHERE a.entityName = 'FREEZER_TUNNEL'`,
    {
      count: 12,
      contains: [
        'FREEZER_TUNNEL_c726 | COOKIE_FORMER_e87a feed FREEZER_TUNNEL_c726 | COOKIE_FORMER_e87a',
        'FREEZER_TUNNEL_c726 | FREEZER_TUNNEL_c726 isChildOf COOKIE_LINE_1_70cd | COOKIE_LINE_1_70cd',
      ],
    },
  ],
  [
    'no SELECT list: every named variable',
    `FROM EntityGraph MATCH (a)-[rel]-(b) WHERE a.entityName = 'FREEZER_TUNNEL'`,
    { count: 12, columns: ['a:NODE', 'rel:EDGE', 'b:NODE'] },
  ],
  [
    'anonymous edge',
    `FROM EntityGraph MATCH (a)-[]->(b) WHERE a.entityId = '${ID.Mixer_0}'`,
    { rows: ['Mixer_0_cd81 | Mixers_b1e0'] },
  ],
  [
    'label shorthand, undirected',
    `FROM EntityGraph MATCH (a)-[:belongTo]-(b) WHERE a.entityName = 'Forming'`,
    {
      rows: [
        'Forming_3a98 | COOKIE_FORMER_e87a',
        'Forming_8e36 | COOKIE_FORMER_93ba',
        'Forming_fbec | COOKIE_FORMER_1955',
        'Forming_fbec | FREEZER_TUNNEL_e12e',
        'Forming_fbec | INSPECTOR_POST_FREEZER_TUNNEL_999d',
      ],
    },
  ],
  [
    'chain of two hops',
    `FROM EntityGraph MATCH (a)-[rel1]->(b)-[rel2]-(c) WHERE a.entityId = '${ID.COOKIE_FORMER}'`,
    {
      count: 17,
      columns: ['a:NODE', 'rel1:EDGE', 'b:NODE', 'rel2:EDGE', 'c:NODE'],
      contains: [
        'COOKIE_FORMER_e87a | COOKIE_FORMER_e87a belongTo Forming_3a98 | Forming_3a98 | Forming_3a98 flowTo Freezing_4077 | Freezing_4077',
      ],
    },
  ],
  [
    'quantified edge {1,5}: reachable entities',
    `FROM EntityGraph MATCH (a)-[]->{1,5}(b) WHERE a.entityName = 'Forming'`,
    {
      count: 26,
      contains: ['Forming_3a98 | Shipping_4f89', 'Forming_fbec | Equipment_5c9e', 'Forming_8e36 | Freezing_1c3e'],
    },
  ],
  [
    "unnest with the guide's stray comma before AND",
    `SELECT e FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE c.componentTypeId = 'com.example.cookiefactory.mixer', AND p.propertyName = 'telemetryAssetType' AND p.propertyValue = 'Mixer'`,
    { count: 26, contains: ['Mixer_0_cd81', 'Mixer_25_7d04'] },
  ],
  [
    'self join of components',
    `SELECT e FROM EntityGraph MATCH (e), e.components AS c1, e.components AS c2 WHERE e.entityName = 'Mixer_0'`,
    { count: 9 },
  ],
  ['every entity', `SELECT e FROM EntityGraph MATCH (e)`, { count: 132 }],
  ['every edge (relationships + isChildOf)', `SELECT r FROM EntityGraph MATCH (e1)-[r]->(e2)`, { count: 206 }],
  [
    'no match still describes its columns',
    `SELECT floor.entityName, room.description, p.propertyValue AS roomfunction FROM EntityGraph MATCH (floor)-[:isLocationOf]-(room), room.components AS c, c.properties AS p`,
    { rows: [], columns: ['entityName:VALUE', 'description:VALUE', 'roomfunction:VALUE'] },
  ],
  [
    'four labelled hops with LIKE',
    `SELECT floor.entityName AS floorName, luminaire.entityName as luminaireName FROM EntityGraph MATCH (floor)-[:isLocationOf]-(room)-[:hasPart]-(lightingZone)-[:feed]-(luminaire) WHERE floor.entityName = 'floor_0' AND luminaire.entityName like 'lumin%'`,
    { rows: [], columns: ['floorName:VALUE', 'luminaireName:VALUE'] },
  ],
  [
    'NOT binds tighter than AND, AND tighter than OR',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE e.entityName = 'Mixer_0' AND c.componentTypeId = 'com.example.cookiefactory.mixer', AND p.propertyName = 'telemetryAssetType' AND NOT p.propertyValue = 'Mixer' OR p.propertyValue = 'Alarm'`,
    { count: 27, contains: ['Mixer_7', 'WaterTank'] },
  ],
  [
    'definition fields',
    `SELECT p.propertyName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE e.entityName = 'Factory' AND p.definition.dataType.type = 'LIST'`,
    { rows: ['bounds', 'position', 'rotation'] },
  ],
  [
    'definition configuration',
    `SELECT e FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.definition.configuration.unit = 'Celsius'`,
    { rows: [] },
  ],
  [
    'map member of a value',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyValue.manufacturer_page = 'https://console.aws.amazon.com/iottwinmaker/home'`,
    { count: 27, contains: ['WaterTank', 'Mixer_3'] },
  ],
  [
    'NOT … IS MISSING',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE NOT p.propertyValue.manufacturer_page IS MISSING`,
    { count: 27 },
  ],
  [
    'IS MISSING',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE e.entityName = 'Mixer_0' AND c.componentName = 'SpecSheets' AND p.propertyValue.nothing IS MISSING`,
    { rows: ['Mixer_0'] },
  ],
  [
    'number IN a list value',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE 9.5 IN p.propertyValue`,
    { count: 21, contains: ['Office_Hallway'] },
  ],
  [
    'list element by index',
    `SELECT p.propertyValue[1] AS height FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE e.entityName = 'Factory' AND p.propertyName = 'bounds'`,
    { rows: ['9.5'], columns: ['height:VALUE'] },
  ],
  ['lower()', `SELECT e FROM EntityGraph MATCH (e) WHERE lower(e.entityName) = 'mixer_0'`, { rows: ['Mixer_0_cd81'] }],
  [
    'LIKE infix',
    `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE '%Room%'`,
    { count: 15, contains: ['Camera_MixingRoom_1', 'Warehouse_Room_F'] },
  ],
  ['LIKE prefix', `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'Mixer%'`, { count: 27 }],
  [
    'LIKE suffix with _',
    `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE '%_A'`,
    { rows: ['Office_Room_A', 'Warehouse_Floorspace_A', 'Warehouse_Room_A'] },
  ],
  [
    'LIKE with ESCAPE',
    `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'Mixer\\_1%' ESCAPE '\\'`,
    { count: 11, contains: ['Mixer_1', 'Mixer_19'] },
  ],
  [
    'LIKE is case-sensitive',
    `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'mixer%'`,
    { rows: [] },
  ],
  [
    'DISTINCT',
    `SELECT DISTINCT c.componentTypeId FROM EntityGraph MATCH (e), e.components AS c`,
    { count: 13, contains: ['com.example.cookiefactory.space', 'com.amazon.iottwinmaker.documents'] },
  ],
  [
    'COUNT',
    `SELECT COUNT(e), COUNT(c.componentTypeId) FROM EntityGraph MATCH (e), e.components AS c`,
    { rows: ['187 | 187'] },
  ],
  [
    'path binding over {1,3}',
    `SELECT p FROM EntityGraph MATCH p = (a)-[]->{1, 3}(b) WHERE a.entityName = 'Forming'`,
    { count: 27, columns: ['path:PATH'], contains: ['Forming_3a98 > Freezing_4077 > Packing_67eb > BoxSealing_4a8a'] },
  ],
  [
    'path binding, converging edges',
    `SELECT p FROM EntityGraph MATCH p = (a)-[]->(b)<-[]-(c) WHERE a.entityId = '${ID.Forming}'`,
    {
      count: 8,
      contains: [
        'Forming_3a98 > Freezing_4077 > FREEZER_TUNNEL_c726',
        'Forming_3a98 > PROCESS_STEP_cbcc > Shipping_4f89',
      ],
    },
  ],
  [
    'path binding, undirected chain',
    `SELECT p FROM EntityGraph MATCH p = (a)-[]-(b)-[]-(c) WHERE a.entityId = '${ID.COOKIE_FORMER}'`,
    { count: 17 },
  ],
  [
    'LIMIT and OFFSET',
    `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'Mixer_%' LIMIT 10 OFFSET 5`,
    { count: 10 },
  ],
  // ---- every comparison operator, IN lists, edge and entity fields
  [
    '> on a list element',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyName = 'bounds' AND p.propertyValue[0] > 100`,
    { rows: ['Factory', 'Warehouse'] },
  ],
  [
    '>=',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyName = 'bounds' AND p.propertyValue[0] >= 103.03`,
    { rows: ['Factory', 'Warehouse'] },
  ],
  [
    '<',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyName = 'bounds' AND p.propertyValue[0] < 5`,
    { rows: ['Office_Hallway'] },
  ],
  [
    '<=',
    `SELECT e.entityName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyName = 'bounds' AND p.propertyValue[0] <= 5.85`,
    { rows: ['Office_Hallway', 'Warehouse_Room_F'] },
  ],
  [
    '<> and !=',
    `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'Mixer\\_%' ESCAPE '\\' AND e.entityName <> 'Mixer_0' AND e.entityName != 'Mixer_1'`,
    { count: 24 },
  ],
  [
    'IN list',
    `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName IN ('Mixer_0', 'Factory', 'nope')`,
    { rows: ['Factory', 'Mixer_0'] },
  ],
  [
    'NOT IN list',
    `SELECT e.entityName FROM EntityGraph MATCH (e)-[:isChildOf]->(p) WHERE p.entityName = 'Warehouse' AND e.entityName NOT IN ('Warehouse_Room_A', 'Warehouse_Room_B')`,
    { count: 6 },
  ],
  [
    'edge fields projected',
    `SELECT r.sourceEntityId, r.targetEntityId, r.sourceComponentName, r.sourceComponentTypeId FROM EntityGraph MATCH (a)-[r:flowTo]->(b) WHERE a.entityId = '${ID.Forming}'`,
    {
      rows: [
        `${ID.Forming} | Freezing_407758c0-f5e2-43ed-9315-ac11689d1d92 | ProcessStepComponent | com.example.cookiefactory.processstep`,
      ],
    },
  ],
  [
    'edge fields in WHERE',
    `SELECT a.entityName FROM EntityGraph MATCH (a)-[r]->(b) WHERE r.targetEntityId = 'Freezing_407758c0-f5e2-43ed-9315-ac11689d1d92' AND r.sourceEntityId <> '${ID.Forming}'`,
    { rows: ['FREEZER_TUNNEL'] },
  ],
  [
    'description and dates',
    `SELECT e.description, e.creationDate > 1000000000000 AS millis FROM EntityGraph MATCH (e) WHERE e.entityName = 'PLASTIC_LINER' AND e.description = 'plasticLiner'`,
    { rows: ['plasticLiner | true'] },
  ],
  // ---- paths through cycles: the undirected graph has many; no path repeats an entity
  [
    'acyclic paths through cycles',
    `SELECT p FROM EntityGraph MATCH p = (a)-[]-{1,4}(b) WHERE a.entityId = '${ID.FREEZER_TUNNEL}' AND b.entityName = 'Freezing'`,
    {
      count: 15,
      contains: [
        'FREEZER_TUNNEL_c726 > Freezing_4077',
        'FREEZER_TUNNEL_c726 > COOKIE_LINE_1_70cd > PROCESS_STEP_cbcc > Freezing_4077',
        'FREEZER_TUNNEL_c726 > VERTICAL_CONVEYOR_a10e > Packing_67eb > PROCESS_STEP_cbcc > Freezing_4077',
      ],
    },
  ],
  [
    'acyclic paths found backwards from the pinned end',
    `SELECT p FROM EntityGraph MATCH p = (a)-[]-{1,4}(b) WHERE b.entityId = '${ID.FREEZER_TUNNEL}' AND a.entityName = 'Freezing'`,
    {
      count: 15,
      contains: [
        'Freezing_4077 > FREEZER_TUNNEL_c726',
        'Freezing_4077 > PROCESS_STEP_cbcc > COOKIE_LINE_1_70cd > FREEZER_TUNNEL_c726',
      ],
    },
  ],
  [
    'directed paths backwards',
    `SELECT p FROM EntityGraph MATCH p = (a)-[]->{1,3}(b) WHERE b.entityId = '${ID.COOKIE_LINE_1}'`,
    {
      count: 64,
      contains: [
        'Forming_3a98 > PROCESS_STEP_cbcc > COOKIE_LINE_1_70cd',
        'MotionIndicatorWidget_2_6f72 > CONVEYOR_STRIGHT_a1f9 > COOKIE_LINE_1_70cd',
      ],
    },
  ],
  // ---- §6.4: queries real clients send
  [
    'iot-app-kit property search',
    `SELECT e.entityName as assetName, p.definition.configuration.sitewisePropertyId as propertyId, p.propertyName as propertyName, p.definition.displayName as displayName FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.definition.displayName LIKE '%RPM%' OR p.propertyName LIKE '%RPM%' OR e.entityName LIKE '%RPM%'`,
    {
      count: 26,
      contains: ['Mixer_0 | null | RPM | null'],
      columns: ['assetName:VALUE', 'propertyId:VALUE', 'propertyName:VALUE', 'displayName:VALUE'],
    },
  ],
  [
    'iot-app-kit entity search',
    `SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName like '%Hallway%'`,
    { rows: ['Office_Hallway_d773'] },
  ],
  [
    'iot-app-kit three undirected hops',
    `SELECT e1, r1, e2, r2, e3, r3, e4 FROM EntityGraph MATCH (e1)-[r1]-(e2)-[r2]-(e3)-[r3]-(e4) WHERE e1.entityId = '${ID.COOKIE_FORMER}'`,
    { count: 73 },
  ],
  [
    'iot-app-kit entity by id',
    `SELECT e FROM EntityGraph MATCH (e) WHERE e.entityId = '${ID.Spaces}'`,
    { rows: ['Spaces_aae1'] },
  ],
  // ---- §6.4: the queries real clients send, shared with import-twinmaker.test.ts
  ...SECTION_6_4,
  [
    'scene-composer bindings (none here)',
    `select entity, rb, binding from EntityGraph match (e)<-[r]-(entity)-[rb]->(binding) where r.relationshipName = 'isChildOf' and e.entityId = '${ID.COOKIE_LINE_1}' and rb.relationshipName = 'isVisualOf'`,
    { rows: [] },
  ],
  [
    'scene-composer bindings by feed',
    `select entity, rb, binding from EntityGraph match (e)<-[r]-(entity)-[rb]->(binding) where r.relationshipName = 'isChildOf' and e.entityId = '${ID.COOKIE_LINE_1}' and rb.relationshipName = 'feed'`,
    { count: 9, contains: ['COOKIE_FORMER_e87a | COOKIE_FORMER_e87a feed FREEZER_TUNNEL_c726 | FREEZER_TUNNEL_c726'] },
  ],
  [
    'scene-composer six fixed hops',
    `select c5, r5, c4 from EntityGraph match (e)<-[r]-(entity)<-[r1]-(c)<-[r2]-(c2)<-[r3]-(c3)<-[r4]-(c4)<-[r5]-(c5) where r.relationshipName = 'isChildOf' and e.entityId = '${ID.Equipment}'`,
    { count: 123 },
  ],
  [
    'KGDataModule LIKE (case-sensitive: none)',
    `SELECT e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'room_%'`,
    { rows: [] },
  ],
  [
    'cookie-factory root and two hops',
    `SELECT root, r1, e1, r2, e2 FROM EntityGraph MATCH (root)<-[r1]-(e1)-[r2]-(e2) WHERE root.entityId = '${ID.PROCESS_STEP}'`,
    { count: 24 },
  ],
  [
    'assistant: labelled hop (none here)',
    `SELECT e FROM EntityGraph MATCH (e)-[:locatedIn]->(e2) WHERE e2.entityId = '123'`,
    { rows: [] },
  ],
  ['assistant: every undirected neighbour', `SELECT e2 FROM EntityGraph MATCH (e)-[]-(e2)`, { count: 412 }],
  [
    'assistant: undirected {1,5} through cycles',
    `SELECT e2 FROM EntityGraph MATCH (e)-[]-{1,5}(e2) WHERE e.entityId = '${ID.FREEZER_TUNNEL}'`,
    { count: 107 },
  ],
  [
    'assistant: anonymous chain (none here)',
    `SELECT e2 FROM EntityGraph MATCH (e)-[:contains]->()-[:contains]->()-[:contains]->()-[:contains]->(e2) WHERE e.entityName = 'xxx'`,
    { rows: [] },
  ],
  [
    'assistant: incoming with property filter (none)',
    `SELECT e2 FROM EntityGraph MATCH (e)<-[:contains]-(e2), e.components AS c, c.properties AS p WHERE c.componentTypeId = 'sitewise' AND p.propertyName = 'assetId' AND p.propertyValue = 'ccc'`,
    { rows: [] },
  ],
  [
    'sitewise script: bare aliases',
    `select entity.entityName, entity.entityId, p.definition.displayName, p.propertyName from EntityGraph match (entity), entity.components c, c.properties p where c.componentName = 'sitewiseBase'`,
    { rows: [], columns: ['entityName:VALUE', 'entityId:VALUE', 'displayName:VALUE', 'propertyName:VALUE'] },
  ],
];

describe('ExecuteQuery over cookie-factory v3', () => {
  test.each(TABLE)('%s', async (_name, statement, expected) => {
    const answer = await query(statement);
    expect({ status: answer.status, message: answer.message }).toEqual({ status: 200, message: undefined });
    if (expected.columns) expect(answer.columns).toEqual(expected.columns);
    expectRows(answer.rows, expected);
  });
});
