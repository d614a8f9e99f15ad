// Wire schemas (TypeBox) of the entity operations (Create/Get/List/Update/DeleteEntity,
// ListComponents, ListProperties): the request and response shapes on the wire, which validate
// requests, type the route handlers and feed /openapi.json.
import { Static, Type } from '@sinclair/typebox';
import { PropertyDefinitionRequest, PropertyDefinitionResponseSchema, Status } from './component-types';
import {
  ComponentPath,
  ComponentTypeId,
  DataValue,
  Description,
  EntityId,
  EntityName,
  Id,
  Name,
  Paging,
  ParentEntityId,
  State,
  Tags,
  Timestamp,
  TwinMakerArn,
  TwinMakerString,
} from './common';

const NamedMap = <T extends Parameters<typeof Type.Record>[1]>(value: T) =>
  Type.Record(Type.String(), value, { propertyNames: Name });

const PropertyUpdateType = Type.Union([
  Type.Literal('UPDATE'),
  Type.Literal('DELETE'),
  Type.Literal('CREATE'),
  Type.Literal('RESET_VALUE'),
]);
const ComponentUpdateType = Type.Union([Type.Literal('CREATE'), Type.Literal('UPDATE'), Type.Literal('DELETE')]);

export const PropertyRequest = Type.Object({
  definition: Type.Optional(PropertyDefinitionRequest),
  value: Type.Optional(DataValue),
  updateType: Type.Optional(PropertyUpdateType),
});

const ComponentPropertyGroupRequest = Type.Object({
  groupType: Type.Optional(Type.Literal('TABULAR')),
  propertyNames: Type.Optional(Type.Array(Name)),
  updateType: Type.Optional(ComponentUpdateType),
});

export const ComponentRequest = Type.Object({
  description: Type.Optional(Description),
  componentTypeId: Type.Optional(ComponentTypeId),
  properties: Type.Optional(NamedMap(PropertyRequest)),
  propertyGroups: Type.Optional(NamedMap(ComponentPropertyGroupRequest)),
});
export type ComponentRequest = Static<typeof ComponentRequest>;

export const CreateEntityBody = Type.Object({
  entityId: Type.Optional(EntityId),
  entityName: EntityName,
  description: Type.Optional(Description),
  components: Type.Optional(NamedMap(ComponentRequest)),
  compositeComponents: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { propertyNames: ComponentPath })),
  parentEntityId: Type.Optional(ParentEntityId),
  tags: Type.Optional(Tags),
});
export type CreateEntityBody = Static<typeof CreateEntityBody>;

export const ComponentUpdateRequest = Type.Object({
  updateType: Type.Optional(ComponentUpdateType),
  description: Type.Optional(Description),
  componentTypeId: Type.Optional(ComponentTypeId),
  propertyUpdates: Type.Optional(NamedMap(PropertyRequest)),
  propertyGroupUpdates: Type.Optional(NamedMap(ComponentPropertyGroupRequest)),
});
export type ComponentUpdateRequest = Static<typeof ComponentUpdateRequest>;

export const UpdateEntityBody = Type.Object({
  entityName: Type.Optional(EntityName),
  description: Type.Optional(Description),
  componentUpdates: Type.Optional(NamedMap(ComponentUpdateRequest)),
  compositeComponentUpdates: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { propertyNames: ComponentPath }),
  ),
  parentEntityUpdate: Type.Optional(
    Type.Object({
      updateType: Type.Union([Type.Literal('UPDATE'), Type.Literal('DELETE')]),
      parentEntityId: Type.Optional(ParentEntityId),
    }),
  ),
});
export type UpdateEntityBody = Static<typeof UpdateEntityBody>;

export const EntityParams = Type.Object({ workspaceId: Id, entityId: EntityId });
/** query strings are text: `isRecursive=true|false` as the SDK sends it */
export const DeleteEntityQuery = Type.Object({
  isRecursive: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
});

export const ListEntitiesFilter = Type.Object({
  parentEntityId: Type.Optional(ParentEntityId),
  componentTypeId: Type.Optional(ComponentTypeId),
  externalId: Type.Optional(TwinMakerString),
});
export type ListEntitiesFilter = Static<typeof ListEntitiesFilter>;
export const ListEntitiesBody = Type.Object({ filters: Type.Optional(Type.Array(ListEntitiesFilter)), ...Paging });
export const ListComponentsBody = Type.Object({ componentPath: Type.Optional(ComponentPath), ...Paging });
export const ListPropertiesBody = Type.Object({
  entityId: EntityId,
  componentName: Type.Optional(Name),
  componentPath: Type.Optional(ComponentPath),
  ...Paging,
});

const PropertyResponse = Type.Object({
  definition: Type.Optional(PropertyDefinitionResponseSchema),
  value: Type.Optional(DataValue),
  areAllPropertyValuesReturned: Type.Optional(Type.Boolean()),
});
const ComponentPropertyGroupResponse = Type.Object({
  groupType: Type.Literal('TABULAR'),
  propertyNames: Type.Array(Type.String()),
  isInherited: Type.Boolean(),
});

export const ComponentResponse = Type.Object({
  componentName: Type.String(),
  description: Type.Optional(Type.String()),
  componentTypeId: Type.String(),
  status: Status,
  definedIn: Type.Optional(Type.String()),
  properties: Type.Record(Type.String(), PropertyResponse),
  propertyGroups: Type.Optional(Type.Record(Type.String(), ComponentPropertyGroupResponse)),
  areAllPropertiesReturned: Type.Optional(Type.Boolean()),
});
export type ComponentResponse = Static<typeof ComponentResponse>;

export const EntityResponse = Type.Object({
  entityId: EntityId,
  entityName: Type.String(),
  arn: TwinMakerArn,
  status: Status,
  workspaceId: Id,
  description: Type.Optional(Type.String()),
  components: Type.Record(Type.String(), ComponentResponse),
  parentEntityId: Type.String(),
  hasChildEntities: Type.Boolean(),
  creationDateTime: Timestamp,
  updateDateTime: Timestamp,
  areAllComponentsReturned: Type.Boolean(),
});
export type EntityResponse = Static<typeof EntityResponse>;

export const EntitySummary = Type.Object({
  entityId: EntityId,
  entityName: Type.String(),
  arn: TwinMakerArn,
  parentEntityId: Type.Optional(Type.String()),
  status: Status,
  description: Type.Optional(Type.String()),
  hasChildEntities: Type.Boolean(),
  creationDateTime: Timestamp,
  updateDateTime: Timestamp,
});
export type EntitySummary = Static<typeof EntitySummary>;

export const ComponentSummary = Type.Object({
  componentName: Type.String(),
  componentTypeId: Type.String(),
  definedIn: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  propertyGroups: Type.Optional(Type.Record(Type.String(), ComponentPropertyGroupResponse)),
  status: Status,
  componentPath: Type.Optional(Type.String()),
});
export type ComponentSummary = Static<typeof ComponentSummary>;

export const PropertySummary = Type.Object({
  propertyName: Type.String(),
  definition: Type.Optional(PropertyDefinitionResponseSchema),
  value: Type.Optional(DataValue),
  areAllPropertyValuesReturned: Type.Optional(Type.Boolean()),
});
export type PropertySummary = Static<typeof PropertySummary>;

export const CreateEntityResponse = Type.Object({
  entityId: EntityId,
  arn: TwinMakerArn,
  creationDateTime: Timestamp,
  state: State,
});
