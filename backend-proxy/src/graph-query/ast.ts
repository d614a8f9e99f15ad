/**
 * Syntax tree of TwinMaker's knowledge-graph query language (PartiQL with GPML graph
 * matching). Every node carries `pos`, the 0-based offset in the query text, so the planner
 * can name where a semantic error is, as the parser does for syntax errors.
 */

export interface Query {
  distinct: boolean;
  /** empty when the query leaves the projection out (`FROM EntityGraph MATCH …`): every named variable */
  projections: Projection[];
  patterns: PathPattern[];
  unnests: Unnest[];
  where?: Expr;
  limit?: Positioned<number>;
  offset?: Positioned<number>;
}

export interface Positioned<T> {
  value: T;
  pos: number;
}

export interface Projection {
  expr: Expr;
  alias?: string;
  pos: number;
}

/** `[p =] (a)-[r]->(b)…`: nodes and edges alternate, starting and ending with a node. */
export interface PathPattern {
  pathVar?: string;
  nodes: NodePattern[];
  /** edges[i] joins nodes[i] and nodes[i + 1] */
  edges: EdgePattern[];
  pos: number;
}

export interface NodePattern {
  variable?: string;
  pos: number;
}

export type Direction = 'out' | 'in' | 'any';

export interface EdgePattern {
  variable?: string;
  /** relationship names (`-[:feed]->`, `-[:a|b]->`); empty = any */
  labels: string[];
  direction: Direction;
  /** undefined = exactly one hop; otherwise {min, max}; max undefined = unbounded (`{1,}`) */
  quantifier?: { min: number; max?: number; pos: number };
  pos: number;
}

/** `e.components AS c`, `c.properties p` */
export interface Unnest {
  source: string;
  collection: 'components' | 'properties';
  alias: string;
  pos: number;
}

export type Expr = Literal | Ref | Call | Compare | Logical | Not | InList | InCollection | Like | IsTest;

export interface Literal {
  kind: 'literal';
  value: string | number | boolean | null;
  pos: number;
}

/** `e`, `e.entityName`, `p.propertyValue.length`, `p.propertyValue[0]` */
export interface Ref {
  kind: 'ref';
  variable: string;
  path: (string | number)[];
  pos: number;
}

export interface Call {
  kind: 'call';
  name: 'lower' | 'upper' | 'count';
  /** COUNT(*) has no argument */
  args: Expr[];
  pos: number;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface Compare {
  kind: 'compare';
  op: CompareOp;
  left: Expr;
  right: Expr;
  pos: number;
}

export interface Logical {
  kind: 'and' | 'or';
  left: Expr;
  right: Expr;
  pos: number;
}

export interface Not {
  kind: 'not';
  expr: Expr;
  pos: number;
}

/** `x IN ('a', 'b')` */
export interface InList {
  kind: 'inList';
  expr: Expr;
  items: Expr[];
  negated: boolean;
  pos: number;
}

/** `10.0 IN p.propertyValue`: membership in a list value */
export interface InCollection {
  kind: 'inCollection';
  expr: Expr;
  collection: Ref;
  negated: boolean;
  pos: number;
}

export interface Like {
  kind: 'like';
  expr: Expr;
  pattern: Literal;
  escape?: string;
  negated: boolean;
  pos: number;
}

/** `x IS [NOT] MISSING` / `x IS [NOT] NULL` */
export interface IsTest {
  kind: 'is';
  expr: Expr;
  test: 'missing' | 'null';
  negated: boolean;
  pos: number;
}
