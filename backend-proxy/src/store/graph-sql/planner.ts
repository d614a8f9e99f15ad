import { EdgePattern, Expr, PathPattern, Query, Ref } from '../../graph-query/ast';
import { queryError } from '../../graph-query/errors';
import { QueryLimits } from '../../graph-query/limits';
import type { GraphSqlDialect } from './dialect';
import {
  Binding,
  compileCondition,
  compileRef,
  compileValue,
  conjuncts,
  SqlContext,
  SqlValue,
  variablesOf,
} from './sql-expressions';

/**
 * Turns a parsed query into one SQL statement over the knowledge-graph tables:
 * - a node is a row of `entities`; an edge a row of `graph_edges` (relationship values and
 *   `isChildOf` parent links, kept in step with the entity tables by triggers);
 * - a fixed hop is a join; within one match an edge is used at most once, so an undirected
 *   pattern does not walk back over the edge it came by;
 * - a variable-length edge `{m,n}` is a recursive CTE. Without a path variable it answers
 *   reachability: each (start, end) pair once, when the shortest distance between them is
 *   within m..n (cycles cannot loop: a walk only counts the first time it reaches an entity).
 *   With `p = …` it enumerates acyclic paths (no entity twice), since each is a result row.
 * - conditions that constrain only an endpoint of a variable-length edge also seed its CTE,
 *   so a search starts from the few entities that can match instead of the whole graph.
 * Result columns are keys (entity, edge, component, property) or values; row-documents.ts
 * wraps the statement so SQLite turns a page of them into TwinMaker's JSON.
 */

export type ColumnDecode =
  'node' | 'edge' | 'path' | 'component' | 'property' | 'json' | 'scalar' | 'boolean' | 'count';

export interface ColumnPlan {
  name: string;
  type: 'NODE' | 'EDGE' | 'VALUE' | 'PATH';
  decode: ColumnDecode;
}

export interface QueryPlan {
  /** the statement (ordered where the dialect orders rows) without paging; the executor appends `LIMIT @page_limit OFFSET @page_offset` */
  sql: string;
  params: Record<string, SqlValue>;
  /** the placeholder bound to the workspace id */
  workspaceParam: string;
  columns: ColumnPlan[];
  /** COUNT queries answer one row */
  aggregate: boolean;
  limit?: number;
  offset: number;
}

const KEY_COLUMN: Record<string, string> = {
  entities: 'entity_key',
  graph_edges: 'edge_key',
  components: 'component_key',
  properties: 'property_key',
};

class Planner implements SqlContext {
  readonly bindings = new Map<string, Binding>();
  readonly params: Record<string, SqlValue> = {};
  private paramCount = 0;
  private aliasCount = 0;
  private readonly tables: string[] = [];
  private readonly joins: string[] = [];
  private readonly ctes: string[] = [];
  private readonly fixedEdges: string[] = [];
  /** node alias → its variable; nodes reached through an edge or a variable-length search */
  private readonly nodeVariables = new Map<string, string | undefined>();
  private readonly connected = new Set<string>();
  /**
   * The order SQLite's nested loops give the rows (ORDER BY where the dialect orders rows):
   * each pattern from its first node, an edge by its index (label, then far end), components
   * and properties by name, a search's ends by key and its paths shortest first.
   */
  private readonly rowOrder: string[] = [];
  private readonly ws: string;

  constructor(
    private readonly query: Query,
    workspaceId: string,
    private readonly limits: QueryLimits,
    readonly dialect: GraphSqlDialect,
  ) {
    this.ws = this.param(workspaceId);
  }

  param(value: SqlValue): string {
    const name = `p${this.paramCount++}`;
    this.params[name] = value;
    return `@${name}`;
  }

  private alias(prefix: string) {
    return `${prefix}${this.aliasCount++}`;
  }

