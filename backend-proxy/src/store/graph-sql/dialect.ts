import type { CompiledValue, SqlContext } from './sql-expressions';

/**
 * What the graph-query SQL of one database says differently: the planner, the expressions and
 * the row documents (this folder) are written once against this interface; SQLite's and
 * PostgreSQL's implementations live beside their stores. Parameters are written `@name`
 * throughout; a store binds them its own way.
 */
export interface GraphSqlDialect {
  /**
   * A condition evaluated once per candidate row that fails the statement past its deadline
   * (SQLite cannot interrupt a statement), or undefined where the server cancels it.
   */
  tick?(keys: string[]): string;
  /** Put before a column to keep the optimizer from using it as an index (SQLite's unary +). */
  readonly noIndexPrefix: string;
  /** Rows are read in an explicit order (entity and edge keys), so pages stay stable. */
  readonly ordersRows: boolean;
  /**
   * An undirected edge also gets, for each of its ends, the condition "the edge touches this
   * end" (source or target), which its pair condition implies: a planner that cannot split the
   * pair condition can then look the edges up from whichever end is known, through both edge
   * indexes.
   */
  readonly undirectedEndConditions: boolean;
  readonly trueSql: string;
  readonly falseSql: string;
  /** Epoch seconds (floating) → epoch milliseconds, an integer. */
  millis(seconds: string): string;
  /** SQL true when `needle` does not occur in `haystack` (both text). */
  notContains(haystack: string, needle: string): string;

  /** A JSON-held field: `column` (JSON text) at `path` (a root `[]` keeps the expression indexable). */
  jsonField(ctx: SqlContext, column: string, path: (string | number)[], name: string, pos: number): CompiledValue;
  /** A literal of the query as a value. */
  literal(ctx: SqlContext, value: string | number | boolean | null): CompiledValue;
  /** `left op right` where op is one of = <> < <= > >= */
  compare(op: string, left: CompiledValue, right: CompiledValue): string;
  /** `value [NOT] IN (items)` */
  inList(value: CompiledValue, items: CompiledValue[], negated: boolean): string;
  /** whether `value` is an element of the JSON list (or a value of the object) `list` */
  inCollection(value: CompiledValue, list: CompiledValue): string;
  /** `value LIKE pattern` (TwinMaker's LIKE: case-sensitive, `%` and `_`, an optional escape) */
  like(ctx: SqlContext, value: CompiledValue, pattern: string, escape: string | undefined): string;
  /** lower(…) / upper(…) of a value */
  call(name: string, arg: CompiledValue): CompiledValue;

  /** A text column as JSON text ('null' for NULL). */
  jsonText(sql: string): string;
  /** A scalar value as JSON text ('null' for NULL). */
  scalarJson(sql: string): string;
  /** A condition's value as JSON text: true, false or null. */
  booleanJson(sql: string): string;
  /** A count as JSON text. */
  countJson(sql: string): string;
  /**
   * A JSON array (text) of `element` for each row of `SELECT columns FROM from` (aliased
   * `alias`), in `order`.
   */
  jsonArray(element: string, alias: string, columns: string, from: string, order: string): string;
  /** A FROM item `step` of the path encoding `n1,e7,n2,` split at its commas: `step.key` (its position), `step.value`. */
  pathSteps(encoded: string): string;
  /** A rendered document cell as the driver should hand it back (SQLite: a BLOB of its UTF-8). */
  documentCell(sql: string): string;
  /** A FROM item `keys` of the integer keys in the JSON array parameter `param`, as `keys.value`. */
  keyList(param: string): string;
}
