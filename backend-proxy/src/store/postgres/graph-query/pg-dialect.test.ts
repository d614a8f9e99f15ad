import { DEFAULT_LIMITS } from '../../../graph-query/limits';
import { parseQuery } from '../../../graph-query/parser';
import { planQuery } from '../../graph-sql/planner';
import { sqliteDialect } from '../../sqlite/graph-query/sqlite-dialect';
import { likeToPg, pgDialect } from './pg-dialect';

const plan = (text: string, dialect = pgDialect) => planQuery(parseQuery(text), 'ws', DEFAULT_LIMITS, dialect);

test('a LIKE pattern keeps % and _, and its escape character becomes a backslash', () => {
  expect(likeToPg('a%b_c')).toBe('a%b_c');
  expect(likeToPg('100!%', '!')).toBe('100\\%');
  expect(likeToPg('a\\b')).toBe('a\\\\b');
  expect(likeToPg('x!y', '!')).toBe('xy');
});

test('rows are ordered as SQLite walks the match: first node, edge label and far end, then names', () => {
  const p = plan('SELECT e, c, p FROM EntityGraph MATCH (a)-[r]->(e), e.components AS c, c.properties AS p');
  expect(p.sql).toMatch(
    /ORDER BY n0\.entity_key, g2\.name, n1\.entity_key, g2\.edge_key, c3\.component_name, p4\.property_name$/,
  );
  expect(plan('SELECT e FROM EntityGraph MATCH (a)-[r]->(e)', sqliteDialect).sql).not.toMatch(/ORDER BY/);
});

test('a COUNT is not ordered, a DISTINCT is ordered by its columns', () => {
  expect(plan('SELECT COUNT(e) FROM EntityGraph MATCH (e)').sql).not.toMatch(/ORDER BY/);
  expect(plan('SELECT DISTINCT e.entityName, e.entityId FROM EntityGraph MATCH (e)').sql).toMatch(/ORDER BY 1, 2$/);
});

test('values of different types compare as jsonb, text in byte order', () => {
  const p = plan(
    "SELECT e FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p WHERE p.propertyValue = 5 AND e.entityName < 'b'",
  );
  expect(p.sql).toContain('(p2.plain_value_json::jsonb) = to_jsonb(@p');
  expect(p.sql).toMatch(/n0\.entity_name COLLATE "C" < @p\d+ COLLATE "C"/);
});

test('an undirected edge can be looked up from either end: each end gets "the edge touches it" (PostgreSQL only)', () => {
  const text = 'SELECT e FROM EntityGraph MATCH (a)-[r]-(e)';
  const p = plan(text);
  expect(p.sql).toContain('(g2.source_key = n0.entity_key OR g2.target_key = n0.entity_key)');
  expect(p.sql).toContain('(g2.source_key = n1.entity_key OR g2.target_key = n1.entity_key)');
  expect(plan('SELECT e FROM EntityGraph MATCH (a)-[r]->(e)').sql).not.toContain(' OR ');
  expect(plan(text, sqliteDialect).sql).not.toContain('OR g2.target_key = n0.entity_key)');
});
