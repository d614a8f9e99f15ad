import { Expr, Ref } from '../../graph-query/ast';
import { queryError } from '../../graph-query/errors';
import type { GraphSqlDialect } from './dialect';

/**
 * Compiles WHERE conditions and projected values to SQL over the knowledge-graph tables.
 * Nothing from the query text is ever spliced into SQL: literals, field paths and LIKE
 * patterns all become bound parameters; only table aliases chosen by the planner appear.
 */

export type SqlValue = string | number | null;

export type Binding =
  | { kind: 'node'; alias: string }
  | { kind: 'edge'; alias: string }
  | { kind: 'path'; sql: string }
  | { kind: 'component'; alias: string }
  | { kind: 'property'; alias: string };

export interface SqlContext {
  dialect: GraphSqlDialect;
  bindings: Map<string, Binding>;
  /** binds a value and returns its placeholder */
  param(value: SqlValue): string;
}

/** How a compiled value reads back: plain SQL scalar, or JSON text to parse. */
export type ValueForm = 'scalar' | 'json';

/** The SQL type of a compiled value, for dialects that compare only values of one type. */
export type ValueKind = 'text' | 'number' | 'bool' | 'null' | 'json';

export interface CompiledValue {
  sql: string;
  form: ValueForm;
  kind: ValueKind;
  /** SQL yielding the value as text (a JSON string unquoted), for LIKE and lower/upper */
  text: string;
  /** for IS NULL: SQL that is true when the value is null (absent or JSON null) */
  isNull: string;
  /** for IS MISSING: SQL that is true when the field is absent */
  missing: string;
  /** column name TwinMaker gives this value when projected without AS */
  name: string;
  /** for JSON-held fields: SQL yielding the JSON text (objects and lists intact) */
  json?: string;
}

const NODE_FIELDS: Record<string, string> = {
  entityId: 'entity_id',
  entityName: 'entity_name',
  description: 'description',
  arn: 'arn',
  workspaceId: 'workspace_id',
};
const NODE_DATES: Record<string, string> = { creationDate: 'creation_time', lastUpdateDate: 'update_time' };
const COMPONENT_FIELDS: Record<string, string> = {
  componentName: 'component_name',
  componentTypeId: 'component_type_id',
  description: 'description',
};

function variable(ctx: SqlContext, ref: Ref): Binding {
  const b = ctx.bindings.get(ref.variable);
  if (!b) {
    const known = [...ctx.bindings.keys()].join(', ') || 'none';
    throw queryError(ref.pos, `unknown variable ${ref.variable}: bind it in MATCH first (bound: ${known})`);
  }
  return b;
}

const unknownField = (ref: Ref, field: string | number, known: string[]) =>
  queryError(ref.pos, `${ref.variable} has no field ${String(field)}: use one of ${known.join(', ')}`);

