import { ExecuteQueryCommand } from '@aws-sdk/client-iottwinmaker';
import { Credentials, errorOf, startTestService, TestService } from './harness';

/**
 * ExecuteQuery's behaviour around the language: paging, errors with positions, limits,
 * workspace isolation, the edge index following entity writes, the SDK, and timeouts that
 * never hold up the server. A small plant built through the API (no fixture needed).
 */

let svc: TestService;

const run = (
  workspaceId: string,
  queryStatement: string,
  extra: Record<string, unknown> = {},
  credentials?: Credentials,
) =>
  svc.call('POST', '/queries/execution', { workspaceId, queryStatement, ...extra }, credentials ? { credentials } : {});

const names = (body: any) => body.rows.map((r: any) => r.rowData[0]).sort();

async function entity(ws: string, entityId: string, parentEntityId?: string, feeds: string[] = []) {
  const components = feeds.length
    ? {
        line: {
          componentTypeId: 'com.example.line',
          properties: {
            feed: {
              value: { listValue: feeds.map((t) => ({ relationshipValue: { targetEntityId: t } })) },
            },
          },
        },
      }
    : undefined;
  const res = await svc.call('POST', `/workspaces/${ws}/entities`, {
    entityId,
    entityName: entityId,
    parentEntityId,
    components,
  });
  if (res.status !== 200) throw new Error(`${entityId}: ${JSON.stringify(res.body)}`);
}

beforeAll(async () => {
  svc = await startTestService();
  for (const ws of ['plant', 'other']) await svc.call('POST', `/workspaces/${ws}`, {});
  const type = await svc.call('POST', '/workspaces/plant/component-types/com.example.line', {
    propertyDefinitions: { feed: { dataType: { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } } } },
  });
  if (type.status !== 200) throw new Error(JSON.stringify(type.body));
  await entity('plant', 'site');
  for (let i = 0; i < 60; i++) await entity('plant', `machine-${i}`, 'site');
  await entity('plant', 'oven', 'site');
  await entity('plant', 'mixer', 'site', ['oven']);
  await entity('other', 'secret-site');
}, 60_000);
afterAll(() => svc.close());

describe('paging', () => {
  test('maxResults pages through every row with nextToken, none twice', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const res = await run('plant', 'SELECT e.entityId FROM EntityGraph MATCH (e)', { maxResults: 25, nextToken });
      expect(res.status).toBe(200);
      seen.push(...res.body.rows.map((r: any) => r.rowData[0]));
      nextToken = res.body.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(63);
  });

  test('LIMIT caps the rows across pages; maxResults defaults to 50', async () => {
    const first = await run('plant', 'SELECT e FROM EntityGraph MATCH (e) LIMIT 55');
    expect(first.body.rows).toHaveLength(50);
    const second = await run('plant', 'SELECT e FROM EntityGraph MATCH (e) LIMIT 55', {
      nextToken: first.body.nextToken,
    });
    expect(second.body.rows).toHaveLength(5);
    expect(second.body.nextToken).toBeUndefined();
  });

  test('a nextToken is bound to its query and cannot be forged', async () => {
    const first = await run('plant', 'SELECT e FROM EntityGraph MATCH (e)', { maxResults: 1 });
    const other = await run('plant', 'SELECT e.entityName FROM EntityGraph MATCH (e)', {
      nextToken: first.body.nextToken,
    });
    expect(errorOf(other)).toEqual({
      status: 400,
      type: 'ValidationException',
      code: 'DOPPEL_ERR_NEXT_TOKEN_MISMATCH',
    });
    const forged = await run('plant', 'SELECT e FROM EntityGraph MATCH (e)', { nextToken: 'eyJzIjoxfQ.AAAA' });
    expect(errorOf(forged)).toEqual({
      status: 400,
      type: 'ValidationException',
      code: 'DOPPEL_ERR_NEXT_TOKEN_INVALID',
    });
  });

  test.each([101, 0])('maxResults %d (outside 1..100) is refused', async (maxResults) => {
    expect(errorOf(await run('plant', 'SELECT e FROM EntityGraph MATCH (e)', { maxResults }))).toEqual({
      status: 400,
      type: 'ValidationException',
      code: 'DOPPEL_ERR_REQUEST_INVALID',
    });
  });
});