  private bind(name: string, binding: Binding, pos: number) {
    const existing = this.bindings.get(name);
    if (existing) {
      if (existing.kind === 'node' && binding.kind === 'node') return;
      throw queryError(
        pos,
        `${name} is bound twice${existing.kind !== binding.kind ? ` (as a ${existing.kind} and as a ${binding.kind})` : ''}: use another name`,
      );
    }
    this.bindings.set(name, binding);
  }

  /** The alias of a node pattern's entity row, shared by every pattern naming the same variable. */
  private nodeAlias(variable: string | undefined, pos: number): string {
    if (variable !== undefined) {
      const b = this.bindings.get(variable);
      if (b?.kind === 'node') return b.alias;
      if (b) throw queryError(pos, `${variable} is already bound as a ${b.kind}; a node needs its own name`);
    }
    const alias = this.alias('n');
    this.tables.push(`entities ${alias}`);
    this.nodeVariables.set(alias, variable);
    if (variable !== undefined) this.bind(variable, { kind: 'node', alias }, pos);
    return alias;
  }

  plan(): QueryPlan {
    const q = this.query;
    for (const pattern of q.patterns) this.pattern(pattern);
    for (const u of q.unnests) {
      const source = this.bindings.get(u.source);
      const expected = u.collection === 'components' ? 'node' : 'component';
      if (!source)
        throw queryError(u.pos, `unknown variable ${u.source}: bind it in MATCH before ${u.source}.${u.collection}`);
      if (source.kind !== expected) {
        throw queryError(
          u.pos,
          `${u.source}.${u.collection} needs ${u.source} to be ${expected === 'node' ? 'an entity' : 'a component (from e.components AS c)'}`,
        );
      }
      const alias = this.alias(u.collection === 'components' ? 'c' : 'p');
      if (u.collection === 'components') {
        this.tables.push(`components ${alias}`);
        this.rowOrder.push(`${alias}.component_name`);
        this.joins.push(`${alias}.entity_key = ${(source as { alias: string }).alias}.entity_key`);
        this.bind(u.alias, { kind: 'component', alias }, u.pos);
      } else {
        this.tables.push(`properties ${alias}`);
        this.rowOrder.push(`${alias}.property_name`);
        this.joins.push(`${alias}.component_key = ${(source as { alias: string }).alias}.component_key`);
        this.bind(u.alias, { kind: 'property', alias }, u.pos);
      }
    }
    // Every entity must be in the workspace. A node that WHERE does not pin down but an edge
    // reaches is looked up by key from that edge: the `+` keeps SQLite (which has no table
    // statistics) from scanning the workspace index for it instead.
    const pinned = new Set(
      conjuncts(q.where).flatMap((c) => {
        const vars = variablesOf(c);
        return vars.size === 1 ? [...vars] : [];
      }),
    );
    for (const [alias, variable] of this.nodeVariables) {
      const viaEdge = this.connected.has(alias) && !(variable !== undefined && pinned.has(variable));
      this.joins.push(`${viaEdge ? this.dialect.noIndexPrefix : ''}${alias}.workspace_id = ${this.ws}`);
    }
    for (let i = 0; i < this.fixedEdges.length; i++) {
      for (let j = i + 1; j < this.fixedEdges.length; j++) {
        this.joins.push(`${this.fixedEdges[i]}.edge_key <> ${this.fixedEdges[j]}.edge_key`);
      }
    }
    const where = q.where ? compileCondition(this, q.where) : undefined;
    const { columns, select, aggregate } = this.projections();
    if (aggregate && q.distinct) throw queryError(0, 'COUNT is not supported with DISTINCT');
    const conditions = [...this.joins, ...(where ? [where] : [])];
    const keys = this.tables.map((t) => {
      const [table, alias] = t.split(' ');
      return alias === undefined ? `${table}.node` : `${alias}.${KEY_COLUMN[table!]}`;
    });
    // evaluated once per candidate row: lets the executor stop a query that runs past its deadline
    if (this.dialect.tick) conditions.push(this.dialect.tick(keys));
    let order = '';
    if (this.dialect.ordersRows && !aggregate) {
      order = q.distinct
        ? `\nORDER BY ${select.map((_, i) => i + 1).join(', ')}`
        : `\nORDER BY ${[...new Set(this.rowOrder)].join(', ')}`;
    }
    const sql =
      (this.ctes.length ? `WITH RECURSIVE ${this.ctes.join(',\n')}\n` : '') +
      `SELECT ${q.distinct ? 'DISTINCT ' : ''}${select.join(', ')}\nFROM ${this.tables.join(', ')}\nWHERE ${conditions.join('\n  AND ')}${order}`;
    return {
      sql,
      params: this.params,
      workspaceParam: this.ws,
      columns,
      aggregate,
      limit: q.limit?.value,
      offset: q.offset?.value ?? 0,
    };
  }

