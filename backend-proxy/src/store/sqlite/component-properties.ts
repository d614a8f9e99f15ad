import { entityInvalid } from '../../errors';
import { plainValue, relationshipsOf } from '../../model/data-values';
import { ComponentProperties, followTypeChange } from '../../model/entities/component-properties';
import { ResolvedComponentType } from '../../model/types';
import type { Statement } from 'better-sqlite3';
import { Db } from './database';
import { prepared } from './prepared';

interface PropertyRow {
  property_key: number;
  property_name: string;
  definition_json: string;
  value_json: string | null;
}

const selectProperties = new WeakMap<Db, Statement>();

/** A component's properties as stored. */
export function loadProperties(db: Db, componentKey: number): ComponentProperties {
  let select = selectProperties.get(db);
  if (select === undefined) {
    // prepared once per connection: GetEntity reads every component's properties
    select = db.prepare(
      'SELECT property_key, property_name, definition_json, value_json FROM properties WHERE component_key = ?',
    );
    selectProperties.set(db, select);
  }
  const rows = select.all(componentKey) as PropertyRow[];
  return new Map(
    rows.map((r) => [
      r.property_name,
      { definition: JSON.parse(r.definition_json), ...(r.value_json !== null && { value: JSON.parse(r.value_json) }) },
    ]),
  );
}

/**
 * Writes a component's properties: upserts each (keeping property keys stable, so value
 * series stay attached), deletes those no longer present, and rewrites the relationship
 * rows of the component. A relationship to an entity that does not exist in the workspace
 * is refused, naming the property.
 */
export function saveProperties(
  db: Db,
  workspaceId: string,
  entityKey: number,
  componentKey: number,
  properties: ComponentProperties,
  where: string,
): void {
  const keep = [...properties.keys()];
  prepared(
    db,
    `DELETE FROM properties WHERE component_key = ? AND property_name NOT IN (SELECT value FROM json_each(?))`,
  ).run(componentKey, JSON.stringify(keep));
  const upsert = prepared(
    db,
    `INSERT INTO properties (component_key, property_name, definition_json, value_json, plain_value_json, is_time_series, is_external_id)
     VALUES (@componentKey, @name, @definition, @value, @plain, @timeSeries, @externalId)
     ON CONFLICT (component_key, property_name) DO UPDATE SET definition_json = excluded.definition_json,
       value_json = excluded.value_json, plain_value_json = excluded.plain_value_json,
       is_time_series = excluded.is_time_series, is_external_id = excluded.is_external_id
     RETURNING property_key`,
  );
  prepared(
    db,
    'DELETE FROM relationships WHERE property_key IN (SELECT property_key FROM properties WHERE component_key = ?)',
  ).run(componentKey);
  const targetKey = prepared(db, 'SELECT entity_key FROM entities WHERE workspace_id = ? AND entity_id = ?').pluck();
  const insertRelationship = prepared(
    db,
    `INSERT INTO relationships (property_key, source_entity_key, relationship_name, list_index, target_entity_key,
       target_entity_id, target_component_name) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [name, { definition, value }] of properties) {
    const { property_key: propertyKey } = upsert.get({
      componentKey,
      name,
      definition: JSON.stringify(definition),
      value: value === undefined ? null : JSON.stringify(value),
      plain: value === undefined ? null : JSON.stringify(plainValue(value)),
      timeSeries: definition.isTimeSeries ? 1 : 0,
      externalId: definition.isExternalId ? 1 : 0,
    }) as { property_key: number };
    for (const rel of relationshipsOf(value)) {
      const target = targetKey.get(workspaceId, rel.targetEntityId) as number | undefined;
      if (target === undefined) {
        throw entityInvalid(
          `${where}.properties.${name}: the relationship target ${rel.targetEntityId} is not an entity in workspace ${workspaceId}`,
        );
      }
      insertRelationship.run(
        propertyKey,
        entityKey,
        name,
        rel.listIndex,
        target,
        rel.targetEntityId,
        rel.targetComponentName ?? null,
      );
    }
  }
}

/**
 * After component types changed (`before`/`after` resolved definitions by type id), every
 * component of those types follows: new definitions, dropped properties removed.
 */
export function resyncComponentsOfTypes(
  db: Db,
  workspaceId: string,
  before: Map<string, ResolvedComponentType>,
  after: Map<string, ResolvedComponentType>,
): void {
  const components = db.prepare(
    `SELECT c.component_key, c.component_name, e.entity_key, e.entity_id FROM components c
     JOIN entities e ON e.entity_key = c.entity_key WHERE e.workspace_id = ? AND c.component_type_id = ?`,
  );
  for (const [typeId, old] of before) {
    const now = after.get(typeId)!;
    if (JSON.stringify(old.propertyDefinitions) === JSON.stringify(now.propertyDefinitions)) continue;
    const rows = components.all(workspaceId, typeId) as {
      component_key: number;
      component_name: string;
      entity_key: number;
      entity_id: string;
    }[];
    for (const row of rows) {
      const where = `entity ${row.entity_id} component ${row.component_name}`;
      const next = followTypeChange(old, now, loadProperties(db, row.component_key), where);
      saveProperties(db, workspaceId, row.entity_key, row.component_key, next, where);
    }
  }
}
