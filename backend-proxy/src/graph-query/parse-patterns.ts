import { Direction, EdgePattern, NodePattern, PathPattern, Unnest } from './ast';
import { queryError } from './errors';
import { TokenStream } from './token-stream';

/** MATCH's items: graph patterns `(a)-[r:x]->{1,3}(b)`, bound paths `p = …` and unnestings `e.components AS c`. */
export function parseMatchItems(ts: TokenStream): { patterns: PathPattern[]; unnests: Unnest[] } {
  const patterns: PathPattern[] = [];
  const unnests: Unnest[] = [];
  const start = ts.token.pos;
  do {
    const t = ts.token;
    if (ts.isPunct('(')) patterns.push(pathPattern(ts));
    else if ((t.kind === 'ident' || t.kind === 'quotedIdent') && ts.isPunct('=', ts.peek())) {
      const pathVar = ts.name('a path variable');
      ts.next();
      patterns.push({ ...pathPattern(ts), pathVar, pos: t.pos });
    } else if ((t.kind === 'ident' || t.kind === 'quotedIdent') && ts.isPunct('.', ts.peek())) {
      unnests.push(unnest(ts));
    } else {
      ts.fail('a graph pattern such as (e) or an unnesting such as e.components AS c');
    }
  } while (ts.acceptPunct(','));
  if (patterns.length === 0) {
    throw queryError(start, 'MATCH needs at least one graph pattern such as (e)');
  }
  return { patterns, unnests };
}

function unnest(ts: TokenStream): Unnest {
  const pos = ts.token.pos;
  const source = ts.name('a variable');
  ts.expectPunct('.');
  const field = ts.token;
  const collection = field.kind === 'ident' ? field.text : '';
  if (collection !== 'components' && collection !== 'properties') {
    ts.fail('components (of an entity) or properties (of a component)');
  }
  ts.next();
  ts.acceptKeyword('as');
  const alias = ts.name(`a name for each of ${source}.${collection}, as in ${source}.${collection} AS x`);
  return { source, collection, alias, pos };
}

function pathPattern(ts: TokenStream): PathPattern {
  const pos = ts.token.pos;
  const nodes = [node(ts)];
  const edges: EdgePattern[] = [];
  while (ts.isPunct('-') || ts.isPunct('<-') || ts.isPunct('->') || ts.isPunct('<->')) {
    edges.push(edge(ts));
    if (!ts.isPunct('(')) ts.fail('a node pattern such as (x) after the edge');
    nodes.push(node(ts));
  }
  return { nodes, edges, pos };
}

function node(ts: TokenStream): NodePattern {
  const pos = ts.token.pos;
  ts.expectPunct('(');
  let variable: string | undefined;
  if (!ts.isPunct(')')) variable = ts.name("a variable name or ')'");
  if (ts.isPunct(':'))
    throw queryError(ts.token.pos, 'node labels are not supported: filter with WHERE on the entity instead');
  ts.expectPunct(')', "')' to close the node pattern");
  return { variable, pos };
}

function edge(ts: TokenStream): EdgePattern {
  const start = ts.next();
  const pos = start.pos;
  let direction: Direction;
  let variable: string | undefined;
  const labels: string[] = [];
  if ((start.text === '-' || start.text === '<-') && ts.isPunct('[')) {
    ts.next();
    if (!ts.isPunct(':') && !ts.isPunct(']'))
      variable = ts.name("an edge variable, ':' and a relationship name, or ']'");
    if (ts.acceptPunct(':')) {
      labels.push(ts.name('a relationship name after :'));
      while (ts.acceptPunct('|')) labels.push(ts.name("a relationship name after '|'"));
    }
    ts.expectPunct(']', "']' to close the edge pattern");
    const end = ts.token;
    if (start.text === '-') {
      if (ts.acceptPunct('->')) direction = 'out';
      else if (ts.acceptPunct('-')) direction = 'any';
      else ts.fail("'->' or '-' after the edge pattern", end);
    } else {
      if (ts.acceptPunct('-')) direction = 'in';
      else if (ts.acceptPunct('->')) direction = 'any';
      else ts.fail("'-' after the incoming edge pattern", end);
    }
  } else {
    direction = start.text === '->' ? 'out' : start.text === '<-' ? 'in' : 'any';
  }
  const edge: EdgePattern = { variable, labels, direction, pos };
  const q = ts.token;
  if (ts.acceptPunct('{')) {
    const min = ts.integer('the least number of hops, as in {1,5}').value;
    let max: number | undefined = min;
    if (ts.acceptPunct(','))
      max = ts.isPunct('}') ? undefined : ts.integer('the most hops, or } for no upper bound').value;
    ts.expectPunct('}', "'}' to close the quantifier");
    if (max !== undefined && max < min)
      throw queryError(q.pos, `the quantifier {${min},${max}} has its bounds the wrong way round`);
    edge.quantifier = { min, max, pos: q.pos };
  } else if (ts.acceptPunct('+')) edge.quantifier = { min: 1, pos: q.pos };
  else if (ts.acceptPunct('*')) edge.quantifier = { min: 0, pos: q.pos };
  return edge;
}