  private pattern(p: PathPattern) {
    const path: string[] = [];
    const nodeAliases = p.nodes.map((n) => this.nodeAlias(n.variable, n.pos));
    path.push(`'n' || ${nodeAliases[0]}.entity_key || ','`);
    this.rowOrder.push(`${nodeAliases[0]}.entity_key`);
    p.edges.forEach((edge, i) => {
      const from = nodeAliases[i]!;
      const to = nodeAliases[i + 1]!;
      this.connected.add(from).add(to);
      if (edge.quantifier && !(edge.quantifier.min === 1 && edge.quantifier.max === 1)) {
        if (edge.variable) {
          throw queryError(
            edge.pos,
            `a variable-length edge cannot be bound to ${edge.variable}: bind the whole path instead, as in p = (a)-[]->{1,3}(b)`,
          );
        }
        path.push(
          this.variableLength(edge, from, to, p.nodes[i]!.variable, p.nodes[i + 1]!.variable, p.pathVar !== undefined),
        );
        this.rowOrder.push(`${to}.entity_key`);
      } else {
        const g = this.alias('g');
        this.tables.push(`graph_edges ${g}`);
        // as SQLite walks an edge index: label, far end
        this.rowOrder.push(`${g}.name`, `${to}.entity_key`, `${g}.edge_key`);
        this.fixedEdges.push(g);
        const out = `${g}.source_key = ${from}.entity_key AND ${g}.target_key = ${to}.entity_key`;
        const back = `${g}.source_key = ${to}.entity_key AND ${g}.target_key = ${from}.entity_key`;
        this.joins.push(edge.direction === 'out' ? out : edge.direction === 'in' ? back : `((${out}) OR (${back}))`);
        if (edge.direction === 'any') {
          // implied by the OR above, but an equality SQLite can use to look the far node up by key
          this.joins.push(
            `${to}.entity_key = (CASE WHEN ${g}.source_key = ${from}.entity_key THEN ${g}.target_key ELSE ${g}.source_key END)`,
          );
          if (this.dialect.undirectedEndConditions) {
            for (const end of [from, to])
              this.joins.push(`(${g}.source_key = ${end}.entity_key OR ${g}.target_key = ${end}.entity_key)`);
          }
        }
        if (edge.labels.length) this.joins.push(`${g}.name IN (${edge.labels.map((l) => this.param(l)).join(', ')})`);
        if (edge.variable) this.bind(edge.variable, { kind: 'edge', alias: g }, edge.pos);
        path.push(`'e' || ${g}.edge_key || ',n' || ${to}.entity_key || ','`);
      }
    });
    if (p.pathVar) this.bind(p.pathVar, { kind: 'path', sql: path.join(' || ') }, p.pos);
  }

  /** Conditions of WHERE that constrain only `variable` (an entity), compiled against `alias`. */
  private seedConditions(variable: string | undefined, alias: string): string[] {
    if (variable === undefined) return [];
    const own = conjuncts(this.query.where).filter((c) => {
      const vars = variablesOf(c);
      return vars.size === 1 && vars.has(variable);
    });
    const scoped: SqlContext = {
      dialect: this.dialect,
      bindings: new Map([[variable, { kind: 'node', alias }]]),
      param: (v) => this.param(v),
    };
    return own.map((c) => compileCondition(scoped, c));
  }