describe('errors name the position and what to do', () => {
  test.each([
    ['SELECT e FROM EntityGraph MATCH (e', /position 34 .*expected '\)' to close the node pattern/],
    ['SELECT e FROM Graph MATCH (e)', /position 14 .*expected EntityGraph/],
    ['SELECT e FROM EntityGraph WHERE e.entityId = 1', /position 26 .*expected MATCH/],
    ["SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName = 'x", /position 57 .*not closed/],
    ['SELECT e FROM EntityGraph MATCH (e) WHERE e.nope = 1', /position 42 .*e has no field nope/],
    // the guide's own example names a variable it never binds
    [
      "SELECT e2.entityName FROM EntityGraph MATCH (e1)-[r]->(e2) WHERE relationship.relationshipName = 'isLocationOf' AND e1.entityName = 'room_0'",
      /position 65 .*unknown variable relationship/,
    ],
    ['SELECT e FROM EntityGraph MATCH (e)-[]->{3,1}(b)', /bounds the wrong way round/],
    ['SELECT e FROM EntityGraph MATCH (e)-[r]->{1,3}(b)', /bind the whole path/],
    ['SELECT e, COUNT(e) FROM EntityGraph MATCH (e)', /COUNT cannot be mixed/],
    ['SELECT COUNT(DISTINCT e.entityId) FROM EntityGraph MATCH (e)', /COUNT\(DISTINCT/],
    ['SELECT e FROM EntityGraph MATCH (e); DROP TABLE entities', /position 37 .*end of the query/],
    ['SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName', /expected a condition/],
  ])('%s', async (statement, message) => {
    const res = await run('plant', statement);
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_QUERY_INVALID' });
    expect(res.body.message).toMatch(message);
  });
});

describe('documented limits', () => {
  test.each([
    [
      'a query over 1,000 characters',
      `SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName = '${'x'.repeat(1000)}'`,
      /at most 1000/,
    ],
    ['more than 30 hops', 'SELECT e FROM EntityGraph MATCH (e)-[]->{1,31}(b)', /at most 30 hops/],
    [
      'more than 10 IN items',
      `SELECT e FROM EntityGraph MATCH (e) WHERE e.entityId IN (${Array.from({ length: 11 }, (_, i) => `'${i}'`).join(',')})`,
      /at most 10 items/,
    ],
    [
      'a LIKE pattern over 20 characters',
      `SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName LIKE '${'%'.repeat(21)}'`,
      /at most 20 characters/,
    ],
    ['LIMIT over 3000', 'SELECT e FROM EntityGraph MATCH (e) LIMIT 3001', /LIMIT may be at most 3000/],
    ['LIMIT + OFFSET over 3000', 'SELECT e FROM EntityGraph MATCH (e) LIMIT 2000 OFFSET 1001', /LIMIT \+ OFFSET/],
    [
      'more than 10 AND/OR/NOT',
      `SELECT e FROM EntityGraph MATCH (e) WHERE ${Array.from({ length: 12 }, () => "e.entityId = 'a'").join(' OR ')}`,
      /at most 10/,
    ],
  ])('%s is a ValidationException', async (name, statement, message) => {
    const res = await run('plant', statement);
    const code = name === 'a query over 1,000 characters' ? 'DOPPEL_ERR_QUERY_TOO_LONG' : 'DOPPEL_ERR_QUERY_INVALID';
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code });
    expect(res.body.message).toMatch(message);
  });
});

describe('workspace isolation', () => {
  test('a query sees only its own workspace', async () => {
    const res = await run('plant', "SELECT e FROM EntityGraph MATCH (e) WHERE e.entityId = 'secret-site'");
    expect(res.body.rows).toEqual([]);
    const own = await run('other', 'SELECT e.entityId FROM EntityGraph MATCH (e)-[]-{0,5}(x)');
    expect(names(own.body)).toEqual(['secret-site']);
  });

  test('a key of another workspace cannot query this one', async () => {
    const key = await svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'other', role: 'read' }] });
    const credentials = { accessKeyId: key.body.accessKeyId, secretAccessKey: key.body.secretAccessKey };
    const denied = await run('plant', 'SELECT e FROM EntityGraph MATCH (e)', {}, credentials);
    expect(denied.status).toBeGreaterThanOrEqual(400);
    expect(denied.status).toBeLessThan(500);
    expect((await run('other', 'SELECT e FROM EntityGraph MATCH (e)', {}, credentials)).status).toBe(200);
  });

  test('an unknown workspace is ResourceNotFoundException', async () => {
    expect(errorOf(await run('nowhere', 'SELECT e FROM EntityGraph MATCH (e)'))).toEqual({
      status: 404,
      type: 'ResourceNotFoundException',
      code: 'DOPPEL_ERR_WORKSPACE_NOT_FOUND',
    });
  });
});

describe('the graph follows entity writes', () => {
  test('relationship updates, re-parenting and deletes change the edges queries see', async () => {
    const feeds = () =>
      run('plant', "SELECT b.entityId FROM EntityGraph MATCH (a)-[:feed]->(b) WHERE a.entityId = 'mixer'");
    expect(names((await feeds()).body)).toEqual(['oven']);
    await svc.call('PUT', '/workspaces/plant/entities/mixer', {
      componentUpdates: {
        line: {
          propertyUpdates: {
            feed: {
              value: {
                listValue: [
                  { relationshipValue: { targetEntityId: 'machine-1' } },
                  { relationshipValue: { targetEntityId: 'machine-2' } },
                ],
              },
            },
          },
        },
      },
    });
    expect(names((await feeds()).body)).toEqual(['machine-1', 'machine-2']);

    await entity('plant', 'hall', 'site');
    await svc.call('PUT', '/workspaces/plant/entities/oven', {
      parentEntityUpdate: { updateType: 'UPDATE', parentEntityId: 'hall' },
    });
    const parent = await run(
      'plant',
      "SELECT p.entityId FROM EntityGraph MATCH (e)-[:isChildOf]->(p) WHERE e.entityId = 'oven'",
    );
    expect(names(parent.body)).toEqual(['hall']);

    await svc.call('DELETE', '/workspaces/plant/entities/machine-2');
    expect(names((await feeds()).body)).toEqual(['machine-1']);
  });
});

