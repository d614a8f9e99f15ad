import {
  CompareOp,
  Direction,
  EdgePattern,
  Expr,
  Literal,
  NodePattern,
  PathPattern,
  Projection,
  Query,
  Ref,
  Unnest,
} from './ast';
import { queryError } from './errors';
import { Token, tokenize } from './lexer';

const RESERVED = new Set([
  'select',
  'from',
  'match',
  'where',
  'limit',
  'offset',
  'and',
  'or',
  'not',
  'in',
  'like',
  'is',
  'as',
  'distinct',
  'escape',
  'missing',
  'null',
  'true',
  'false',
]);

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

const describe = (t: Token) =>
  t.kind === 'eof' ? 'the end of the query' : t.kind === 'string' ? `'${t.text}'` : `'${t.text}'`;

/** Parses a query statement into its syntax tree; any error is a QueryError with a position. */
export function parseQuery(text: string): Query {
  return new Parser(tokenize(text)).query();
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.i]!;
  }
  private peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.token;
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isKeyword(word: string, t: Token = this.token) {
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }
  private isPunct(p: string, t: Token = this.token) {
    return t.kind === 'punct' && t.text === p;
  }
  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i++;
    return true;
  }
  private acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.i++;
    return true;
  }
  private fail(expected: string, t: Token = this.token): never {
    throw queryError(t.pos, `expected ${expected} but found ${describe(t)}`);
  }
  private expectKeyword(word: string, hint = '') {
    if (!this.acceptKeyword(word)) this.fail(`${word.toUpperCase()}${hint}`);
  }
  private expectPunct(p: string, what = `'${p}'`) {
    if (!this.acceptPunct(p)) this.fail(what);
  }
  private name(what: string): string {
    const t = this.token;
    if (t.kind === 'quotedIdent') return this.next().text;
    if (t.kind === 'ident' && !RESERVED.has(t.text.toLowerCase())) return this.next().text;
    this.fail(what);
  }
  private integer(what: string): { value: number; pos: number } {
    const t = this.token;
    if (t.kind !== 'number' || !Number.isSafeInteger(t.value) || (t.value as number) < 0 || /[.eE]/.test(t.text)) {
      this.fail(what);
    }
    this.next();
    return { value: t.value as number, pos: t.pos };
  }

  query(): Query {
    let distinct = false;
    let projections: Projection[] = [];
    if (this.acceptKeyword('select')) {
      distinct = this.acceptKeyword('distinct');
      if (!this.isKeyword('from')) projections = this.projections();
    } else if (!this.isKeyword('from')) {
      this.fail('SELECT');
    }
    this.expectKeyword('from', ' EntityGraph after the projection');
    const graph = this.token;
    if (!(graph.kind === 'ident' || graph.kind === 'quotedIdent') || graph.text.toLowerCase() !== 'entitygraph') {
      this.fail('EntityGraph (the only graph of a workspace)');
    }
    this.next();
    this.expectKeyword('match', ' and a graph pattern after FROM EntityGraph');
    const { patterns, unnests } = this.matchItems();
    const query: Query = { distinct, projections, patterns, unnests };
    if (this.acceptKeyword('where')) query.where = this.expr();
    for (let clauses = 0; clauses < 2; clauses++) {
      if (!query.limit && this.acceptKeyword('limit')) query.limit = this.integer('a whole number after LIMIT');
      else if (!query.offset && this.acceptKeyword('offset'))
        query.offset = this.integer('a whole number after OFFSET');
    }
    this.acceptPunct(';');
    if (this.token.kind !== 'eof') {
      this.fail(
        query.where ? 'AND, OR, LIMIT, OFFSET or the end of the query' : 'WHERE, LIMIT, OFFSET or the end of the query',
      );
    }
    return query;
  }

  private projections(): Projection[] {
    const list: Projection[] = [];
    do {
      const pos = this.token.pos;
      const expr = this.expr();
      let alias: string | undefined;
      if (this.acceptKeyword('as')) alias = this.name('a column name after AS');
      else if (
        this.token.kind === 'quotedIdent' ||
        (this.token.kind === 'ident' && !RESERVED.has(this.token.text.toLowerCase()))
      ) {
        alias = this.next().text;
      }
      list.push({ expr, alias, pos });
    } while (this.acceptPunct(','));
    return list;
  }

  private matchItems(): { patterns: PathPattern[]; unnests: Unnest[] } {
    const patterns: PathPattern[] = [];
    const unnests: Unnest[] = [];
    const start = this.token.pos;
    do {
      const t = this.token;
      if (this.isPunct('(')) patterns.push(this.pathPattern());
      else if ((t.kind === 'ident' || t.kind === 'quotedIdent') && this.isPunct('=', this.peek())) {
        const pathVar = this.name('a path variable');
        this.next();
        patterns.push({ ...this.pathPattern(), pathVar, pos: t.pos });
      } else if ((t.kind === 'ident' || t.kind === 'quotedIdent') && this.isPunct('.', this.peek())) {
        unnests.push(this.unnest());
      } else {
        this.fail('a graph pattern such as (e) or an unnesting such as e.components AS c');
      }
    } while (this.acceptPunct(','));
    if (patterns.length === 0) {
      throw queryError(start, 'MATCH needs at least one graph pattern such as (e)');
    }
    return { patterns, unnests };
  }

  private unnest(): Unnest {
    const pos = this.token.pos;
    const source = this.name('a variable');
    this.expectPunct('.');
    const field = this.token;
    const collection = field.kind === 'ident' ? field.text : '';
    if (collection !== 'components' && collection !== 'properties') {
      this.fail('components (of an entity) or properties (of a component)');
    }
    this.next();
    this.acceptKeyword('as');
    const alias = this.name(`a name for each of ${source}.${collection}, as in ${source}.${collection} AS x`);
    return { source, collection, alias, pos };
  }

  private pathPattern(): PathPattern {
    const pos = this.token.pos;
    const nodes = [this.node()];
    const edges: EdgePattern[] = [];
    while (this.isPunct('-') || this.isPunct('<-') || this.isPunct('->') || this.isPunct('<->')) {
      edges.push(this.edge());
      if (!this.isPunct('(')) this.fail('a node pattern such as (x) after the edge');
      nodes.push(this.node());
    }
    return { nodes, edges, pos };
  }

  private node(): NodePattern {
    const pos = this.token.pos;
    this.expectPunct('(');
    let variable: string | undefined;
    if (!this.isPunct(')')) variable = this.name("a variable name or ')'");
    if (this.isPunct(':'))
      throw queryError(this.token.pos, 'node labels are not supported: filter with WHERE on the entity instead');
    this.expectPunct(')', "')' to close the node pattern");
    return { variable, pos };
  }

  private edge(): EdgePattern {
    const start = this.next();
    const pos = start.pos;
    let direction: Direction;
    let variable: string | undefined;
    const labels: string[] = [];
    if ((start.text === '-' || start.text === '<-') && this.isPunct('[')) {
      this.next();
      if (!this.isPunct(':') && !this.isPunct(']'))
        variable = this.name("an edge variable, ':' and a relationship name, or ']'");
      if (this.acceptPunct(':')) {
        labels.push(this.name('a relationship name after :'));
        while (this.acceptPunct('|')) labels.push(this.name("a relationship name after '|'"));
      }
      this.expectPunct(']', "']' to close the edge pattern");
      const end = this.token;
      if (start.text === '-') {
        if (this.acceptPunct('->')) direction = 'out';
        else if (this.acceptPunct('-')) direction = 'any';
        else this.fail("'->' or '-' after the edge pattern", end);
      } else {
        if (this.acceptPunct('-')) direction = 'in';
        else if (this.acceptPunct('->')) direction = 'any';
        else this.fail("'-' after the incoming edge pattern", end);
      }
    } else {
      direction = start.text === '->' ? 'out' : start.text === '<-' ? 'in' : 'any';
    }
    const edge: EdgePattern = { variable, labels, direction, pos };
    const q = this.token;
    if (this.acceptPunct('{')) {
      const min = this.integer('the least number of hops, as in {1,5}').value;
      let max: number | undefined = min;
      if (this.acceptPunct(','))
        max = this.isPunct('}') ? undefined : this.integer('the most hops, or } for no upper bound').value;
      this.expectPunct('}', "'}' to close the quantifier");
      if (max !== undefined && max < min)
        throw queryError(q.pos, `the quantifier {${min},${max}} has its bounds the wrong way round`);
      edge.quantifier = { min, max, pos: q.pos };
    } else if (this.acceptPunct('+')) edge.quantifier = { min: 1, pos: q.pos };
    else if (this.acceptPunct('*')) edge.quantifier = { min: 0, pos: q.pos };
    return edge;
  }

  // ---- expressions: OR < AND < NOT < predicate < primary

  expr(): Expr {
    let left = this.and();
    while (this.isKeyword('or') || (this.isPunct(',') && this.isKeyword('or', this.peek()))) {
      this.acceptPunct(',');
      const pos = this.next().pos;
      left = { kind: 'or', left, right: this.and(), pos };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    // `…', AND …` appears in the AWS guide's examples: tolerate a comma right before AND
    while (this.isKeyword('and') || (this.isPunct(',') && this.isKeyword('and', this.peek()))) {
      this.acceptPunct(',');
      const pos = this.next().pos;
      left = { kind: 'and', left, right: this.not(), pos };
    }
    return left;
  }

  private not(): Expr {
    if (this.isKeyword('not')) {
      const pos = this.next().pos;
      return { kind: 'not', expr: this.not(), pos };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const left = this.primary();
    const t = this.token;
    if (t.kind === 'punct' && COMPARE[t.text]) {
      this.next();
      return { kind: 'compare', op: COMPARE[t.text]!, left, right: this.primary(), pos: t.pos };
    }
    if (this.isPunct('<-')) {
      // `x<-1` lexes as `<-` `1`: it is `<` and a negative number
      this.next();
      const right = this.primary();
      if (right.kind !== 'literal' || typeof right.value !== 'number') this.fail('a number after <-', t);
      return { kind: 'compare', op: '<', left, right: { ...right, value: -right.value }, pos: t.pos };
    }
    let negated = false;
    if (this.isKeyword('not') && (this.isKeyword('in', this.peek()) || this.isKeyword('like', this.peek()))) {
      this.next();
      negated = true;
    }
    if (this.acceptKeyword('in')) {
      if (this.acceptPunct('(')) {
        const items: Expr[] = [];
        do items.push(this.primary());
        while (this.acceptPunct(','));
        this.expectPunct(')', "',' or ')' in the IN list");
        return { kind: 'inList', expr: left, items, negated, pos: t.pos };
      }
      const collection = this.primary();
      if (collection.kind !== 'ref')
        this.fail("'(' and a list of values, or a list-valued field such as p.propertyValue");
      return { kind: 'inCollection', expr: left, collection, negated, pos: t.pos };
    }
    if (this.acceptKeyword('like')) {
      const pattern = this.token;
      if (pattern.kind !== 'string') this.fail("a quoted pattern such as '%room%' after LIKE");
      this.next();
      let escape: string | undefined;
      if (this.acceptKeyword('escape')) {
        const e = this.token;
        if (e.kind !== 'string' || e.text.length !== 1)
          this.fail("a single quoted character after ESCAPE, such as '\\'");
        this.next();
        escape = e.text;
      }
      const literal: Literal = { kind: 'literal', value: pattern.text, pos: pattern.pos };
      return { kind: 'like', expr: left, pattern: literal, escape, negated, pos: t.pos };
    }
    if (negated) this.fail('IN or LIKE after NOT');
    if (this.acceptKeyword('is')) {
      const isNot = this.acceptKeyword('not');
      if (this.acceptKeyword('missing')) return { kind: 'is', expr: left, test: 'missing', negated: isNot, pos: t.pos };
      if (this.acceptKeyword('null')) return { kind: 'is', expr: left, test: 'null', negated: isNot, pos: t.pos };
      this.fail('MISSING or NULL after IS');
    }
    return left;
  }

  private primary(): Expr {
    const t = this.token;
    if (t.kind === 'string') {
      this.next();
      return { kind: 'literal', value: t.text, pos: t.pos };
    }
    if (t.kind === 'number') {
      this.next();
      return { kind: 'literal', value: t.value as number, pos: t.pos };
    }
    if (this.isPunct('-') && this.peek().kind === 'number') {
      this.next();
      const n = this.next();
      return { kind: 'literal', value: -(n.value as number), pos: t.pos };
    }
    if (this.acceptPunct('(')) {
      const inner = this.expr();
      this.expectPunct(')', "')' to close the parenthesis");
      return inner;
    }
    if (t.kind === 'ident') {
      const word = t.text.toLowerCase();
      if (word === 'true' || word === 'false') {
        this.next();
        return { kind: 'literal', value: word === 'true', pos: t.pos };
      }
      if (word === 'null') {
        this.next();
        return { kind: 'literal', value: null, pos: t.pos };
      }
      if ((word === 'lower' || word === 'upper' || word === 'count') && this.isPunct('(', this.peek())) {
        this.next();
        this.next();
        if (word === 'count' && this.isKeyword('distinct')) {
          throw queryError(
            this.token.pos,
            'COUNT(DISTINCT …) is not supported, as in TwinMaker: count without DISTINCT',
          );
        }
        const args: Expr[] = [];
        if (!(word === 'count' && this.acceptPunct('*'))) args.push(this.expr());
        this.expectPunct(')', `')' to close ${word}(`);
        return { kind: 'call', name: word, args, pos: t.pos };
      }
    }
    if (t.kind === 'ident' || t.kind === 'quotedIdent') {
      if (t.kind === 'ident' && RESERVED.has(t.text.toLowerCase())) this.fail('a value, a variable or a field');
      return this.ref();
    }
    this.fail('a value, a variable or a field');
  }

  private ref(): Ref {
    const t = this.next();
    const ref: Ref = { kind: 'ref', variable: t.text, path: [], pos: t.pos };
    for (;;) {
      if (this.acceptPunct('.')) {
        const f = this.token;
        if (f.kind !== 'ident' && f.kind !== 'quotedIdent') this.fail(`a field name after '.'`);
        ref.path.push(this.next().text);
      } else if (this.acceptPunct('[')) {
        const f = this.token;
        if (f.kind === 'string') ref.path.push(this.next().text);
        else ref.path.push(this.integer("a list index or a quoted key inside '[ ]'").value);
        this.expectPunct(']', "']' to close the index");
      } else return ref;
    }
  }
}
