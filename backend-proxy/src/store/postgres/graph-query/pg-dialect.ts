import type { GraphSqlDialect } from '../../graph-sql/dialect';
import type { CompiledValue, SqlContext, ValueKind } from '../../graph-sql/sql-expressions';

/** TwinMaker's LIKE pattern (`%`, `_`, an optional escape character) → PostgreSQL's LIKE, whose escape is `\`. */
export function likeToPg(pattern: string, escape?: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      out += next === '%' || next === '_' || next === '\\' ? `\\${next}` : next;
    } else if (c === '\\') out += '\\\\';
    else out += c;
  }
  return out;
}

const value = (sql: string, kind: ValueKind, text = sql): CompiledValue => ({
  sql,
  form: 'scalar',
  kind,
  text,
  isNull: `${sql} IS NULL`,
  missing: `${sql} IS NULL`,
  name: '_literal',
});

/** A value as jsonb, so values of different SQL types compare (as SQLite compares any two values). */
const asJsonb = (v: CompiledValue) =>
  v.kind === 'json' ? v.sql : v.kind === 'null' ? 'NULL::jsonb' : `to_jsonb(${v.sql})`;

/** The kind several values compare as: their own when they agree (NULL agrees with any), else jsonb. */
function commonKind(values: CompiledValue[]): ValueKind {
  const kinds = new Set(values.map((v) => v.kind).filter((k) => k !== 'null'));
  return kinds.size === 1 ? [...kinds][0]! : kinds.size === 0 ? 'null' : 'json';
}

/** Operands for one comparison: as they are, text in byte order (SQLite's BINARY), or all as jsonb. */
function operands(values: CompiledValue[]): string[] {
  const kind = commonKind(values);
  if (kind === 'json') return values.map(asJsonb);
  if (kind === 'text') return values.map((v) => (v.kind === 'text' ? `${v.sql} COLLATE "C"` : v.sql));
  return values.map((v) => v.sql);
}

/**
 * PostgreSQL's graph-query SQL. Statements are cancelled by statement_timeout, so there is no
 * per-row tick. JSON fields are read as jsonb (a root value as `plain_value_json::jsonb`, the
 * expression migration 003 indexes), and values of different types compare as jsonb, where
 * SQLite compares any two values directly. Rows are ordered by the keys of the match: without
 * ORDER BY, PostgreSQL may return a page's rows in another order on the next page's run.
 */
export const pgDialect: GraphSqlDialect = {
  noIndexPrefix: '',
  ordersRows: true,
  // without them PostgreSQL finds an undirected edge only by both ends at once (a BitmapOr of
  // the two (source, target) pairs), so it joins every entity to the known one first: a 3-hop
  // pattern from one entity of 100k took 147 s instead of 40 ms
  undirectedEndConditions: true,
  trueSql: 'TRUE',
  falseSql: 'FALSE',
  // numeric rounds half away from zero, as SQLite's round does
  millis: (seconds) => `round((${seconds} * 1000)::numeric)::bigint`,
  notContains: (haystack, needle) => `strpos(${haystack}, ${needle}) = 0`,

  jsonField(ctx: SqlContext, column, path, name): CompiledValue {
    const at = path.length === 0 ? undefined : `ARRAY[${path.map((p) => ctx.param(String(p))).join(', ')}]`;
    const jsonb = at === undefined ? `(${column}::jsonb)` : `(${column}::jsonb #> ${at})`;
    return {
      sql: jsonb,
      form: 'json',
      kind: 'json',
      text: at === undefined ? `(${column}::jsonb #>> '{}')` : `(${column}::jsonb #>> ${at})`,
      isNull: `coalesce(jsonb_typeof(${jsonb}), 'null') = 'null'`,
      missing: `${jsonb} IS NULL`,
      name,
      // the json type keeps the stored (minified) text of the value
      json: at === undefined ? column : `((${column}::json #> ${at})::text)`,
    };
  },
  literal(ctx, v) {
    if (v === null) return { ...value('NULL', 'null'), missing: 'FALSE' };
    if (typeof v === 'boolean') return { ...value(v ? 'TRUE' : 'FALSE', 'bool'), missing: 'FALSE' };
    const sql = ctx.param(v);
    return { ...value(sql, typeof v === 'number' ? 'number' : 'text', `(${sql})::text`), missing: 'FALSE' };
  },
  compare(op, left, right) {
    const [l, r] = operands([left, right]);
    return `(${l} ${op} ${r})`;
  },
  inList(v, items, negated) {
    const [head, ...rest] = operands([v, ...items]);
    return `(${head} ${negated ? 'NOT IN' : 'IN'} (${rest.join(', ')}))`;
  },
  inCollection(v, list) {
    const j = list.sql;
    // SQLite's json_each walks an array's elements, an object's values, or a scalar itself
    const elements =
      `CASE jsonb_typeof(${j}) WHEN 'array' THEN ${j}` +
      ` WHEN 'object' THEN (SELECT coalesce(jsonb_agg(o.value), '[]'::jsonb) FROM jsonb_each(${j}) o)` +
      ` ELSE jsonb_build_array(${j}) END`;
    return `EXISTS (SELECT 1 FROM jsonb_array_elements(${elements}) item WHERE item.value = ${asJsonb(v)})`;
  },
  like: (ctx, v, pattern, escape) => `(${v.text} LIKE ${ctx.param(likeToPg(pattern, escape))})`,
  call(name, arg) {
    const sql = `${name}(${arg.text})`;
    return { ...value(sql, 'text'), missing: arg.missing, name };
  },

  jsonText: (sql) => `coalesce(to_json(${sql})::text, 'null')`,
  scalarJson: (sql) => `coalesce(to_jsonb(${sql})::text, 'null')`,
  booleanJson: (sql) => `CASE WHEN ${sql} IS NULL THEN 'null' WHEN ${sql} THEN 'true' ELSE 'false' END`,
  countJson: (sql) => `coalesce(${sql}, 0)::text`,
  jsonArray: (element, alias, columns, from, order) =>
    `'[' || coalesce((SELECT string_agg(${element}, ',' ORDER BY ${order}) FROM (SELECT ${columns} FROM ${from}) ${alias}), '') || ']'`,
  pathSteps: (encoded) => `unnest(string_to_array(rtrim(${encoded}, ','), ',')) WITH ORDINALITY AS step(value, key)`,
  documentCell: (sql) => `(${sql})::text`,
  keyList: (param) => `(SELECT value::integer AS value FROM jsonb_array_elements_text(${param}::jsonb)) keys`,
};
