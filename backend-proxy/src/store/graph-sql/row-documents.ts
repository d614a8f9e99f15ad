import type { GraphSqlDialect } from './dialect';
import { ColumnPlan, QueryPlan } from './planner';

/**
 * SQL that renders a page of a plan's rows as TwinMaker's JSON documents, so the database hands
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

/**
 * A JSON object as SQL string concatenation: each value is SQL yielding JSON text (never
 * NULL). Building text this way, rather than with json_object, parses nothing: SQLite's JSON
 * functions would parse every nested document again.
 */
function object(fields: [name: string, json: string][]): string {
  const parts = fields.map(([name, json], i) => `'${i === 0 ? '{' : ','}"${name}":' || ${json}`);
  return `${parts.join(' || ')} || '}'`;
}

function nodeDocument(d: GraphSqlDialect, key: string, ws: string): string {
  const text = (sql: string) => d.jsonText(sql);
  // only properties that hold a value: time-series and unset ones have nothing to show; the
  // plain value is JSON text as JSON.stringify wrote it, so it goes in as it is
  const properties = d.jsonArray(
    object([
      ['propertyName', text('p.property_name')],
      ['propertyValue', 'p.plain_value_json'],
    ]),
    'p',
    'property_name, plain_value_json',
    'properties WHERE component_key = c.component_key AND plain_value_json IS NOT NULL',
    'property_name',
  );
  const components = d.jsonArray(
    object([
      ['componentName', text('c.component_name')],
      ['componentTypeId', text('c.component_type_id')],
      ['properties', properties],
    ]),
    'c',
    'component_key, component_name, component_type_id',
    'components WHERE entity_key = n.entity_key',
    'component_name',
  );
  const node = object([
    ['arn', text('n.arn')],
    ['creationDate', d.millis('n.creation_time')],
    ['entityId', text('n.entity_id')],
    ['entityName', text('n.entity_name')],
    ['lastUpdateDate', d.millis('n.update_time')],
    ['workspaceId', text('n.workspace_id')],
    ['description', text("coalesce(n.description, '')")],
    ['components', components],
  ]);
  return `(SELECT ${node} FROM entities n WHERE n.entity_key = ${key} AND n.workspace_id = ${ws})`;
}

function edgeDocument(d: GraphSqlDialect, key: string, ws: string): string {
  const text = (sql: string) => d.jsonText(sql);
  const ends: [string, string][] = [
    ['relationshipName', text('g.name')],
    ['sourceEntityId', text('s.entity_id')],
    ['targetEntityId', text('t.entity_id')],
  ];
  const withComponent = object([
    ...ends,
    ['sourceComponentName', text('c.component_name')],
    ['sourceComponentTypeId', text('c.component_type_id')],
  ]);
  return (
    `(SELECT CASE WHEN c.component_key IS NULL THEN ${object(ends)} ELSE ${withComponent} END` +
    ` FROM graph_edges g JOIN entities s ON s.entity_key = g.source_key JOIN entities t ON t.entity_key = g.target_key` +
    ` LEFT JOIN relationships r ON r.relationship_key = g.relationship_key` +
    ` LEFT JOIN properties rp ON rp.property_key = r.property_key` +
    ` LEFT JOIN components c ON c.component_key = rp.component_key` +
    ` WHERE g.edge_key = ${key} AND s.workspace_id = ${ws})`
  );
}

/** `n1,e7,n2,` (the planner's path encoding) → `{"path": [...]}` with each step's ids. */
function pathDocument(d: GraphSqlDialect, encoded: string, ws: string): string {
  const text = (sql: string) => d.jsonText(sql);
  const step = 'CAST(substr(step.value, 2) AS INTEGER)';
  const node = object([
    ['entityId', text('entity_id')],
    ['entityName', text('entity_name')],
  ]);
  const edge = object([
    ['relationshipName', text('g.name')],
    ['sourceEntityId', text('s.entity_id')],
    ['targetEntityId', text('t.entity_id')],
  ]);
  const nodeStep = `(SELECT ${node} FROM entities WHERE entity_key = ${step} AND workspace_id = ${ws})`;
  const edgeStep =
    `(SELECT ${edge} FROM graph_edges g JOIN entities s ON s.entity_key = g.source_key` +
    ` JOIN entities t ON t.entity_key = g.target_key WHERE g.edge_key = ${step} AND s.workspace_id = ${ws})`;
  const steps = d.pathSteps(encoded);
  const element = `coalesce(CASE WHEN substr(step.value, 1, 1) = 'n' THEN ${nodeStep} ELSE ${edgeStep} END, '{}')`;
  const path = d.jsonArray(element, 'step', 'key, value', steps, 'key');
  return `CASE WHEN ${encoded} IS NULL THEN 'null' ELSE ${object([['path', path]])} END`;
}