  /** A recursive CTE for `(from)-[…]->{m,n}(to)`; returns its contribution to a bound path. */
  private variableLength(
    edge: EdgePattern,
    from: string,
    to: string,
    fromVar: string | undefined,
    toVar: string | undefined,
    enumeratePaths: boolean,
  ): string {
    const q = edge.quantifier!;
    const max = Math.min(q.max ?? this.limits.maxHops, this.limits.maxHops);
    const s = this.alias('s');
    const fromSeeds = this.seedConditions(fromVar, 'a');
    const toSeeds = this.seedConditions(toVar, 'a');
    // search from the end that WHERE pins down; walking backwards flips the direction
    const reverse = toSeeds.length > 0 && fromSeeds.length === 0;
    const seeds = reverse ? toSeeds : fromSeeds;
    const direction = reverse
      ? edge.direction === 'out'
        ? 'in'
        : edge.direction === 'in'
          ? 'out'
          : 'any'
      : edge.direction;
    const step =
      direction === 'out'
        ? 'g.source_key = w.node'
        : direction === 'in'
          ? 'g.target_key = w.node'
          : '(g.source_key = w.node OR g.target_key = w.node)';
    const next =
      direction === 'out'
        ? 'g.target_key'
        : direction === 'in'
          ? 'g.source_key'
          : 'CASE WHEN g.source_key = w.node THEN g.target_key ELSE g.source_key END';
    const labels = edge.labels.length ? ` AND g.name IN (${edge.labels.map((l) => this.param(l)).join(', ')})` : '';
    const anchor = `SELECT a.entity_key, a.entity_key, 0${enumeratePaths ? ", ',' || a.entity_key || ',', ''" : ''} FROM entities a WHERE ${[`a.workspace_id = ${this.ws}`, ...seeds].join(' AND ')}`;
    if (enumeratePaths) {
      // `steps` is the path after its first entity, in pattern order: appended when walking
      // forwards, prepended when walking back from the pinned end
      const steps = reverse
        ? `'e' || g.edge_key || ',n' || w.node || ',' || w.steps`
        : `w.steps || 'e' || g.edge_key || ',n' || ${next} || ','`;
      this.ctes.push(
        `${s}(start, node, depth, visited, steps) AS (${anchor}\n  UNION ALL\n  SELECT w.start, ${next}, w.depth + 1, w.visited || ${next} || ',', ${steps}` +
          ` FROM ${s} w JOIN graph_edges g ON ${step}${labels}` +
          ` WHERE w.depth < ${max} AND ${this.dialect.notContains('w.visited', `',' || ${next} || ','`)}${this.stepTick()})`,
      );
      this.tables.push(s);
      this.joins.push(
        `${s}.start = ${reverse ? to : from}.entity_key`,
        `${s}.node = ${reverse ? from : to}.entity_key`,
        `${s}.depth >= ${q.min}`,
      );
      this.rowOrder.push(`${s}.depth`, `${s}.steps`);
      return `${s}.steps`;
    }
    this.ctes.push(
      `${s}_walk(start, node, depth) AS (${anchor}\n  UNION\n  SELECT w.start, ${next}, w.depth + 1 FROM ${s}_walk w JOIN graph_edges g ON ${step}${labels}` +
        ` WHERE w.depth < ${max}${this.stepTick()})`,
      `${s}(start, node) AS (SELECT start, node FROM ${s}_walk GROUP BY start, node HAVING min(depth) >= ${q.min})`,
    );
    this.tables.push(s);
    this.joins.push(`${s}.start = ${reverse ? to : from}.entity_key`, `${s}.node = ${reverse ? from : to}.entity_key`);
    return `''`; // no path variable here, nothing to contribute
  }

  /** the deadline check of a recursive step, where the dialect needs one */
  private stepTick(): string {
    return this.dialect.tick ? ` AND ${this.dialect.tick(['w.depth'])}` : '';
  }