test('the AWS SDK runs queries and passes PATH columns through', async () => {
  const out = await svc.sdk().send(
    new ExecuteQueryCommand({
      workspaceId: 'plant',
      queryStatement: "SELECT p FROM EntityGraph MATCH p = (a)-[]->(b) WHERE a.entityId = 'mixer'",
    }),
  );
  expect(out.columnDescriptions).toEqual([{ name: 'path', type: 'PATH' }]);
  expect(out.rows?.length).toBeGreaterThan(0);
  expect((out.rows![0]!.rowData![0] as any).path[0]).toEqual({ entityId: 'mixer', entityName: 'mixer' });
});

test('node and edge documents carry TwinMaker fields, dates in epoch milliseconds', async () => {
  const res = await run('plant', "SELECT m, r FROM EntityGraph MATCH (m)-[r:feed]->(o) WHERE m.entityId = 'mixer'");
  const [node, edge] = res.body.rows[0].rowData;
  expect(node).toMatchObject({ entityId: 'mixer', entityName: 'mixer', workspaceId: 'plant', description: '' });
  expect(node.arn).toMatch(/:workspace\/plant\/entity\/mixer$/);
  expect(node.creationDate).toBeGreaterThan(1e12);
  expect(Number.isInteger(node.lastUpdateDate)).toBe(true);
  expect(node.components[0].componentName).toBe('line');
  expect(edge).toEqual({
    relationshipName: 'feed',
    sourceEntityId: 'mixer',
    targetEntityId: 'machine-1',
    sourceComponentName: 'line',
    sourceComponentTypeId: expect.any(String),
  });
});

describe('timeouts', () => {
  let slow: TestService;
  beforeAll(async () => {
    process.env.DOPPEL_QUERY_TIMEOUT_MS = '300';
    try {
      slow = await startTestService();
    } finally {
      delete process.env.DOPPEL_QUERY_TIMEOUT_MS;
    }
    await slow.call('POST', '/workspaces/clique', {});
    await slow.call('POST', '/workspaces/clique/component-types/com.example.line', {
      propertyDefinitions: { feed: { dataType: { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } } } },
    });
    const ids = Array.from({ length: 12 }, (_, i) => `m${i}`);
    for (const id of ids) await slow.call('POST', '/workspaces/clique/entities', { entityId: id, entityName: id });
    // every machine feeds every other: the number of acyclic paths explodes (~12!)
    for (const id of ids) {
      const feed = {
        listValue: ids.filter((t) => t !== id).map((t) => ({ relationshipValue: { targetEntityId: t } })),
      };
      const res = await slow.call('PUT', `/workspaces/clique/entities/${id}`, {
        componentUpdates: {
          line: {
            componentTypeId: 'com.example.line',
            updateType: 'CREATE',
            propertyUpdates: { feed: { value: feed } },
          },
        },
      });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    }
  }, 60_000);
  afterAll(() => slow.close());

  test('a query past its deadline is a QueryTimeoutException, and the server keeps answering meanwhile', async () => {
    const started = Date.now();
    const pending = slow.call('POST', '/queries/execution', {
      workspaceId: 'clique',
      queryStatement: 'SELECT COUNT(b) FROM EntityGraph MATCH p = (a)-[]->{1,12}(b)',
    });
    await new Promise((r) => setTimeout(r, 50));
    const healthStarted = Date.now();
    expect((await slow.call('GET', '/healthz')).status).toBe(200);
    expect(Date.now() - healthStarted).toBeLessThan(150);
    const res = await pending;
    expect(errorOf(res)).toEqual({ status: 400, type: 'QueryTimeoutException', code: 'DOPPEL_ERR_QUERY_TIMEOUT' });
    expect(res.body.message).toMatch(/within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    // the next query runs normally
    const next = await slow.call('POST', '/queries/execution', {
      workspaceId: 'clique',
      queryStatement: "SELECT COUNT(b) FROM EntityGraph MATCH (a)-[:feed]->(b) WHERE a.entityId = 'm0'",
    });
    expect(next.body.rows).toEqual([{ rowData: [11] }]);
  });

  test('queued queries count their wait: a burst of slow queries all time out on time', async () => {
    const started = Date.now();
    const burst = await Promise.all(
      Array.from({ length: 5 }, () =>
        slow.call('POST', '/queries/execution', {
          workspaceId: 'clique',
          queryStatement: 'SELECT COUNT(b) FROM EntityGraph MATCH p = (a)-[]-{1,12}(b)',
        }),
      ),
    );
    expect(burst.map((r) => r.errorType)).toEqual(Array(5).fill('QueryTimeoutException'));
    // two workers, five queries: without the queue counting, the last would wait three timeouts
    expect(Date.now() - started).toBeLessThan(300 * 2 + 1000);
  });
});
