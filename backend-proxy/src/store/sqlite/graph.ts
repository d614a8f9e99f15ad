import type { QueryPlan } from '../../graph-query/planner';
import { StoreContext } from '../context';
import { GraphComponent, GraphEdge, GraphNode, GraphPage, GraphPageRequest, GraphProperty, GraphStore } from '../graph';
import type { Statement } from 'better-sqlite3';
import { Db } from './database';
import { GraphQueryRunner } from './graph-runner';

const KEYS = 'SELECT value FROM json_each(?)';
const parse = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));
const millis = (seconds: number) => Math.round(seconds * 1000);

/** Knowledge-graph queries over the SQLite tables (the planner's SQL runs in the runner). */
export class SqliteGraphStore implements GraphStore {
  readonly runner: GraphQueryRunner;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly ctx: StoreContext,
  ) {
    this.runner = new GraphQueryRunner(db);
  }

  /** Statements are prepared once per connection: hydration runs on every query. */
  private prepare(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  async execute(workspaceId: string, plan: QueryPlan, page: GraphPageRequest): Promise<GraphPage> {
    const position = this.ctx.tokens.decode<number>(page.scope, page.nextToken) ?? 0;
    const remaining = plan.limit === undefined ? Infinity : plan.limit - position;
    if (remaining <= 0) return { rows: [] };
    const count = Math.min(page.maxResults, remaining);
    // one row more than the page tells whether another page follows
    const params = { ...plan.params, page_limit: count + 1, page_offset: plan.offset + position };
    const rows = await this.runner.run(`${plan.sql}\nLIMIT @page_limit OFFSET @page_offset`, params, page.timeoutMs);
    const more = rows.length > count && remaining > count;
    return {
      rows: rows.slice(0, count),
      ...(more && { nextToken: this.ctx.tokens.encode(page.scope, position + count) }),
    };
  }

  async nodes(workspaceId: string, keys: number[]): Promise<Map<number, GraphNode>> {
    const out = new Map<number, GraphNode>();
    if (keys.length === 0) return out;
    const json = JSON.stringify(keys);
    const entities = this.prepare(
      `SELECT entity_key, arn, entity_id, entity_name, workspace_id, description, creation_time, update_time
         FROM entities WHERE entity_key IN (${KEYS}) AND +workspace_id = ?`,
    ).all(json, workspaceId) as {
      entity_key: number;
      arn: string;
      entity_id: string;
      entity_name: string;
      workspace_id: string;
      description: string | null;
      creation_time: number;
      update_time: number;
    }[];
    const components = new Map<number, GraphNode['components'][number]>();
    for (const e of entities) {
      out.set(e.entity_key, {
        arn: e.arn,
        creationDate: millis(e.creation_time),
        entityId: e.entity_id,
        entityName: e.entity_name,
        lastUpdateDate: millis(e.update_time),
        workspaceId: e.workspace_id,
        description: e.description ?? '',
        components: [],
      });
    }
    const componentRows = this.prepare(
      `SELECT entity_key, component_key, component_name, component_type_id FROM components
         WHERE entity_key IN (${KEYS}) ORDER BY entity_key, component_name`,
    ).all(json) as { entity_key: number; component_key: number; component_name: string; component_type_id: string }[];
    for (const c of componentRows) {
      const component = { componentName: c.component_name, componentTypeId: c.component_type_id, properties: [] };
      components.set(c.component_key, component);
      out.get(c.entity_key)?.components.push(component);
    }
    // only properties that hold a value: time-series and unset ones have nothing to show
    const propertyRows = this.prepare(
      `SELECT p.component_key, p.property_name, p.plain_value_json FROM properties p
         JOIN components c ON c.component_key = p.component_key
         WHERE c.entity_key IN (${KEYS}) AND p.plain_value_json IS NOT NULL ORDER BY p.component_key, p.property_name`,
    ).all(json) as { component_key: number; property_name: string; plain_value_json: string }[];
    for (const p of propertyRows) {
      components
        .get(p.component_key)
        ?.properties.push({ propertyName: p.property_name, propertyValue: parse(p.plain_value_json) });
    }
    return out;
  }

  async edges(workspaceId: string, keys: number[]): Promise<Map<number, GraphEdge>> {
    const rows = this.prepare(
      `SELECT g.edge_key, g.name, s.entity_id AS source, t.entity_id AS target, c.component_name, c.component_type_id
         FROM graph_edges g
         JOIN entities s ON s.entity_key = g.source_key
         JOIN entities t ON t.entity_key = g.target_key
         LEFT JOIN relationships r ON r.relationship_key = g.relationship_key
         LEFT JOIN properties p ON p.property_key = r.property_key
         LEFT JOIN components c ON c.component_key = p.component_key
         WHERE g.edge_key IN (${KEYS}) AND +s.workspace_id = ?`,
    ).all(JSON.stringify(keys), workspaceId) as {
      edge_key: number;
      name: string;
      source: string;
      target: string;
      component_name: string | null;
      component_type_id: string | null;
    }[];
    return new Map(
      rows.map((r) => [
        r.edge_key,
        {
          relationshipName: r.name,
          sourceEntityId: r.source,
          targetEntityId: r.target,
          ...(r.component_name !== null && { sourceComponentName: r.component_name }),
          ...(r.component_type_id !== null && { sourceComponentTypeId: r.component_type_id }),
        },
      ]),
    );
  }

  async components(workspaceId: string, keys: number[]): Promise<Map<number, GraphComponent>> {
    const rows = this.prepare(
      `SELECT c.component_key, c.component_name, c.component_type_id FROM components c
         JOIN entities e ON e.entity_key = c.entity_key WHERE c.component_key IN (${KEYS}) AND +e.workspace_id = ?`,
    ).all(JSON.stringify(keys), workspaceId) as {
      component_key: number;
      component_name: string;
      component_type_id: string;
    }[];
    return new Map(
      rows.map((r) => [r.component_key, { componentName: r.component_name, componentTypeId: r.component_type_id }]),
    );
  }

  async properties(workspaceId: string, keys: number[]): Promise<Map<number, GraphProperty>> {
    const rows = this.prepare(
      `SELECT p.property_key, p.property_name, p.plain_value_json FROM properties p
         JOIN components c ON c.component_key = p.component_key JOIN entities e ON e.entity_key = c.entity_key
         WHERE p.property_key IN (${KEYS}) AND +e.workspace_id = ?`,
    ).all(JSON.stringify(keys), workspaceId) as {
      property_key: number;
      property_name: string;
      plain_value_json: string | null;
    }[];
    return new Map(
      rows.map((r) => [
        r.property_key,
        {
          propertyName: r.property_name,
          ...(r.plain_value_json !== null && { propertyValue: parse(r.plain_value_json) }),
        },
      ]),
    );
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
