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
import { SqliteComponentTypeStore } from './component-types';
import { Db } from './database';
import { prepared } from './prepared';

/** Writes the components of an entity: creation from a type, updates, deletion (inside the entity's transaction). */
export class EntityComponents {
  constructor(
    private readonly db: Db,
    private readonly types: SqliteComponentTypeStore,
  ) {}

  create(
    workspaceId: string,
    entityKey: number,
    name: string,
    request: { componentTypeId?: string; description?: string; propertyGroups?: ComponentRequest['propertyGroups'] },
    properties: Record<string, PropertyRequest>,
    where: string,
  ): void {
    if (!request.componentTypeId) throw entityInvalid(`${where}.componentTypeId is required`);
    const type = this.types.resolvedOf(workspaceId, request.componentTypeId);
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
      const others = prepared(this.db, 'SELECT count(*) FROM components WHERE entity_key = ? AND component_type_id = ?')
        .pluck()
        .get(entityKey, request.componentTypeId) as number;
      if (others > 0)
        throw entityInvalid(
          `${where}: ${request.componentTypeId} is a singleton: an entity may have only one such component`,
        );
    }
    const props = applyPropertyRequests(type, initialProperties(type), properties, where);
    checkRequired(props, where);
    const { component_key: componentKey } = prepared(
      this.db,
      `INSERT INTO components (entity_key, component_name, component_type_id, description, property_groups_json)
       VALUES (?, ?, ?, ?, ?) RETURNING component_key`,
    ).get(
      entityKey,
      name,
      request.componentTypeId,
      request.description ?? null,
      ownGroups(request.propertyGroups, props, where, {}),
    ) as { component_key: number };
    saveProperties(this.db, workspaceId, entityKey, componentKey, props, where);
  }

  update(workspaceId: string, entityKey: number, name: string, update: ComponentUpdateRequest): void {
    const where = `componentUpdates.${name}`;
    const existing = this.db
      .prepare('SELECT * FROM components WHERE entity_key = ? AND component_name = ?')
      .get(entityKey, name) as ComponentRow | undefined;
    const updateType = update.updateType ?? (existing ? 'UPDATE' : 'CREATE');
    if (updateType === 'CREATE') {
      if (existing) throw entityInvalid(`${where}: component ${name} already exists; use updateType UPDATE`);
      this.create(workspaceId, entityKey, name, update, update.propertyUpdates ?? {}, where);
      return;
    }
    if (!existing) throw entityInvalid(`${where}: the entity has no component ${name} to ${updateType.toLowerCase()}`);
    if (updateType === 'DELETE') {
      this.db.prepare('DELETE FROM components WHERE component_key = ?').run(existing.component_key);
      return;
    }
    if (update.componentTypeId && update.componentTypeId !== existing.component_type_id) {
      throw entityInvalid(
        `${where}.componentTypeId: ${name} is a ${existing.component_type_id}; delete the component and create it again to change its type`,
      );
    }
    const type = this.types.resolvedOf(workspaceId, existing.component_type_id)!;
    const props = applyPropertyRequests(
      type,
      loadProperties(this.db, existing.component_key),
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
    this.db
      .prepare('UPDATE components SET description = ?, property_groups_json = ? WHERE component_key = ?')
      .run(update.description ?? existing.description, groups, existing.component_key);
    saveProperties(this.db, workspaceId, entityKey, existing.component_key, props, where);
  }
}
