import { entityInvalid } from '../../errors';
import { plainValue, relationshipsOf } from '../../model/data-values';
import { ComponentProperties, followTypeChange } from '../../model/entities/component-properties';
import { ResolvedComponentType } from '../../model/types';
import { Queryable, row, rows } from './database';

/** A component's properties as stored. */
export async function loadProperties(q: Queryable, componentKey: number): Promise<ComponentProperties> {
  const found = await rows<{ property_name: string; definition_json: string; value_json: string | null }>(
    q,
    'SELECT property_name, definition_json, value_json FROM properties WHERE component_key = $1',
    [componentKey],
  );
  return new Map(
    found.map((r) => [
      r.property_name,
      { definition: JSON.parse(r.definition_json), ...(r.value_json !== null && { value: JSON.parse(r.value_json) }) },
    ]),
  );
}

/**
 * Writes a component's properties: upserts each (keeping property keys stable, so value series
 * stay attached), deletes those no longer present, and rewrites the component's relationship
 * rows. A relationship to an entity that does not exist in the workspace is refused, naming the property.
 */
export async function saveProperties(
  q: Queryable,
  workspaceId: string,
  entityKey: number,
  componentKey: number,
  properties: ComponentProperties,
  where: string,
): Promise<void> {
  await q.query('DELETE FROM properties WHERE component_key = $1 AND NOT (property_name = ANY($2::text[]))', [
    componentKey,
    [...properties.keys()],
  ]);
  await q.query(
    'DELETE FROM relationships WHERE property_key IN (SELECT property_key FROM properties WHERE component_key = $1)',
    [componentKey],
  );
  for (const [name, { definition, value }] of properties) {
    const { property_key: propertyKey } = (await row<{ property_key: number }>(
      q,
      `INSERT INTO properties (component_key, property_name, definition_json, value_json, plain_value_json, is_time_series, is_external_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (component_key, property_name) DO UPDATE SET definition_json = excluded.definition_json,
         value_json = excluded.value_json, plain_value_json = excluded.plain_value_json,
         is_time_series = excluded.is_time_series, is_external_id = excluded.is_external_id
       RETURNING property_key`,
      [
        componentKey,
        name,
        JSON.stringify(definition),
        value === undefined ? null : JSON.stringify(value),
        value === undefined ? null : JSON.stringify(plainValue(value)),
        definition.isTimeSeries === true,
        definition.isExternalId === true,
      ],
    ))!;
    for (const rel of relationshipsOf(value)) {
      const target = await row<{ entity_key: number }>(
        q,
        'SELECT entity_key FROM entities WHERE workspace_id = $1 AND entity_id = $2',
        [workspaceId, rel.targetEntityId],
      );
      if (target === undefined) {
        throw entityInvalid(
          `${where}.properties.${name}: the relationship target ${rel.targetEntityId} is not an entity in workspace ${workspaceId}`,
        );
      }
      await q.query(
        `INSERT INTO relationships (property_key, source_entity_key, relationship_name, list_index, target_entity_key,
           target_entity_id, target_component_name) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          propertyKey,
          entityKey,
          name,
          rel.listIndex,
          target.entity_key,
          rel.targetEntityId,
          rel.targetComponentName ?? null,
        ],
      );
    }
  }
}

/** After component types changed, every component of those types follows: new definitions, dropped properties removed. */
export async function resyncComponentsOfTypes(
  q: Queryable,
  workspaceId: string,
  before: Map<string, ResolvedComponentType>,
  after: Map<string, ResolvedComponentType>,
): Promise<void> {
  for (const [typeId, old] of before) {
    const now = after.get(typeId)!;
    if (JSON.stringify(old.propertyDefinitions) === JSON.stringify(now.propertyDefinitions)) continue;
    const components = await rows<{
      component_key: number;
      component_name: string;
      entity_key: number;
      entity_id: string;
    }>(
      q,
      `SELECT c.component_key, c.component_name, e.entity_key, e.entity_id FROM components c
       JOIN entities e ON e.entity_key = c.entity_key WHERE e.workspace_id = $1 AND c.component_type_id = $2`,
      [workspaceId, typeId],
    );
    for (const c of components) {
      const where = `entity ${c.entity_id} component ${c.component_name}`;
      const next = followTypeChange(old, now, await loadProperties(q, c.component_key), where);
      await saveProperties(q, workspaceId, c.entity_key, c.component_key, next, where);
    }
  }
}
