import type { PackedRows } from '../store/graph';
import { ColumnPlan, QueryPlan } from './planner';

/**
 * SQL that renders a page of a plan's rows as TwinMaker's JSON documents, so SQLite hands
 * back each row as ready JSON and the response is a concatenation of bytes:
 * - NODE: the entity with arn, ids, name, workspace, description ('' when unset), dates in
 *   epoch milliseconds, and its components (by name) with the properties that hold a value
 *   (by name); time-series and unset properties have nothing to show;
 * - EDGE: relationshipName, source and target entity ids, and the source component for
 *   relationship values (isChildOf edges have none);
 * - PATH: `{path: [node, edge, node, …]}` with entity ids and names;
 * - components and properties projected whole: their names (and the property's value);
 * - VALUE columns: JSON-held fields as JSON, booleans as true/false, counts 0 when empty.
 * Documents are built only for the page's rows: the match runs with its LIMIT/OFFSET inside.
 * Every lookup also checks the workspace, as a second guard besides the match itself.
 */

/** epoch seconds (REAL) → epoch milliseconds, rounded as the creationDate field compares */
const millis = (seconds: string) => `CAST(round(${seconds} * 1000) AS INTEGER)`;

function nodeDocument(key: string, ws: string): string {
  const properties =
    `SELECT json_group_array(json_object('propertyName', p.property_name, 'propertyValue', json(p.plain_value_json))` +
    ` ORDER BY p.property_name) FROM properties p WHERE p.component_key = c.component_key AND p.plain_value_json IS NOT NULL`;
  const components =
    `SELECT json_group_array(json_object('componentName', c.component_name, 'componentTypeId', c.component_type_id,` +
    ` 'properties', (${properties})) ORDER BY c.component_name) FROM components c WHERE c.entity_key = n.entity_key`;
  return (
    `(SELECT json_object('arn', n.arn, 'creationDate', ${millis('n.creation_time')}, 'entityId', n.entity_id,` +
    ` 'entityName', n.entity_name, 'lastUpdateDate', ${millis('n.update_time')}, 'workspaceId', n.workspace_id,` +
    ` 'description', coalesce(n.description, ''), 'components', (${components}))` +
    ` FROM entities n WHERE n.entity_key = ${key} AND n.workspace_id = ${ws})`
  );
}

function edgeDocument(key: string, ws: string): string {
  const ends = `'relationshipName', g.name, 'sourceEntityId', s.entity_id, 'targetEntityId', t.entity_id`;
  return (
    `(SELECT CASE WHEN c.component_key IS NULL THEN json_object(${ends})` +
    ` ELSE json_object(${ends}, 'sourceComponentName', c.component_name, 'sourceComponentTypeId', c.component_type_id) END` +
    ` FROM graph_edges g JOIN entities s ON s.entity_key = g.source_key JOIN entities t ON t.entity_key = g.target_key` +
    ` LEFT JOIN relationships r ON r.relationship_key = g.relationship_key` +
    ` LEFT JOIN properties rp ON rp.property_key = r.property_key` +
    ` LEFT JOIN components c ON c.component_key = rp.component_key` +
    ` WHERE g.edge_key = ${key} AND s.workspace_id = ${ws})`
  );
}

/** `n1,e7,n2,` (the planner's path encoding) → `{"path": [...]}` with each step's ids. */
function pathDocument(encoded: string, ws: string): string {
  const step = 'CAST(substr(step.value, 2) AS INTEGER)';
  const node =
    `(SELECT json_object('entityId', entity_id, 'entityName', entity_name) FROM entities` +
    ` WHERE entity_key = ${step} AND workspace_id = ${ws})`;
  const edge =
    `(SELECT json_object('relationshipName', g.name, 'sourceEntityId', s.entity_id, 'targetEntityId', t.entity_id)` +
    ` FROM graph_edges g JOIN entities s ON s.entity_key = g.source_key JOIN entities t ON t.entity_key = g.target_key` +
    ` WHERE g.edge_key = ${step} AND s.workspace_id = ${ws})`;
  // the steps as a JSON array of strings, so json_each walks them in order
  const steps = `'["' || replace(rtrim(${encoded}, ','), ',', '","') || '"]'`;
  return (
    `CASE WHEN ${encoded} IS NOT NULL THEN (SELECT json_object('path', json_group_array(` +
    `coalesce(CASE WHEN substr(step.value, 1, 1) = 'n' THEN ${node} ELSE ${edge} END, json_object()) ORDER BY step.key))` +
    ` FROM json_each(${steps}) step) END`
  );
}

