import { queryError } from '../../../graph-query/errors';
import type { GraphSqlDialect } from '../../graph-sql/dialect';
import type { CompiledValue, SqlContext } from '../../graph-sql/sql-expressions';
import { TICK_FUNCTION } from './deadline';

/** `$.a[0]."b c"`: a JSON path for SQLite's json functions, built from parsed field names. */
function jsonPath(path: (string | number)[], pos: number): string {
  let out = '$';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += `.${part}`;
    else if (!/["\\]/.test(part)) out += `."${part}"`;
    else throw queryError(pos, `the field name ${JSON.stringify(part)} may not contain quotes or backslashes`);
  }
  return out;
}

/** `%`/`_` LIKE pattern → case-sensitive GLOB pattern (TwinMaker compares case-sensitively). */
export function likeToGlob(pattern: string, escape?: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      out += next === '*' || next === '?' || next === '[' ? `[${next}]` : next;
    } else if (c === '%') out += '*';
    else if (c === '_') out += '?';
    else if (c === '*' || c === '?' || c === '[') out += `[${c}]`;
    else out += c;
  }
  return out;
}

/**
 * A JSON object's or array's pieces as SQL string concatenation and group_concat: SQLite's
 * JSON functions would parse every nested document again. SQLite compares values of any
 * type with each other, so compiled values need no conversion.
 */
export const sqliteDialect: GraphSqlDialect = {
  tick: (keys) => `${TICK_FUNCTION}(${keys.join(', ')})`,
  // keeps SQLite (which has no table statistics) from scanning the workspace index for a node an edge reaches
  noIndexPrefix: '+',
  // rows come in the order of the plan's nested loops, the same for every page
  ordersRows: false,
  // SQLite's OR optimization looks an undirected edge up by either pair of the condition
  undirectedEndConditions: false,
  trueSql: '1',
  falseSql: '0',
  millis: (seconds) => `CAST(round(${seconds} * 1000) AS INTEGER)`,
  notContains: (haystack, needle) => `instr(${haystack}, ${needle}) = 0`,

  jsonField(ctx: SqlContext, column, path, name, pos): CompiledValue {
    // the root path is written as a constant so the (name, value) expression index applies
    const at = path.length === 0 ? `'$'` : ctx.param(jsonPath(path, pos));
    const sql = `(${column} ->> ${at})`;
    return {
      sql,
      form: 'json',
      kind: 'json',
      text: sql,
      isNull: `${sql} IS NULL`,
      missing: `json_type(${column}, ${at}) IS NULL`,
      name,
      json: `(${column} -> ${at})`,
    };
  },
  literal(ctx, value) {
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    const sql = v === null ? 'NULL' : ctx.param(v);
    const kind = v === null ? 'null' : typeof v === 'number' ? 'number' : 'text';
    return { sql, form: 'scalar', kind, text: sql, isNull: `${sql} IS NULL`, missing: '0', name: '_literal' };
  },
  compare: (op, left, right) => `(${left.sql} ${op} ${right.sql})`,
  inList: (value, items, negated) =>
    `(${value.sql} ${negated ? 'NOT IN' : 'IN'} (${items.map((i) => i.sql).join(', ')}))`,
  inCollection: (value, list) => `EXISTS (SELECT 1 FROM json_each(${list.json}) WHERE value = ${value.sql})`,
  like: (ctx, value, pattern, escape) => `(${value.sql} GLOB ${ctx.param(likeToGlob(pattern, escape))})`,
  call(name, arg) {
    const sql = `${name}(${arg.sql})`;
    return { sql, form: 'scalar', kind: 'text', text: sql, isNull: `${sql} IS NULL`, missing: arg.missing, name };
  },

  jsonText: (sql) => `json_quote(${sql})`,
  scalarJson: (sql) => `json_quote(${sql})`,
  booleanJson: (sql) => `CASE WHEN ${sql} IS NULL THEN 'null' WHEN ${sql} = 1 THEN 'true' ELSE 'false' END`,
  countJson: (sql) => `coalesce(${sql}, 0)`,
  /**
   * The rows come ordered from a subquery rather than through group_concat's own ORDER BY: that
   * one sorts each group in a temporary b-tree, while the subquery's order is the index's
   * (SQLite keeps a subquery's ORDER BY when an aggregate reads it; the document tests pin the order).
   */
  jsonArray: (element, alias, columns, from, order) =>
    `'[' || coalesce((SELECT group_concat(${element}, ',') FROM (SELECT ${columns} FROM ${from} ORDER BY ${order}) ${alias}), '') || ']'`,
  // the steps as a JSON array of strings, so json_each walks them in order
  pathSteps: (encoded) => `json_each('["' || replace(rtrim(${encoded}, ','), ',', '","') || '"]') step`,
  // a BLOB reaches the socket without becoming a JS string
  documentCell: (sql) => `CAST(${sql} AS BLOB)`,
  keyList: (param) => `json_each(${param}) keys`,
};
