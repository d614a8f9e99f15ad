import Database from '../store/sqlite/driver';
import { Queryable } from '../store/postgres/database';
import { Column, insertRows } from './pg-rows';

/** Rows a bulk insert sends at once (PostgreSQL's parameter arrays have no practical limit; this bounds memory). */
const BATCH = 2000;

/** Told after each batch: which kind of row and how many were copied. */
export type CopyProgress = (kind: string, rows: number) => void;

/** The new keys of what was copied, by the source's keys: the values' copy needs the series, the alarms' the components. */
export interface CopiedGraph {
  seriesIds: Map<number, number>;
  componentKeys: Map<number, number>;
}

type Row = Record<string, unknown>;
const bool = (v: unknown) => v === 1 || v === 1n || v === true;

/**
 * Copies one workspace's graph from a SQLite store into a PostgreSQL transaction: the
 * workspace, its tags, component types (each after the types it extends), their parent
 * links, entities (parents first), components, properties, relationships, scenes and value
 * series. Rows keep their ids, names, ARNs and times; the integer keys are drawn anew by the
 * target and every reference is rewritten through the old-to-new key maps.
 */
export async function copyWorkspaceGraph(
  source: Database.Database,
  q: Queryable,
  workspaceId: string,
  progress: CopyProgress,
): Promise<CopiedGraph> {
  const all = (sql: string) => source.prepare(sql).all(workspaceId) as Row[];
  const copy = async (kind: string, table: string, columns: Column[], rows: unknown[][], returning?: string) => {
    const returned: Row[] = [];
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      returned.push(...(await insertRows<Row>(q, table, columns, batch, returning)));
      progress(kind, batch.length);
    }
    return returned;
  };

  const text = (name: string): Column => ({ name, type: 'text' });
  const time = (name: string): Column => ({ name, type: 'float8' });

  const workspace = all('SELECT * FROM workspaces WHERE workspace_id = ?');
  await copy(
    'workspaces',
    'workspaces',
    [
      text('workspace_id'),
      text('arn'),
      text('description'),
      text('s3_location'),
      text('role'),
      time('creation_time'),
      time('update_time'),
    ],
    workspace.map((r) => [r.workspace_id, r.arn, r.description, r.s3_location, r.role, r.creation_time, r.update_time]),
  );

  const tags = all('SELECT * FROM tags WHERE workspace_id = ? ORDER BY resource_arn, tag_key');
  await copy(
    'tags',
    'tags',
    [text('resource_arn'), text('workspace_id'), text('tag_key'), text('tag_value')],
    tags.map((r) => [r.resource_arn, r.workspace_id, r.tag_key, r.tag_value]),
  );

  const parents = all(
    'SELECT * FROM component_type_parents WHERE workspace_id = ? ORDER BY component_type_id, position',
  );
  const types = inExtendsFromOrder(
    all('SELECT * FROM component_types WHERE workspace_id = ? ORDER BY component_type_id'),
    parents,
  );
  await copy(
    'component types',
    'component_types',
    [
      text('workspace_id'),
      text('component_type_id'),
      text('arn'),
      text('description'),
      text('component_type_name'),
      { name: 'is_singleton', type: 'bool' },
      { name: 'is_abstract', type: 'bool' },
      text('request_json'),
      text('resolved_json'),
      time('creation_time'),
      time('update_time'),
    ],
    types.map((r) => [
      r.workspace_id,
      r.component_type_id,
      r.arn,
      r.description,
      r.component_type_name,
      bool(r.is_singleton),
      bool(r.is_abstract),
      r.request_json,
      r.resolved_json,
      r.creation_time,
      r.update_time,
    ]),
  );
  await copy(
    'component types',
    'component_type_parents',
    [text('workspace_id'), text('component_type_id'), text('parent_id'), { name: 'position', type: 'int4' }],
    parents.map((r) => [r.workspace_id, r.component_type_id, r.parent_id, r.position]),
  );

  const entityKeys = await copyEntities(all, (rows) =>
    copy(
      'entities',
      'entities',
      [
        text('workspace_id'),
        text('entity_id'),
        text('entity_name'),
        text('description'),
        { name: 'parent_key', type: 'int4' },
        text('arn'),
        time('creation_time'),
        time('update_time'),
      ],
      rows,
      'entity_key, entity_id',
    ),
  );
  const entityKey = (old: unknown) =>
    old === null || old === undefined ? null : (entityKeys.get(Number(old)) ?? null);

  const components = all(
    `SELECT c.* FROM components c JOIN entities e ON e.entity_key = c.entity_key
     WHERE e.workspace_id = ? ORDER BY c.component_key`,
  );
  const newComponents = await copy(
    'components',
    'components',
    [
      { name: 'entity_key', type: 'int4' },
      text('component_name'),
      text('component_type_id'),
      text('description'),
      text('property_groups_json'),
    ],
    components.map((r) => [
      entityKey(r.entity_key),
      r.component_name,
      r.component_type_id,
      r.description,
      r.property_groups_json,
    ]),
    'component_key, entity_key, component_name',
  );
  const componentKeys = keyMap(
    components,
    newComponents,
    (r) => `${entityKey(r.entity_key)}\0${r.component_name}`,
    (r) => `${r.entity_key}\0${r.component_name}`,
    'component_key',
  );

  const properties = all(
    `SELECT p.* FROM properties p JOIN components c ON c.component_key = p.component_key
     JOIN entities e ON e.entity_key = c.entity_key WHERE e.workspace_id = ? ORDER BY p.property_key`,
  );
  const newProperties = await copy(
    'properties',
    'properties',
    [
      { name: 'component_key', type: 'int4' },
      text('property_name'),
      text('definition_json'),
      text('value_json'),
      text('plain_value_json'),
      { name: 'is_time_series', type: 'bool' },
      { name: 'is_external_id', type: 'bool' },
    ],
    properties.map((r) => [
      componentKeys.get(Number(r.component_key)),
      r.property_name,
      r.definition_json,
      r.value_json,
      r.plain_value_json,
      bool(r.is_time_series),
      bool(r.is_external_id),
    ]),
    'property_key, component_key, property_name',
  );
  const propertyKeys = keyMap(
    properties,
    newProperties,
    (r) => `${componentKeys.get(Number(r.component_key))}\0${r.property_name}`,
    (r) => `${r.component_key}\0${r.property_name}`,
    'property_key',
  );

  const relationships = all(
    `SELECT r.* FROM relationships r JOIN entities e ON e.entity_key = r.source_entity_key
     WHERE e.workspace_id = ? ORDER BY r.relationship_key`,
  );
  await copy(
    'relationships',
    'relationships',
    [
      { name: 'property_key', type: 'int4' },
      { name: 'source_entity_key', type: 'int4' },
      text('relationship_name'),
      { name: 'list_index', type: 'int4' },
      { name: 'target_entity_key', type: 'int4' },
      text('target_entity_id'),
      text('target_component_name'),
    ],
    relationships.map((r) => [
      propertyKeys.get(Number(r.property_key)),
      entityKey(r.source_entity_key),
      r.relationship_name,
      r.list_index,
      entityKey(r.target_entity_key),
      r.target_entity_id,
      r.target_component_name,
    ]),
  );

  const scenes = all('SELECT * FROM scenes WHERE workspace_id = ? ORDER BY scene_id');
  await copy(
    'scenes',
    'scenes',
    [
      text('workspace_id'),
      text('scene_id'),
      text('arn'),
      text('content_location'),
      text('description'),
      text('capabilities_json'),
      text('scene_metadata_json'),
      time('creation_time'),
      time('update_time'),
    ],
    scenes.map((r) => [
      r.workspace_id,
      r.scene_id,
      r.arn,
      r.content_location,
      r.description,
      r.capabilities_json,
      r.scene_metadata_json,
      r.creation_time,
      r.update_time,
    ]),
  );

  const series = all('SELECT * FROM value_series WHERE workspace_id = ? ORDER BY series_id');
  const newSeries = await copy(
    'series',
    'value_series',
    [text('workspace_id'), text('entity_id'), text('component_name'), text('property_name')],
    series.map((r) => [r.workspace_id, r.entity_id, r.component_name, r.property_name]),
    'series_id, entity_id, component_name, property_name',
  );
  const seriesKey = (r: Row) => `${r.entity_id}\0${r.component_name}\0${r.property_name}`;
  return { seriesIds: keyMap(series, newSeries, seriesKey, seriesKey, 'series_id'), componentKeys };
}

