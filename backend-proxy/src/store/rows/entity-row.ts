import { ComponentResponse, EntityResponse, EntitySummary } from '../../api/entities';
import { compositeNotSupported } from '../../errors';
import { ComponentProperties } from '../../model/entities/component-properties';
import { propertyGroupsOf } from '../../model/entities/property-groups';
import { ResolvedComponentType } from '../../model/types';

/**
 * An entity row joined with its parent's id and whether it has children, as `entitySelect`
 * reads it. SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
 */
export interface EntityRow {
  entity_key: number;
  workspace_id: string;
  entity_id: string;
  entity_name: string;
  description: string | null;
  parent_key: number | null;
  parent_id: string | null;
  has_children: number | boolean;
  arn: string;
  creation_time: number;
  update_time: number;
}

/** A `components` row of an entity. */
export interface ComponentRow {
  component_key: number;
  component_name: string;
  component_type_id: string;
  description: string | null;
  property_groups_json: string | null;
}

/** Entities are created synchronously, so every one TwinMaker would call ACTIVE is. */
export const activeStatus = { state: 'ACTIVE' as const, error: {} };

/** The same SQL on both stores: add `WHERE …` on `e`. */
export const entitySelect = `SELECT e.*, p.entity_id AS parent_id,
  EXISTS (SELECT 1 FROM entities c WHERE c.parent_key = e.entity_key) AS has_children
  FROM entities e LEFT JOIN entities p ON p.entity_key = e.parent_key`;

export const hasChildren = (row: EntityRow): boolean => row.has_children === true || row.has_children === 1;

export function toEntitySummary(row: EntityRow): EntitySummary {
  return {
    entityId: row.entity_id,
    entityName: row.entity_name,
    arn: row.arn,
    parentEntityId: row.parent_id ?? '$ROOT',
    status: activeStatus,
    ...(row.description !== null && { description: row.description }),
    hasChildEntities: hasChildren(row),
    creationDateTime: row.creation_time,
    updateDateTime: row.update_time,
  };
}

/** GetEntity's answer for a component: its properties' definitions and values, groups with the inherited ones. */
export function toComponentResponse(
  row: ComponentRow,
  properties: ComponentProperties,
  type: ResolvedComponentType | undefined,
): ComponentResponse {
  const answered: ComponentResponse['properties'] = {};
  for (const [name, state] of properties) {
    answered[name] = { definition: state.definition, ...(state.value !== undefined && { value: state.value }) };
  }
  return {
    componentName: row.component_name,
    componentTypeId: row.component_type_id,
    ...(row.description !== null && { description: row.description }),
    status: activeStatus,
    properties: answered,
    propertyGroups: propertyGroupsOf(row.property_groups_json, type),
    areAllPropertiesReturned: true,
  };
}

export function toEntityResponse(
  workspaceId: string,
  row: EntityRow,
  components: Record<string, ComponentResponse>,
): EntityResponse {
  return {
    entityId: row.entity_id,
    entityName: row.entity_name,
    arn: row.arn,
    status: activeStatus,
    workspaceId,
    ...(row.description !== null && { description: row.description }),
    components,
    parentEntityId: row.parent_id ?? '$ROOT',
    hasChildEntities: hasChildren(row),
    creationDateTime: row.creation_time,
    updateDateTime: row.update_time,
    areAllComponentsReturned: true,
  };
}

/** Composite components are a TwinMaker feature we do not offer: refuse them instead of dropping them. */
export function refuseComposite(value: Record<string, unknown> | undefined, member: string): void {
  if (value && Object.keys(value).length > 0) throw compositeNotSupported(member);
}