  private projections(): { columns: ColumnPlan[]; select: string[]; aggregate: boolean } {
    const columns: ColumnPlan[] = [];
    const select: string[] = [];
    let projections = this.query.projections;
    if (projections.length === 0) {
      // `FROM EntityGraph MATCH …` without SELECT list: every named node, edge and path
      const names = new Set<string>();
      for (const p of this.query.patterns) {
        if (p.pathVar) names.add(p.pathVar);
        p.nodes.forEach((n, i) => {
          if (n.variable) names.add(n.variable);
          const e = p.edges[i];
          if (e?.variable) names.add(e.variable);
        });
      }
      projections = [...names].map((name) => ({
        expr: { kind: 'ref', variable: name, path: [], pos: 0 } as Ref,
        pos: 0,
      }));
    }
    const counts = projections.filter((p) => p.expr.kind === 'call' && p.expr.name === 'count').length;
    if (counts > 0 && counts < projections.length) {
      const other = projections.find((p) => !(p.expr.kind === 'call' && p.expr.name === 'count'))!;
      throw queryError(
        other.pos,
        'COUNT cannot be mixed with other projections (there is no GROUP BY): project only COUNTs',
      );
    }
    projections.forEach((p, i) => {
      const column = this.projection(p.expr, p.alias);
      columns.push(column.plan);
      select.push(`${column.sql} AS col${i}`);
    });
    return { columns, select, aggregate: counts > 0 };
  }

  private projection(e: Expr, alias: string | undefined): { plan: ColumnPlan; sql: string } {
    if (e.kind === 'ref' && e.path.length === 0) {
      const b = this.bindings.get(e.variable);
      const name = alias ?? e.variable;
      switch (b?.kind) {
        case 'node':
          return { plan: { name, type: 'NODE', decode: 'node' }, sql: `${b.alias}.entity_key` };
        case 'edge':
          return { plan: { name, type: 'EDGE', decode: 'edge' }, sql: `${b.alias}.edge_key` };
        case 'path':
          return { plan: { name: alias ?? 'path', type: 'PATH', decode: 'path' }, sql: b.sql };
        case 'component':
          return { plan: { name, type: 'VALUE', decode: 'component' }, sql: `${b.alias}.component_key` };
        case 'property':
          return { plan: { name, type: 'VALUE', decode: 'property' }, sql: `${b.alias}.property_key` };
        default:
          compileRef(this, e); // throws the unknown-variable error
      }
    }
    if (e.kind === 'ref') {
      const v = compileRef(this, e);
      return {
        plan: { name: alias ?? v.name, type: 'VALUE', decode: v.json ? 'json' : 'scalar' },
        sql: v.json ?? v.sql,
      };
    }
    if (e.kind === 'call' && e.name === 'count') {
      const [arg] = e.args;
      let sql = '*';
      if (arg) {
        if (arg.kind !== 'ref') throw queryError(arg.pos, 'COUNT takes a variable or a field');
        sql = arg.path.length === 0 ? this.projection(arg, undefined).sql : compileRef(this, arg).sql;
        if (arg.path.length === 0 && this.bindings.get(arg.variable)?.kind === 'path') {
          throw queryError(arg.pos, 'COUNT is not supported on a path');
        }
      }
      return { plan: { name: alias ?? 'count', type: 'VALUE', decode: 'count' }, sql: `count(${sql})` };
    }
    if (e.kind === 'literal' || e.kind === 'call') {
      const v = compileValue(this, e);
      return {
        plan: { name: alias ?? (e.kind === 'call' ? e.name : '_literal'), type: 'VALUE', decode: 'scalar' },
        sql: v.sql,
      };
    }
    return { plan: { name: alias ?? '_condition', type: 'VALUE', decode: 'boolean' }, sql: compileCondition(this, e) };
  }
}

/** The SQL plan of a parsed query over one workspace's graph. */
export function planQuery(query: Query, workspaceId: string, limits: QueryLimits, dialect: GraphSqlDialect): QueryPlan {
  return new Planner(query, workspaceId, limits, dialect).plan();
}