/**
 * Entities level by level from the roots, so each parent is in the target (and its new key
 * known) before its children are sent. Returns the new entity keys by old.
 */
async function copyEntities(
  all: (sql: string) => Row[],
  insert: (rows: unknown[][]) => Promise<Row[]>,
): Promise<Map<number, number>> {
  const entities = all(
    `WITH RECURSIVE ws(id) AS (SELECT ?),
     depth(entity_key, level) AS (
       SELECT entity_key, 0 FROM entities WHERE workspace_id = (SELECT id FROM ws) AND parent_key IS NULL
       UNION ALL
       SELECT e.entity_key, d.level + 1 FROM entities e JOIN depth d ON e.parent_key = d.entity_key)
     SELECT e.*, d.level FROM entities e JOIN depth d ON d.entity_key = e.entity_key
     WHERE e.workspace_id = (SELECT id FROM ws) ORDER BY d.level, e.entity_key`,
  );
  const keys = new Map<number, number>();
  for (let start = 0; start < entities.length;) {
    let end = start;
    while (end < entities.length && entities[end]!.level === entities[start]!.level) end++;
    const level = entities.slice(start, end);
    const inserted = await insert(
      level.map((r) => [
        r.workspace_id,
        r.entity_id,
        r.entity_name,
        r.description,
        r.parent_key === null ? null : keys.get(Number(r.parent_key)),
        r.arn,
        r.creation_time,
        r.update_time,
      ]),
    );
    const byId = new Map(inserted.map((r) => [r.entity_id as string, Number(r.entity_key)]));
    for (const r of level) keys.set(Number(r.entity_key), byId.get(r.entity_id as string)!);
    start = end;
  }
  return keys;
}

