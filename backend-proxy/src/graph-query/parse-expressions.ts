import { CompareOp, Expr, Literal, Ref } from './ast';
import { queryError } from './errors';
import { RESERVED, TokenStream } from './token-stream';

/**
 * WHERE conditions and projected values, by precedence: OR < AND < NOT < predicate
 * (comparison, IN, LIKE, IS) < primary (literal, parenthesis, lower/upper/count, reference).
 */

const COMPARE: Record<string, CompareOp> = {
  '=': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '=>': '>=', // the AWS guide prints `=>`; accept it as the `>=` it means
};

/** An expression, from the cursor to the first token that cannot continue it. */
export function parseExpression(ts: TokenStream): Expr {
  let left = conjunction(ts);
  while (ts.isKeyword('or') || (ts.isPunct(',') && ts.isKeyword('or', ts.peek()))) {
    ts.acceptPunct(',');
    const pos = ts.next().pos;
    left = { kind: 'or', left, right: conjunction(ts), pos };
  }
  return left;
}

function conjunction(ts: TokenStream): Expr {
  let left = negation(ts);
  // `…', AND …` appears in the AWS guide's examples: tolerate a comma right before AND
  while (ts.isKeyword('and') || (ts.isPunct(',') && ts.isKeyword('and', ts.peek()))) {
    ts.acceptPunct(',');
    const pos = ts.next().pos;
    left = { kind: 'and', left, right: negation(ts), pos };
  }
  return left;
}

function negation(ts: TokenStream): Expr {
  if (ts.isKeyword('not')) {
    const pos = ts.next().pos;
    return { kind: 'not', expr: negation(ts), pos };
  }
  return predicate(ts);
}

function predicate(ts: TokenStream): Expr {
  const left = primary(ts);
  const t = ts.token;
  if (t.kind === 'punct' && COMPARE[t.text]) {
    ts.next();
    return { kind: 'compare', op: COMPARE[t.text]!, left, right: primary(ts), pos: t.pos };
  }
  if (ts.isPunct('<-')) {
    // `x<-1` lexes as `<-` `1`: it is `<` and a negative number
    ts.next();
    const right = primary(ts);
    if (right.kind !== 'literal' || typeof right.value !== 'number') ts.fail('a number after <-', t);
    return { kind: 'compare', op: '<', left, right: { ...right, value: -right.value }, pos: t.pos };
  }
  let negated = false;
  if (ts.isKeyword('not') && (ts.isKeyword('in', ts.peek()) || ts.isKeyword('like', ts.peek()))) {
    ts.next();
    negated = true;
  }
  if (ts.acceptKeyword('in')) {
    if (ts.acceptPunct('(')) {
      const items: Expr[] = [];
      do items.push(primary(ts));
      while (ts.acceptPunct(','));
      ts.expectPunct(')', "',' or ')' in the IN list");
      return { kind: 'inList', expr: left, items, negated, pos: t.pos };
    }
    const collection = primary(ts);
    if (collection.kind !== 'ref') ts.fail("'(' and a list of values, or a list-valued field such as p.propertyValue");
    return { kind: 'inCollection', expr: left, collection, negated, pos: t.pos };
  }
  if (ts.acceptKeyword('like')) {
    const pattern = ts.token;
    if (pattern.kind !== 'string') ts.fail("a quoted pattern such as '%room%' after LIKE");
    ts.next();
    let escape: string | undefined;
    if (ts.acceptKeyword('escape')) {
      const e = ts.token;
      if (e.kind !== 'string' || e.text.length !== 1) ts.fail("a single quoted character after ESCAPE, such as '\\'");
      ts.next();
      escape = e.text;
    }
    const literal: Literal = { kind: 'literal', value: pattern.text, pos: pattern.pos };
    return { kind: 'like', expr: left, pattern: literal, escape, negated, pos: t.pos };
  }
  if (negated) ts.fail('IN or LIKE after NOT');
  if (ts.acceptKeyword('is')) {
    const isNot = ts.acceptKeyword('not');
    if (ts.acceptKeyword('missing')) return { kind: 'is', expr: left, test: 'missing', negated: isNot, pos: t.pos };
    if (ts.acceptKeyword('null')) return { kind: 'is', expr: left, test: 'null', negated: isNot, pos: t.pos };
    ts.fail('MISSING or NULL after IS');
  }
  return left;
}

function primary(ts: TokenStream): Expr {
  const t = ts.token;
  if (t.kind === 'string') {
    ts.next();
    return { kind: 'literal', value: t.text, pos: t.pos };
  }
  if (t.kind === 'number') {
    ts.next();
    return { kind: 'literal', value: t.value as number, pos: t.pos };
  }
  if (ts.isPunct('-') && ts.peek().kind === 'number') {
    ts.next();
    const n = ts.next();
    return { kind: 'literal', value: -(n.value as number), pos: t.pos };
  }
  if (ts.acceptPunct('(')) {
    const inner = parseExpression(ts);
    ts.expectPunct(')', "')' to close the parenthesis");
    return inner;
  }
  if (t.kind === 'ident') {
    const word = t.text.toLowerCase();
    if (word === 'true' || word === 'false') {
      ts.next();
      return { kind: 'literal', value: word === 'true', pos: t.pos };
    }
    if (word === 'null') {
      ts.next();
      return { kind: 'literal', value: null, pos: t.pos };
    }
    if ((word === 'lower' || word === 'upper' || word === 'count') && ts.isPunct('(', ts.peek())) {
      ts.next();
      ts.next();
      if (word === 'count' && ts.isKeyword('distinct')) {
        throw queryError(ts.token.pos, 'COUNT(DISTINCT …) is not supported, as in TwinMaker: count without DISTINCT');
      }
      const args: Expr[] = [];
      if (!(word === 'count' && ts.acceptPunct('*'))) args.push(parseExpression(ts));
      ts.expectPunct(')', `')' to close ${word}(`);
      return { kind: 'call', name: word, args, pos: t.pos };
    }
  }
  if (t.kind === 'ident' || t.kind === 'quotedIdent') {
    if (t.kind === 'ident' && RESERVED.has(t.text.toLowerCase())) ts.fail('a value, a variable or a field');
    return reference(ts);
  }
  ts.fail('a value, a variable or a field');
}

function reference(ts: TokenStream): Ref {
  const t = ts.next();
  const ref: Ref = { kind: 'ref', variable: t.text, path: [], pos: t.pos };
  for (;;) {
    if (ts.acceptPunct('.')) {
      const f = ts.token;
      if (f.kind !== 'ident' && f.kind !== 'quotedIdent') ts.fail(`a field name after '.'`);
      ref.path.push(ts.next().text);
    } else if (ts.acceptPunct('[')) {
      const f = ts.token;
      if (f.kind === 'string') ref.path.push(ts.next().text);
      else ref.path.push(ts.integer("a list index or a quoted key inside '[ ]'").value);
      ts.expectPunct(']', "']' to close the index");
    } else return ref;
  }
}
