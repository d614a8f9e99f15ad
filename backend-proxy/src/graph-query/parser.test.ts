import { QueryError } from './errors';
import { tokenize } from './lexer';
import { parseQuery } from './parser';

const errorOf = (text: string) => {
  try {
    parseQuery(text);
  } catch (e) {
    if (e instanceof QueryError) return { pos: e.pos, detail: e.detail };
    throw e;
  }
  throw new Error(`parsed: ${text}`);
};

describe('lexer', () => {
  test('tokens carry their offsets; arrows win over single characters', () => {
    expect(tokenize("(a)<-[:x]->(b) 'it''s' 1.5e2").map((t) => [t.kind, t.text, t.pos])).toEqual([
      ['punct', '(', 0],
      ['ident', 'a', 1],
      ['punct', ')', 2],
      ['punct', '<-', 3],
      ['punct', '[', 5],
      ['punct', ':', 6],
      ['ident', 'x', 7],
      ['punct', ']', 8],
      ['punct', '->', 9],
      ['punct', '(', 11],
      ['ident', 'b', 12],
      ['punct', ')', 13],
      ['string', "it's", 15],
      ['number', '1.5e2', 23],
      ['eof', '', 28],
    ]);
  });

  test('an unclosed string is reported where it starts', () => {
    expect(() => tokenize("x = 'abc")).toThrow(expect.objectContaining({ pos: 4 }));
  });

  test('a stray character is reported where it is', () => {
    expect(() => tokenize('a # b')).toThrow(expect.objectContaining({ pos: 2 }));
  });
});

describe('parser', () => {
  test('keywords are case-insensitive', () => {
    const q = parseQuery("select e from entitygraph match (e) where e.entityName like 'x%' limit 3 offset 2");
    expect(q.limit?.value).toBe(3);
    expect(q.offset?.value).toBe(2);
    expect(q.where).toMatchObject({ kind: 'like', pattern: { value: 'x%' } });
  });

  test('edge directions, labels and quantifiers', () => {
    const q = parseQuery(
      'SELECT a FROM EntityGraph MATCH (a)-[r:feed|flowTo]->(b)<-[]-(c)-[]-{1,5}(d)<-{1,}(e)-[:x]->+(f)',
    );
    expect(
      q.patterns[0]!.edges.map((e) => [
        e.direction,
        e.labels,
        e.variable,
        e.quantifier && [e.quantifier.min, e.quantifier.max],
      ]),
    ).toEqual([
      ['out', ['feed', 'flowTo'], 'r', undefined],
      ['in', [], undefined, undefined],
      ['any', [], undefined, [1, 5]],
      ['in', [], undefined, [1, undefined]],
      ['out', ['x'], undefined, [1, undefined]],
    ]);
  });

  test('path binding and unnesting with or without AS', () => {
    const q = parseQuery('SELECT p FROM EntityGraph MATCH p = (a)-[]->{1, 3}(b), a.components AS c, c.properties q');
    expect(q.patterns[0]!.pathVar).toBe('p');
    expect(q.unnests.map((u) => [u.source, u.collection, u.alias])).toEqual([
      ['a', 'components', 'c'],
      ['c', 'properties', 'q'],
    ]);
  });

  test('NOT binds tighter than AND, AND tighter than OR', () => {
    const q = parseQuery('SELECT e FROM EntityGraph MATCH (e) WHERE e.a = 1 AND NOT e.b = 2 OR e.c = 3');
    expect(q.where).toMatchObject({
      kind: 'or',
      left: { kind: 'and', left: { kind: 'compare' }, right: { kind: 'not', expr: { kind: 'compare', op: '=' } } },
      right: { kind: 'compare' },
    });
  });

  test('IN lists, IN a list value, IS [NOT] MISSING, ESCAPE, indexes and map members', () => {
    const q = parseQuery(
      "SELECT e FROM EntityGraph MATCH (e) WHERE e.x IN ('a', 'b') AND 10.0 IN p.propertyValue AND NOT p.propertyValue.length IS MISSING AND e.n IS NOT NULL AND e.n LIKE 'a\\%' ESCAPE '\\' AND p.propertyValue[0] = -1",
    );
    const kinds: string[] = [];
    const walk = (e: any): unknown =>
      e.kind === 'and' ? (walk(e.left), walk(e.right)) : kinds.push(e.kind === 'not' ? `not ${e.expr.kind}` : e.kind);
    walk(q.where);
    expect(kinds).toEqual(['inList', 'inCollection', 'not is', 'is', 'like', 'compare']);
  });

  test('the doc form with a comma before AND parses', () => {
    expect(parseQuery("SELECT e FROM EntityGraph MATCH (e) WHERE e.a = 'x', AND e.b = 'y'").where?.kind).toBe('and');
  });

  test('errors say what was expected and where', () => {
    expect(errorOf('SELECT e FROM EntityGraph MATCH (e')).toEqual({
      pos: 34,
      detail: "expected ')' to close the node pattern but found the end of the query",
    });
    expect(errorOf('SELECT e FROM EntityGraph MATCH (e)-[r]=>(b)')).toMatchObject({ pos: 39 });
    expect(errorOf('SELECT e FROM EntityGraph MATCH (e) LIMIT x')).toMatchObject({
      pos: 42,
      detail: expect.stringMatching(/whole number after LIMIT/),
    });
    expect(errorOf('SELECT e FROM EntityGraph MATCH e.components AS c')).toMatchObject({
      pos: 32,
      detail: expect.stringMatching(/at least one graph pattern/),
    });
  });
});