/** Component types ordered so every type comes after the types it extends (a type's extendsFrom is checked on create). */
function inExtendsFromOrder(types: Row[], parents: Row[]): Row[] {
  const byId = new Map(types.map((t) => [t.component_type_id as string, t]));
  const parentsOf = new Map<string, string[]>();
  for (const p of parents) {
    const list = parentsOf.get(p.component_type_id as string) ?? [];
    list.push(p.parent_id as string);
    parentsOf.set(p.component_type_id as string, list);
  }
  const ordered: Row[] = [];
  const placed = new Set<string>();
  const place = (id: string) => {
    if (placed.has(id) || !byId.has(id)) return;
    placed.add(id);
    for (const parent of parentsOf.get(id) ?? []) place(parent);
    ordered.push(byId.get(id)!);
  };
  for (const t of types) place(t.component_type_id as string);
  return ordered;
}

/** Old key → new key, matching source rows to inserted rows by a natural key both sides share. */
function keyMap(
  sourceRows: Row[],
  inserted: Row[],
  sourceNaturalKey: (r: Row) => string,
  insertedNaturalKey: (r: Row) => string,
  keyColumn: string,
): Map<number, number> {
  const byNatural = new Map(inserted.map((r) => [insertedNaturalKey(r), Number(r[keyColumn])]));
  return new Map(sourceRows.map((r) => [Number(r[keyColumn]), byNatural.get(sourceNaturalKey(r))!]));
}