function componentDocument(d: GraphSqlDialect, key: string, ws: string): string {
  const text = (sql: string) => d.jsonText(sql);
  const component = object([
    ['componentName', text('c.component_name')],
    ['componentTypeId', text('c.component_type_id')],
  ]);
  return (
    `(SELECT ${component} FROM components c JOIN entities e ON e.entity_key = c.entity_key` +
    ` WHERE c.component_key = ${key} AND e.workspace_id = ${ws})`
  );
}

function propertyDocument(d: GraphSqlDialect, key: string, ws: string): string {
  const text = (sql: string) => d.jsonText(sql);
  const name = object([['propertyName', text('p.property_name')]]);
  const withValue = object([
    ['propertyName', text('p.property_name')],
    ['propertyValue', 'p.plain_value_json'],
  ]);
  return (
    `(SELECT CASE WHEN p.plain_value_json IS NULL THEN ${name} ELSE ${withValue} END` +
    ` FROM properties p JOIN components c ON c.component_key = p.component_key JOIN entities e ON e.entity_key = c.entity_key` +
    ` WHERE p.property_key = ${key} AND e.workspace_id = ${ws})`
  );
}

/** SQL for one result cell as JSON text (never NULL), given the SQL of the plan's raw column value. */
export function cellDocument(d: GraphSqlDialect, column: ColumnPlan, value: string, ws: string): string {
  switch (column.decode) {
    case 'node':
      return `coalesce(${nodeDocument(d, value, ws)}, 'null')`;
    case 'edge':
      return `coalesce(${edgeDocument(d, value, ws)}, 'null')`;
    case 'path':
      return pathDocument(d, value, ws);
    case 'component':
      return `coalesce(${componentDocument(d, value, ws)}, 'null')`;
    case 'property':
      return `coalesce(${propertyDocument(d, value, ws)}, 'null')`;
    case 'json':
      // JSON text as stored (minified): it goes in as it is
      return `coalesce(${value}, 'null')`;
    case 'boolean':
      return d.booleanJson(value);
    case 'count':
      return d.countJson(value);
    case 'scalar':
      return d.scalarJson(value);
  }
}

/** What each column of a page's rows holds (see rowsStatement). */
export enum PageCell {
  /** the cell's JSON, rendered */
  Document = 0,
  /** the key of an entity, whose document DOCUMENTS_STATEMENT renders (NULL: null) */
  NodeKey = 1,
  /** the key of an edge, whose document DOCUMENTS_STATEMENT renders (NULL: null) */
  EdgeKey = 2,
}

/** How the rows of rowsStatement(plan) fill in each column of the plan. */
export function pageCells(plan: QueryPlan): PageCell[] {
  return plan.columns.map((c) =>
    c.decode === 'node' ? PageCell.NodeKey : c.decode === 'edge' ? PageCell.EdgeKey : PageCell.Document,
  );
}

/**
 * A page is read with two statements: rowsStatement, then DOCUMENTS_STATEMENT for the
 * entities and edges the rows name. A 3-hop page of 50 rows names about 50 entities in 200
 * cells, so each document is rendered once; joining them back per cell costs more in SQL
 * (a CTE and an automatic index per column) than putting the rows together in JS does.
 *
 * rowsStatement(plan): the page's result rows, in match order. Bind the plan's params plus
 * `page_limit` and `page_offset`. Each cell is its JSON as a UTF-8 BLOB (so it reaches the
 * socket without becoming a JS string), except NODE and EDGE cells: the key of their document.
 */
export function rowsStatement(plan: QueryPlan, d: GraphSqlDialect): string {
  const cells = pageCells(plan);
  const select = plan.columns.map((c, i) =>
    cells[i] === PageCell.Document
      ? d.documentCell(cellDocument(d, c, `page.col${i}`, plan.workspaceParam))
      : `page.col${i}`,
  );
  return `SELECT ${select.join(', ')}\nFROM (${plan.sql}\nLIMIT @page_limit OFFSET @page_offset) page`;
}

/**
 * Rows of `(kind, key, document)`: kind 1 for each entity key in the JSON array `@nodes`,
 * kind 2 for each edge key in `@edges`, the document a UTF-8 BLOB; only within `@workspace`.
 */
export function documentsStatement(d: GraphSqlDialect): string {
  return (
    `SELECT 1, keys.value, ${d.documentCell(nodeDocument(d, 'keys.value', '@workspace'))} FROM ${d.keyList('@nodes')}\n` +
    `UNION ALL\n` +
    `SELECT 2, keys.value, ${d.documentCell(edgeDocument(d, 'keys.value', '@workspace'))} FROM ${d.keyList('@edges')}`
  );
}
