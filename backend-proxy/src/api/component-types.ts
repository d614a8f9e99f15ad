// Wire schemas (TypeBox) of the component-type operations
// (Create/Get/List/Update/DeleteComponentType) and property definitions: the request and response
// shapes on the wire, which validate requests, type the route handlers and feed /openapi.json.
import { Static, Type } from '@sinclair/typebox';
import {
  ComponentTypeId,
  ComponentTypeName,
  DataType,
  DataValue,
  Description,
  Id,
  Name,
  Paging,
  State,
  Tags,
  Timestamp,
  TwinMakerArn,
  TwinMakerString,
} from './common';

const Scope = Type.Union([Type.Literal('ENTITY'), Type.Literal('WORKSPACE')]);
const LambdaArn = Type.String({
  minLength: 20,
  maxLength: 2048,
  pattern: '^arn:((aws)|(aws-cn)|(aws-us-gov)):lambda:[a-z0-9-]+:[0-9]{12}:function:[\\/a-zA-Z0-9_-]+$',
});
export const DataConnector = Type.Object({
  lambda: Type.Optional(Type.Object({ arn: LambdaArn })),
  isNative: Type.Optional(Type.Boolean()),
});
const PropertyDisplayName = Type.String({ minLength: 0, maxLength: 256 });
const ConfigurationValue = Type.String();

export const PropertyDefinitionRequest = Type.Object({
  dataType: Type.Optional(DataType),
  isRequiredInEntity: Type.Optional(Type.Boolean()),
  isExternalId: Type.Optional(Type.Boolean()),
  isStoredExternally: Type.Optional(Type.Boolean()),
  isTimeSeries: Type.Optional(Type.Boolean()),
  defaultValue: Type.Optional(DataValue),
  configuration: Type.Optional(Type.Record(Type.String(), ConfigurationValue, { propertyNames: Name })),
  displayName: Type.Optional(PropertyDisplayName),
});
export type PropertyDefinitionRequest = Static<typeof PropertyDefinitionRequest>;

export const FunctionRequest = Type.Object({
  requiredProperties: Type.Optional(Type.Array(Name)),
  scope: Type.Optional(Scope),
  implementedBy: Type.Optional(DataConnector),
});
export type FunctionRequest = Static<typeof FunctionRequest>;

const GroupType = Type.Literal('TABULAR');
export const PropertyGroupRequest = Type.Object({
  groupType: Type.Optional(GroupType),
  propertyNames: Type.Optional(Type.Array(Name)),
});

const NamedMap = <T extends Parameters<typeof Type.Record>[1]>(value: T) =>
  Type.Record(Type.String(), value, { propertyNames: Name });

export const ComponentTypeBody = Type.Object({
  isSingleton: Type.Optional(Type.Boolean()),
  description: Type.Optional(Description),
  propertyDefinitions: Type.Optional(NamedMap(PropertyDefinitionRequest)),
  extendsFrom: Type.Optional(Type.Array(ComponentTypeId)),
  functions: Type.Optional(NamedMap(FunctionRequest)),
  propertyGroups: Type.Optional(NamedMap(PropertyGroupRequest)),
  componentTypeName: Type.Optional(ComponentTypeName),
  compositeComponentTypes: Type.Optional(NamedMap(Type.Object({ componentTypeId: Type.Optional(ComponentTypeId) }))),
});
/** The definition a client sends (Create and Update share it; Create adds tags). */
export type ComponentTypeRequest = Static<typeof ComponentTypeBody>;

export const CreateComponentTypeBody = Type.Composite([ComponentTypeBody, Type.Object({ tags: Type.Optional(Tags) })]);

export const ComponentTypeParams = Type.Object({ workspaceId: Id, componentTypeId: ComponentTypeId });

export const ListComponentTypesFilter = Type.Object({
  extendsFrom: Type.Optional(ComponentTypeId),
  namespace: Type.Optional(TwinMakerString),
  isAbstract: Type.Optional(Type.Boolean()),
});
export type ListComponentTypesFilter = Static<typeof ListComponentTypesFilter>;
export const ListComponentTypesBody = Type.Object({
  filters: Type.Optional(Type.Array(ListComponentTypesFilter)),
  ...Paging,
});

export const Status = Type.Object({
  state: Type.Optional(State),
  error: Type.Optional(Type.Object({ code: Type.Optional(Type.String()), message: Type.Optional(Type.String()) })),
});

const PropertyDefinitionResponse = Type.Object({
  dataType: DataType,
  isTimeSeries: Type.Boolean(),
  isRequiredInEntity: Type.Boolean(),
  isExternalId: Type.Boolean(),
  isStoredExternally: Type.Boolean(),
  isImported: Type.Boolean(),
  isFinal: Type.Boolean(),
  isInherited: Type.Boolean(),
  defaultValue: Type.Optional(DataValue),
  configuration: Type.Optional(Type.Record(Type.String(), Type.String())),
  displayName: Type.Optional(Type.String()),
});
export { PropertyDefinitionResponse as PropertyDefinitionResponseSchema };

export const ComponentTypeResponse = Type.Object({
  workspaceId: Id,
  componentTypeId: ComponentTypeId,
  arn: TwinMakerArn,
  isSingleton: Type.Optional(Type.Boolean()),
  description: Type.Optional(Description),
  componentTypeName: Type.Optional(Type.String()),
  propertyDefinitions: Type.Optional(Type.Record(Type.String(), PropertyDefinitionResponse)),
  extendsFrom: Type.Optional(Type.Array(Type.String())),
  functions: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object({
        requiredProperties: Type.Optional(Type.Array(Type.String())),
        scope: Type.Optional(Scope),
        implementedBy: Type.Optional(DataConnector),
        isInherited: Type.Boolean(),
      }),
    ),
  ),
  propertyGroups: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object({ groupType: GroupType, propertyNames: Type.Array(Type.String()), isInherited: Type.Boolean() }),
    ),
  ),
  compositeComponentTypes: Type.Optional(
    Type.Record(Type.String(), Type.Object({ componentTypeId: Type.String(), isInherited: Type.Boolean() })),
  ),
  isAbstract: Type.Boolean(),
  isSchemaInitialized: Type.Boolean(),
  status: Status,
  creationDateTime: Timestamp,
  updateDateTime: Timestamp,
});
export type ComponentTypeResponse = Static<typeof ComponentTypeResponse>;

export const ComponentTypeSummary = Type.Object({
  arn: TwinMakerArn,
  componentTypeId: ComponentTypeId,
  creationDateTime: Timestamp,
  updateDateTime: Timestamp,
  description: Type.Optional(Description),
  status: Type.Optional(Status),
  componentTypeName: Type.Optional(Type.String()),
});
export type ComponentTypeSummary = Static<typeof ComponentTypeSummary>;
