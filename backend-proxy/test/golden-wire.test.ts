import { loadCookieFactory } from './fixture-workspace';
import { fieldDifferences, goldenDifferences, withoutVolatile } from './golden-files';
import { startTestService, TestService } from './harness';

/**
 * GetEntity and ExecuteQuery on the wire, recorded: the cookie factory v3 workspace imported
 * through the API, and requests whose whole answers (status, error type and code, body) are
 * checked in under golden/ and compared field by field. Creation and update times differ on
 * every run and are recorded as placeholders; a nextToken is signed with the data dir's own
 * key, so it is recorded as NEXT_TOKEN and the request that continues a page sends the token
 * the previous answer gave. DOPPEL_RECORD_GOLDEN=1 records anew.
 */

const ws = 'cookiefactory';
const NEXT_TOKEN = '<nextToken of this service>';
const TIMES = new Set(['creationDateTime', 'updateDateTime', 'creationDate', 'lastUpdateDate']);
const ID = {
  Mixer_0: 'Mixer_0_cd81d9fd-3f74-437a-802b-9747ff240837',
  BOX_SEALER: 'BOX_SEALER_ad434a34-4363-4a36-8153-20bd7189951d',
  COOKIE_LINE_1: 'COOKIE_LINE_1_70cde09c-2c2b-4aa2-9fc3-a91ff659e8f3',
  Spaces: 'Spaces_aae147fa-014f-41b0-adbe-1dd6802bfe48',
  PROCESS_STEP: 'PROCESS_STEP_cbcc3ce7-e925-4c9b-b88f-8e8dbd16d9de',
};

interface Exchange {
  name: string;
  request: unknown;
  status: number;
  errorType: string | null;
  errorCode: string | null;
  body: unknown;
}

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  await loadCookieFactory(svc, ws);
}, 60_000);
afterAll(() => svc.close());

async function exchange(name: string, method: string, url: string, request?: unknown): Promise<Exchange> {
  const res = await svc.call(method, url, request);
  return {
    name,
    request: request ?? `${method} ${url}`,
    status: res.status,
    errorType: res.errorType,
    errorCode: res.errorCode,
    body: withoutVolatile(res.body, TIMES),
  };
}

const getEntity = (name: string, entityId: string) =>
  exchange(name, 'GET', `/workspaces/${ws}/entities/${encodeURIComponent(entityId)}`);

test('GetEntity answers field by field what was recorded', async () => {
  const exchanges = [
    await getEntity('a mixer: alarm, mixer and document components, relationships, an external id', ID.Mixer_0),
    await getEntity('a box sealer: three components, rate and equipment properties', ID.BOX_SEALER),
    await getEntity('a cookie line without components', ID.COOKIE_LINE_1),
    await getEntity('a root entity', ID.Spaces),
    await getEntity('an entity that does not exist', 'Mixer_404'),
  ];
  expect(goldenDifferences('get-entity.json', exchanges)).toEqual([]);
});

const executeQuery = (name: string, request: Record<string, unknown>) =>
  exchange(name, 'POST', '/queries/execution', { workspaceId: ws, ...request });

test('ExecuteQuery answers field by field what was recorded', async () => {
  const paged = {
    queryStatement: `SELECT e.entityName FROM EntityGraph MATCH (root)<-[:isChildOf]-{1,3}(e) WHERE root.entityId = '${ID.PROCESS_STEP}'`,
    maxResults: 4,
  };
  const firstPage = await executeQuery('entity names below a node, first page of 4', paged);
  const token = (firstPage.body as { nextToken?: string }).nextToken;
  expect(token).toEqual(expect.stringMatching(/^[\w-]+\.[\w-]+$/));
  firstPage.body = { ...(firstPage.body as object), nextToken: NEXT_TOKEN };
  const exchanges = [
    await executeQuery('a node with its components and property values', {
      queryStatement: `SELECT e FROM EntityGraph MATCH (e) WHERE e.entityId = '${ID.Mixer_0}'`,
    }),
    await executeQuery('edges, nodes and a path around the box sealer', {
      queryStatement: `SELECT p, r, e2 FROM EntityGraph MATCH p = (e1)-[r]->(e2) WHERE e1.entityId = '${ID.BOX_SEALER}'`,
    }),
    await executeQuery('components and properties projected whole and by field', {
      queryStatement: `SELECT c, p, p.propertyName, p.propertyValue, p.definition.dataType FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE e.entityId = '${ID.Mixer_0}' AND c.componentName = 'MixerComponent'`,
    }),
    await executeQuery('a count of descendants', {
      queryStatement: `SELECT COUNT(e) FROM EntityGraph MATCH (root)<-[:isChildOf]-{1,10}(e) WHERE root.entityId = '${ID.Spaces}'`,
    }),
    firstPage,
    await executeQuery('the same, next page', { ...paged, nextToken: token }),
    await executeQuery('a syntax error names its position', { queryStatement: 'SELECT e FROM EntityGraph MATCH (e' }),
    await executeQuery('an unknown variable names its position', {
      queryStatement: 'SELECT x FROM EntityGraph MATCH (e)',
    }),
  ];
  const nextPage = exchanges[5]!;
  nextPage.request = { ...(nextPage.request as object), nextToken: NEXT_TOKEN };
  expect(goldenDifferences('execute-query.json', exchanges)).toEqual([]);
});

test('the field comparison names where two answers differ', () => {
  expect(fieldDifferences({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }], c: true })).toEqual([
    'a[1].b: "x" ≠ "y"',
    'c: undefined ≠ true',
  ]);
});
