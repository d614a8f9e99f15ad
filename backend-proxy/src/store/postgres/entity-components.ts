import { ComponentRequest, ComponentUpdateRequest } from '../../api/entities';
import { entityInvalid } from '../../errors';
import {
  applyPropertyRequests,
  checkRequired,
  initialProperties,
  PropertyRequest,
} from '../../model/entities/component-properties';
import { ownGroups } from '../../model/entities/property-groups';
import { ComponentRow } from '../rows/entity-row';
import { loadProperties, saveProperties } from './component-properties';
import { resolvedTypeOf } from './component-types';
import { Queryable, row } from './database';

/** Creates a component of an entity from its type (inside the entity's transaction). */
export async function createComponent(
  q: Queryable,
  workspaceId: string,
  entityKey: number,
  name: string,
  request: { componentTypeId?: string; description?: string; propertyGroups?: ComponentRequest['propertyGroups'] },
  properties: Record<string, PropertyRequest>,
  where: string,
): Promise<void> {
  if (!request.componentTypeId) throw entityInvalid(`${where}.componentTypeId is required`);
  const type = await resolvedTypeOf(q, workspaceId, request.componentTypeId);
  if (!type)
    throw entityInvalid(
      `${where}.componentTypeId ${request.componentTypeId} is not a component type in workspace ${workspaceId}`,
    );
  if (type.isAbstract) {
    throw entityInvalid(
      `${where}: component type ${request.componentTypeId} is abstract (a function has no implementation): use a type that extends it`,
    );
  }
  if (type.isSingleton) {
    const other = await row(q, 'SELECT 1 FROM components WHERE entity_key = $1 AND component_type_id = $2', [
      entityKey,
      request.componentTypeId,
    ]);
    if (other)
      throw entityInvalid(
        `${where}: ${request.componentTypeId} is a singleton: an entity may have only one such component`,
      );
  }
  const props = applyPropertyRequests(type, initialProperties(type), properties, where);
  checkRequired(props, where);
  const { component_key: componentKey } = (await row<{ component_key: number }>(
    q,
    `INSERT INTO components (entity_key, component_name, component_type_id, description, property_groups_json)
     VALUES ($1, $2, $3, $4, $5) RETURNING component_key`,
    [
      entityKey,
      name,
      request.componentTypeId,
      request.description ?? null,
      ownGroups(request.propertyGroups, props, where, {}),
    ],
  ))!;
  await saveProperties(q, workspaceId, entityKey, componentKey, props, where);
}

/** Applies one entry of UpdateEntity's componentUpdates: create, update or delete the component. */
export async function updateComponent(
  q: Queryable,
  workspaceId: string,
  entityKey: number,
  name: string,
  update: ComponentUpdateRequest,
): Promise<void> {
  const where = `componentUpdates.${name}`;
  const existing = await row<ComponentRow>(
    q,
    'SELECT * FROM components WHERE entity_key = $1 AND component_name = $2',
    [entityKey, name],
  );
  const updateType = update.updateType ?? (existing ? 'UPDATE' : 'CREATE');
  if (updateType === 'CREATE') {
    if (existing) throw entityInvalid(`${where}: component ${name} already exists; use updateType UPDATE`);
    await createComponent(q, workspaceId, entityKey, name, update, update.propertyUpdates ?? {}, where);
    return;
  }
  if (!existing) throw entityInvalid(`${where}: the entity has no component ${name} to ${updateType.toLowerCase()}`);
  if (updateType === 'DELETE') {
    await q.query('DELETE FROM components WHERE component_key = $1', [existing.component_key]);
    return;
  }
  if (update.componentTypeId && update.componentTypeId !== existing.component_type_id) {
    throw entityInvalid(
      `${where}.componentTypeId: ${name} is a ${existing.component_type_id}; delete the component and create it again to change its type`,
    );
  }
  const type = (await resolvedTypeOf(q, workspaceId, existing.component_type_id))!;
  const props = applyPropertyRequests(
    type,
    await loadProperties(q, existing.component_key),
    update.propertyUpdates ?? {},
    where,
  );
  checkRequired(props, where);
  const groups = ownGroups(
    update.propertyGroupUpdates,
    props,
    where,
    existing.property_groups_json ? JSON.parse(existing.property_groups_json) : {},
  );
  await q.query('UPDATE components SET description = $1, property_groups_json = $2 WHERE component_key = $3', [
    update.description ?? existing.description,
    groups,
    existing.component_key,
  ]);
  await saveProperties(q, workspaceId, entityKey, existing.component_key, props, where);
}
