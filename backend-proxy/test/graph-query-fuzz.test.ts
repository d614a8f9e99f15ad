import fc from 'fast-check';
import { asValidationError, checkQuery } from '../src/graph-query/check';
import { DEFAULT_LIMITS } from '../src/graph-query/limits';
import { planQuery } from '../src/store/graph-sql/planner';
import { pgDialect } from '../src/store/postgres/graph-query/pg-dialect';
import { sqliteDialect } from '../src/store/sqlite/graph-query/sqlite-dialect';
import { startTestService, TestService } from './harness';
import { testStoreKind } from './test-store';

/**
 * Property-based robustness of ExecuteQuery: random token soups and mutated valid queries
 * never crash the service or answer 5xx — they run, or fail with a ValidationException that
 * names a position — and text from the query (quotes, comments, semicolons in literals and
 * names) never reaches the SQL: it is always a bound parameter.
 */

let svc: TestService;
const WS = 'fuzz';

beforeAll(async () => {
  svc = await startTestService();
  await svc.call('POST', `/workspaces/${WS}`, {});
  await svc.call('POST', `/workspaces/${WS}/component-types/com.example.line`, {
    propertyDefinitions: {
      feed: { dataType: { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } } },
      label: { dataType: { type: 'STRING' } },
    },
  });
  await svc.call('POST', `/workspaces/${WS}/entities`, { entityId: 'root', entityName: 'root' });
  for (const name of ["o'brien", 'semi;colon', 'dash--dash', 'star/*x*/', 'dq"x']) {
    const res = await svc.call('POST', `/workspaces/${WS}/entities`, {
      entityId: `e-${name.replace(/[^a-z]/g, '')}`,
      entityName: name,
      parentEntityId: 'root',
      components: {
        line: {
          componentTypeId: 'com.example.line',
          properties: {
            label: { value: { stringValue: name } },
            feed: { value: { listValue: [{ relationshipValue: { targetEntityId: 'root' } }] } },
          },
        },
      },
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  }
}, 60_000);
afterAll(() => svc.close());

const VALID = [
  "SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName = 'root'",
  'SELECT a, r, b FROM EntityGraph MATCH (a)-[r]-(b)',
  "SELECT p FROM EntityGraph MATCH p = (a)-[]->{1, 3}(b) WHERE a.entityName LIKE 'o%'",
  "SELECT e.entityName, p.propertyValue FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyName = 'label' AND NOT p.propertyValue IS MISSING",
  "SELECT COUNT(e) FROM EntityGraph MATCH (e)-[:isChildOf]->{1,30}(p) WHERE p.entityId = 'root'",
  "SELECT DISTINCT c.componentTypeId FROM EntityGraph MATCH (e), e.components AS c WHERE lower(e.entityName) IN ('root', 'x') LIMIT 5 OFFSET 1",
  "SELECT root, e FROM EntityGraph MATCH (root)<-{1,}(e) WHERE root.entityId = 'root'",
  "SELECT e FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE 'root' IN p.propertyValue OR p.propertyValue[0].targetEntityId = 'root'",
];

const TOKENS = [
  'SELECT',
  'select',
  'DISTINCT',
  'FROM',
  'EntityGraph',
  'MATCH',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ESCAPE',
  'IS',
  'MISSING',
  'NULL',
  'LIMIT',
  'OFFSET',
  'AS',
  'COUNT',
  'lower',
  'e',
  'r',
  'p',
  'c',
  'x',
  'entityName',
  'entityId',
  'components',
  'properties',
  'propertyValue',
  'definition',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
  '-',
  '->',
  '<-',
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '*',
  '+',
  '|',
  ';',
  '1',
  '0',
  '3000',
  '1.5',
  '-2',
  "'a'",
  "''",
  "'%'",
  '"q"',
  "'x''y'",
  '--',
  '/*',
  '*/',
  'DROP',
  'TABLE',
  'entities',
  '$',
  '?',
  '@p0',
  '\\',
  '"',
  "'",
  '`',
];

/** Runs a statement through the API and checks the answer is a result or a positioned ValidationException. */
async function expectHandled(queryStatement: string) {
  const res = await svc.call('POST', '/queries/execution', { workspaceId: WS, queryStatement });
  if (res.status === 200) {
    expect(Array.isArray(res.body.rows)).toBe(true);
    return;
  }
  if (res.errorType === 'QueryTimeoutException') return;
  expect({ status: res.status, errorType: res.errorType }).toEqual({ status: 400, errorType: 'ValidationException' });
  if (queryStatement.trim() !== '') expect(res.body.message).toMatch(/position \d+|at most|queryStatement/);
}

test('random token sequences never crash the service or answer 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 25 }), async (tokens) => {
      await expectHandled(tokens.join(' '));
    }),
    { numRuns: 250 },
  );
});