function componentDocument(key: string, ws: string): string {
  return (
    `(SELECT json_object('componentName', c.component_name, 'componentTypeId', c.component_type_id)` +
    ` FROM components c JOIN entities e ON e.entity_key = c.entity_key WHERE c.component_key = ${key} AND e.workspace_id = ${ws})`
  );
}

function propertyDocument(key: string, ws: string): string {
  return (
    `(SELECT CASE WHEN p.plain_value_json IS NULL THEN json_object('propertyName', p.property_name)` +
    ` ELSE json_object('propertyName', p.property_name, 'propertyValue', json(p.plain_value_json)) END` +
    ` FROM properties p JOIN components c ON c.component_key = p.component_key JOIN entities e ON e.entity_key = c.entity_key` +
    ` WHERE p.property_key = ${key} AND e.workspace_id = ${ws})`
  );
}

/** SQL for one result cell as JSON, given the SQL of the plan's raw column value. */
export function cellDocument(column: ColumnPlan, value: string, ws: string): string {
  switch (column.decode) {
    case 'node':
      return nodeDocument(value, ws);
    case 'edge':
      return edgeDocument(value, ws);
    case 'path':
      return pathDocument(value, ws);
    case 'component':
      return componentDocument(value, ws);
    case 'property':
      return propertyDocument(value, ws);
    case 'json':
      return `json(${value})`;
    case 'boolean':
      return `CASE WHEN ${value} IS NULL THEN NULL WHEN ${value} = 1 THEN json('true') ELSE json('false') END`;
    case 'count':
      return `coalesce(${value}, 0)`;
    case 'scalar':
      return value;
  }
}

/** Columns whose documents are built once per distinct key, however many rows repeat it. */
const SHARED_DOCUMENTS = { node: nodeDocument, edge: edgeDocument } as const;

/**
 * The statement for one page of a plan: each row is one column, `{"rowData": [...]}` as
 * UTF-8 bytes (a BLOB, so it reaches the socket without becoming a JS string on the way).
 * Bind the plan's params plus `page_limit` and `page_offset`. The page is materialized first;
 * entities and edges are rendered once per distinct key (a 3-hop page of 50 rows names about
 * 50 entities in 200 cells), then looked up per cell. A document read back from a
 * materialized table is plain text again, so json() marks it as JSON for json_array.
 */
export function pageStatement(plan: QueryPlan): string {
  const ws = plan.workspaceParam;
  const ctes = [`page AS MATERIALIZED (${plan.sql}\nLIMIT @page_limit OFFSET @page_offset)`];
  for (const [decode, document] of Object.entries(SHARED_DOCUMENTS)) {
    const keys = plan.columns.flatMap((c, i) => (c.decode === decode ? [`SELECT col${i} AS key FROM page`] : []));
    if (keys.length === 0) continue;
    ctes.push(
      `${decode}_documents(key, document) AS MATERIALIZED (SELECT key, ${document('key', ws)}` +
        ` FROM (SELECT DISTINCT key FROM (${keys.join(' UNION ALL ')}) WHERE key IS NOT NULL))`,
    );
  }
  const joins: string[] = [];
  const cells = plan.columns.map((c, i) => {
    if (!(c.decode in SHARED_DOCUMENTS)) return cellDocument(c, `page.col${i}`, ws);
    joins.push(`LEFT JOIN ${c.decode}_documents d${i} ON d${i}.key = page.col${i}`);
    return `json(d${i}.document)`;
  });
  const row = `CAST('{"rowData":' || json_array(${cells.join(',\n  ')}) || '}' AS BLOB)`;
  return `WITH ${ctes.join(',\n')}\nSELECT ${row}\nFROM page ${joins.join(' ')}`;
}

/** The ExecuteQuery response body as UTF-8 JSON, around the rows pageStatement rendered. */
export function responseBody(plan: QueryPlan, rows: PackedRows, nextToken?: string): Buffer {
  const columns = JSON.stringify(plan.columns.map((c) => ({ name: c.name, type: c.type })));
  const head = Buffer.from(`{"columnDescriptions":${columns},"rows":[`);
  const tail = Buffer.from(nextToken === undefined ? ']}' : `],"nextToken":${JSON.stringify(nextToken)}}`);
  return Buffer.concat([head, rows.bytes, tail]);
}