/** A field reference as an SQL value; a bare variable is refused here (see projections). */
export function compileRef(ctx: SqlContext, ref: Ref): CompiledValue {
  const b = variable(ctx, ref);
  const [field, ...rest] = ref.path;
  if (field === undefined) {
    throw queryError(
      ref.pos,
      `${ref.variable} is a whole ${b.kind}: compare one of its fields, such as ${ref.variable}.${
        b.kind === 'node'
          ? 'entityName'
          : b.kind === 'edge'
            ? 'relationshipName'
            : b.kind === 'component'
              ? 'componentTypeId'
              : 'propertyName'
      }`,
    );
  }
  const name = String(ref.path[ref.path.length - 1]);
  const column = (sql: string, kind: ValueKind = 'text'): CompiledValue => ({
    sql,
    form: 'scalar',
    kind,
    text: sql,
    isNull: `${sql} IS NULL`,
    missing: `${sql} IS NULL`,
    name,
  });
  const noDeeper = (known: string[]) => {
    if (rest.length > 0) throw unknownField(ref, rest[0]!, known);
  };
  switch (b.kind) {
    case 'node': {
      const known = [...Object.keys(NODE_FIELDS), ...Object.keys(NODE_DATES)];
      noDeeper(known);
      if (typeof field === 'string' && NODE_FIELDS[field]) return column(`${b.alias}.${NODE_FIELDS[field]}`);
      if (typeof field === 'string' && NODE_DATES[field])
        return column(ctx.dialect.millis(`${b.alias}.${NODE_DATES[field]}`), 'number');
      throw unknownField(ref, field, known);
    }
    case 'component': {
      noDeeper(Object.keys(COMPONENT_FIELDS));
      if (typeof field === 'string' && COMPONENT_FIELDS[field]) return column(`${b.alias}.${COMPONENT_FIELDS[field]}`);
      throw unknownField(ref, field, Object.keys(COMPONENT_FIELDS));
    }
    case 'property': {
      if (field === 'propertyName') {
        noDeeper(['propertyName']);
        return column(`${b.alias}.property_name`);
      }
      if (field === 'propertyValue' || field === 'definition') {
        const columnName = field === 'propertyValue' ? 'plain_value_json' : 'definition_json';
        for (const part of rest) {
          if (typeof part === 'string' && /["\\]/.test(part)) {
            throw queryError(ref.pos, `the field name ${JSON.stringify(part)} may not contain quotes or backslashes`);
          }
        }
        return ctx.dialect.jsonField(ctx, `${b.alias}.${columnName}`, rest, name, ref.pos);
      }
      throw unknownField(ref, field, ['propertyName', 'propertyValue', 'definition']);
    }
    case 'edge': {
      const known = [
        'relationshipName',
        'sourceEntityId',
        'targetEntityId',
        'sourceComponentName',
        'sourceComponentTypeId',
      ];
      noDeeper(known);
      const g = b.alias;
      switch (field) {
        case 'relationshipName':
          return column(`${g}.name`);
        case 'sourceEntityId':
          return column(`(SELECT entity_id FROM entities WHERE entity_key = ${g}.source_key)`);
        case 'targetEntityId':
          return column(`(SELECT entity_id FROM entities WHERE entity_key = ${g}.target_key)`);
        case 'sourceComponentName':
        case 'sourceComponentTypeId':
          return column(
            `(SELECT c.${field === 'sourceComponentName' ? 'component_name' : 'component_type_id'} FROM relationships r ` +
              `JOIN properties p ON p.property_key = r.property_key JOIN components c ON c.component_key = p.component_key ` +
              `WHERE r.relationship_key = ${g}.relationship_key)`,
          );
      }
      throw unknownField(ref, field, known);
    }
    case 'path':
      throw queryError(ref.pos, `a path has no fields: project ${ref.variable} itself`);
  }
}

/** The SQL of a value expression (field, literal, lower/upper) as it compares. */
export function compileValue(ctx: SqlContext, e: Expr): CompiledValue {
  switch (e.kind) {
    case 'literal':
      return ctx.dialect.literal(ctx, e.value);
    case 'ref': {
      const v = compileRef(ctx, e);
      // compared as SQL values, the ->> form already yields text/number; keep it scalar
      return { ...v, form: 'scalar' };
    }
    case 'call': {
      if (e.name === 'count') throw queryError(e.pos, 'COUNT may only be projected, not used in a condition');
      const [arg] = e.args;
      return ctx.dialect.call(e.name, compileValue(ctx, arg!));
    }
    default:
      throw queryError(e.pos, 'expected a value (a field, a literal or lower(…)) here, not a condition');
  }
}

/** A WHERE condition as SQL. */
export function compileCondition(ctx: SqlContext, e: Expr): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return `(${compileCondition(ctx, e.left)} ${e.kind.toUpperCase()} ${compileCondition(ctx, e.right)})`;
    case 'not':
      return `(NOT ${compileCondition(ctx, e.expr)})`;
    case 'compare':
      return ctx.dialect.compare(e.op === '!=' ? '<>' : e.op, compileValue(ctx, e.left), compileValue(ctx, e.right));
    case 'inList': {
      const items = e.items.map((i) => compileValue(ctx, i));
      return ctx.dialect.inList(compileValue(ctx, e.expr), items, e.negated);
    }
    case 'inCollection': {
      const b = ctx.bindings.get(e.collection.variable);
      const list = compileRef(ctx, e.collection);
      if (b?.kind !== 'property' || !list.json) {
        throw queryError(
          e.collection.pos,
          'IN without a parenthesised list needs a list-valued field such as p.propertyValue',
        );
      }
      const test = ctx.dialect.inCollection(compileValue(ctx, e.expr), list);
      return e.negated ? `(NOT ${test})` : test;
    }
    case 'like': {
      const test = ctx.dialect.like(ctx, compileValue(ctx, e.expr), String(e.pattern.value), e.escape);
      return e.negated ? `(NOT ${test})` : test;
    }
    case 'is': {
      const v = compileValue(ctx, e.expr);
      const test = e.test === 'missing' ? v.missing : v.isNull;
      return e.negated ? `(NOT (${test}))` : `(${test})`;
    }
    case 'literal':
      if (typeof e.value === 'boolean') return e.value ? ctx.dialect.trueSql : ctx.dialect.falseSql;
      throw queryError(e.pos, 'expected a condition such as x = y here');
    default:
      throw queryError(e.pos, 'expected a condition such as x = y here, not a bare value');
  }
}

/** The variables a condition mentions (to find conditions that only constrain one node). */
export function variablesOf(e: Expr, into = new Set<string>()): Set<string> {
  switch (e.kind) {
    case 'ref':
      into.add(e.variable);
      break;
    case 'and':
    case 'or':
    case 'compare':
      variablesOf(e.left, into);
      variablesOf(e.right, into);
      break;
    case 'not':
      variablesOf(e.expr, into);
      break;
    case 'call':
      e.args.forEach((a) => variablesOf(a, into));
      break;
    case 'inList':
      variablesOf(e.expr, into);
      e.items.forEach((a) => variablesOf(a, into));
      break;
    case 'inCollection':
      variablesOf(e.expr, into);
      into.add(e.collection.variable);
      break;
    case 'like':
    case 'is':
      variablesOf(e.expr, into);
      break;
  }
  return into;
}

/** The top-level AND terms of a condition. */
export function conjuncts(e: Expr | undefined): Expr[] {
  if (!e) return [];
  if (e.kind === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}