test('mutated valid queries never crash the service or answer 5xx', async () => {
  const mutation = fc.oneof(
    // delete a slice
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
    // insert a token
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
    // duplicate a slice
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
    // replace a character by anything
    fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      token: fc.string({ minLength: 1, maxLength: 2 }),
    }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...VALID),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      async (base, mutations) => {
        let q = base;
        for (const m of mutations) {
          const at = m.at % (q.length + 1);
          if (m.kind === 'delete') q = q.slice(0, at) + q.slice(at + m.length);
          else if (m.kind === 'insert') q = `${q.slice(0, at)} ${m.token} ${q.slice(at)}`;
          else if (m.kind === 'duplicate') q = q.slice(0, at) + q.slice(at, at + m.length) + q.slice(at);
          else q = q.slice(0, at) + m.token + q.slice(at + 1);
        }
        await expectHandled(q);
      },
    ),
    { numRuns: 250 },
  );
});

test.each(VALID)('the corpus query %s runs', async (q) => {
  const res = await svc.call('POST', '/queries/execution', { workspaceId: WS, queryStatement: q });
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
});

const hostile = fc
  .array(
    fc.constantFrom(
      "'",
      '"',
      ';',
      '--',
      '/*',
      '*/',
      ' ',
      'DROP TABLE entities',
      ')',
      '(',
      '\\',
      '%',
      '_',
      'x',
      '\u0000',
      'é',
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((parts) => `zq${parts.join('')}`);

test('literals and quoted names never reach the SQL text', () => {
  fc.assert(
    fc.property(hostile, hostile, (value, name) => {
      const literal = `'${value.replace(/'/g, "''")}'`;
      const alias = `"${name.replace(/"/g, '""')}"`;
      const statement = `SELECT e.entityName AS ${alias} FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE e.entityName = ${literal} OR p.propertyValue LIKE ${literal} OR p.definition.${alias} = ${literal}`;
      const limits = { ...DEFAULT_LIMITS, maxLikePatternLength: 1000 };
      let plan;
      try {
        plan = planQuery(
          checkQuery(statement, limits).ast,
          WS,
          limits,
          testStoreKind() === 'postgres' ? pgDialect : sqliteDialect,
        );
      } catch (e) {
        // a name the JSON path cannot hold is refused, never spliced
        expect((asValidationError(e, statement) as Error).message).toMatch(/position \d+/);
        return;
      }
      expect(plan.sql).not.toContain('zq');
      expect(Object.values(plan.params)).toContain(value);
      expect(plan.columns[0]!.name).toBe(name);
    }),
    { numRuns: 300 },
  );
});

test('entity names full of quotes, comments and semicolons are found exactly', async () => {
  for (const name of ["o'brien", 'semi;colon', 'dash--dash', 'star/*x*/', 'dq"x']) {
    const literal = `'${name.replace(/'/g, "''")}'`;
    const res = await svc.call('POST', '/queries/execution', {
      workspaceId: WS,
      queryStatement: `SELECT e.entityName AS "the ""name""" FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE e.entityName = ${literal} AND p.propertyValue = ${literal}`,
    });
    expect(res.body).toEqual({
      columnDescriptions: [{ name: 'the "name"', type: 'VALUE' }],
      rows: [{ rowData: [name] }],
    });
  }
  const count = await svc.call('POST', '/queries/execution', {
    workspaceId: WS,
    queryStatement: 'SELECT COUNT(e) FROM EntityGraph MATCH (e)',
  });
  expect(count.body.rows[0].rowData[0]).toBe(6);
});
