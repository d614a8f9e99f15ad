import { DataType, DataValue } from '../api/common';

/**
 * The resolved (inheritance applied) shape of a component type, as stored in
 * `component_types.resolved_json` and served by GetComponentType. Entities read property
 * definitions from here; the graph query reads them from `properties.definition_json`.
 */
export interface PropertyDefinitionResponse {
  dataType: DataType;
  isTimeSeries: boolean;
  isRequiredInEntity: boolean;
  isExternalId: boolean;
  isStoredExternally: boolean;
  isImported: boolean;
  isFinal: boolean;
  isInherited: boolean;
  defaultValue?: DataValue;
  configuration?: Record<string, string>;
  displayName?: string;
}

export interface FunctionResponse {
  requiredProperties?: string[];
  scope?: 'ENTITY' | 'WORKSPACE';
  implementedBy?: { lambda?: { arn: string }; isNative?: boolean };
  isInherited: boolean;
}

export interface PropertyGroupResponse {
  groupType: 'TABULAR';
  propertyNames: string[];
  isInherited: boolean;
}

export interface ResolvedComponentType {
  extendsFrom: string[];
  propertyDefinitions: Record<string, PropertyDefinitionResponse>;
  functions: Record<string, FunctionResponse>;
  propertyGroups: Record<string, PropertyGroupResponse>;
  compositeComponentTypes: Record<string, { componentTypeId: string; isInherited: boolean }>;
  isAbstract: boolean;
  isSingleton: boolean;
}
