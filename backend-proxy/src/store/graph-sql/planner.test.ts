import { DEFAULT_LIMITS } from '../../graph-query/limits';
import { parseQuery } from '../../graph-query/parser';
import { planQuery } from './planner';
import { likeToGlob, sqliteDialect } from '../sqlite/graph-query/sqlite-dialect';

const plan = (text: string) => planQuery(parseQuery(text), 'ws', DEFAULT_LIMITS, sqliteDialect);

test('literals, labels and the workspace become parameters, never SQL text', () => {
  const p = plan(
    "SELECT e FROM EntityGraph MATCH (e)-[:feed]->(x) WHERE e.entityName = 'a''; DROP TABLE entities; --'",
  );
  expect(p.sql).not.toMatch(/DROP|feed|'ws'/);
  expect(Object.values(p.params)).toEqual(expect.arrayContaining(['ws', 'feed', "a'; DROP TABLE entities; --"]));
});

test('a variable-length search starts from the end WHERE pins down', () => {
  const p = plan("SELECT COUNT(e) FROM EntityGraph MATCH (e)-[:isChildOf]->{1,30}(p) WHERE p.entityId = 'root'");
  // walking back from p: incoming isChildOf edges
  expect(p.sql).toMatch(/g\.target_key = w\.node/);
  expect(p.sql).toMatch(/FROM entities a WHERE a\.workspace_id = @p0 AND \(a\.entity_id = @p\d+\)/);
  expect(p.columns).toEqual([{ name: 'count', type: 'VALUE', decode: 'count' }]);
  expect(p.aggregate).toBe(true);
});

test('an unbounded quantifier is capped at the hop limit', () => {
  expect(plan("SELECT e FROM EntityGraph MATCH (r)<-{1,}(e) WHERE r.entityId = 'x'").sql).toMatch(/w\.depth < 30/);
});

test('path variables enumerate acyclic paths', () => {
  const p = plan('SELECT p FROM EntityGraph MATCH p = (a)-[]->{1,3}(b)');
  expect(p.sql).toMatch(/instr\(w\.visited/);
  expect(p.columns).toEqual([{ name: 'path', type: 'PATH', decode: 'path' }]);
});

test('columns name fields by their last segment unless aliased', () => {
  const p = plan(
    'SELECT e.entityName, p.definition.displayName, p.propertyValue AS v, c FROM EntityGraph MATCH (e), e.components AS c, c.properties AS p',
  );
  expect(p.columns.map((c) => [c.name, c.type, c.decode])).toEqual([
    ['entityName', 'VALUE', 'scalar'],
    ['displayName', 'VALUE', 'json'],
    ['v', 'VALUE', 'json'],
    ['c', 'VALUE', 'component'],
  ]);
});

test('semantic errors carry the position of the offending reference', () => {
  expect(() => plan('SELECT x FROM EntityGraph MATCH (e)')).toThrow(expect.objectContaining({ pos: 7 }));
  expect(() => plan('SELECT e FROM EntityGraph MATCH (e)-[e]->(b)')).toThrow(/bound/);
  expect(() => plan('SELECT e FROM EntityGraph MATCH (e), c.properties AS p')).toThrow(/unknown variable c/);
});

test('LIKE patterns become case-sensitive GLOB patterns', () => {
  expect(likeToGlob('%room_1%')).toBe('*room?1*');
  expect(likeToGlob('a*b?[c]')).toBe('a[*]b[?][[]c]');
  expect(likeToGlob('room\\%', '\\')).toBe('room%');
  expect(likeToGlob('x\\_y', '\\')).toBe('x_y');
});
