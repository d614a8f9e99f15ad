/**
 * The TwinMaker REST API shapes the plugin reads and sends (a subset of the service's wire
 * contract: reference/twinmaker-api.md §2 and §4). Timestamps are epoch seconds; history
 * `time` values are ISO-8601 strings.
 */

export type DataTypeName = 'DOUBLE' | 'INTEGER' | 'LONG' | 'BOOLEAN' | 'STRING' | 'LIST' | 'MAP' | 'RELATIONSHIP';

export interface DataType {
  type: DataTypeName;
  nestedType?: DataType;
  allowedValues?: DataValue[];
  unitOfMeasure?: string;
  relationship?: { targetComponentTypeId?: string; relationshipType?: string };
}

export interface RelationshipValue {
  targetEntityId?: string;
  targetComponentName?: string;
}

export interface DataValue {
  booleanValue?: boolean;
  doubleValue?: number;
  integerValue?: number;
  longValue?: number;
  stringValue?: string;
  listValue?: DataValue[];
  mapValue?: Record<string, DataValue>;
  relationshipValue?: RelationshipValue;
  expression?: string;
}

export interface PropertyDefinition {
  dataType: DataType;
  isTimeSeries?: boolean;
  isRequiredInEntity?: boolean;
  isExternalId?: boolean;
  isStoredExternally?: boolean;
  isInherited?: boolean;
  defaultValue?: DataValue;
  displayName?: string;
}

export interface EntityPropertyReference {
  entityId?: string;
  componentName?: string;
  componentPath?: string;
  externalIdProperty?: Record<string, string>;
  propertyName: string;
}

export interface PropertyValue {
  time?: string;
  /** deprecated epoch-seconds form some clients still send */
  timestamp?: number;
  value: DataValue;
}

export interface PropertyValueHistory {
  entityPropertyReference: EntityPropertyReference;
  values?: PropertyValue[];
}

export interface GetPropertyValueHistoryResponse {
  propertyValues: PropertyValueHistory[];
  nextToken?: string;
}

export interface PropertyLatestValue {
  propertyReference: EntityPropertyReference;
  propertyValue?: DataValue;
}

export interface GetPropertyValueResponse {
  propertyValues?: Record<string, PropertyLatestValue>;
  tabularPropertyValues?: Array<Array<Record<string, DataValue>>>;
  nextToken?: string;
}

export interface PropertyFilter {
  propertyName: string;
  operator: string;
  value: DataValue;
}

export interface Status {
  state?: string;
  error?: { code?: string; message?: string };
}

export interface WorkspaceSummary {
  workspaceId: string;
  arn: string;
  description?: string;
  creationDateTime: number;
  updateDateTime: number;
}

export interface EntitySummary {
  entityId: string;
  entityName: string;
  arn: string;
  parentEntityId?: string;
  status: Status;
  description?: string;
  hasChildEntities?: boolean;
  creationDateTime: number;
  updateDateTime: number;
}

export interface PropertyResponse {
  definition?: PropertyDefinition;
  value?: DataValue;
}

export interface ComponentResponse {
  componentName?: string;
  componentTypeId?: string;
  description?: string;
  definedIn?: string;
  status?: Status;
  properties?: Record<string, PropertyResponse>;
}

export interface GetEntityResponse {
  entityId: string;
  entityName: string;
  arn: string;
  status: Status;
  workspaceId: string;
  description?: string;
  components?: Record<string, ComponentResponse>;
  parentEntityId: string;
  hasChildEntities: boolean;
  creationDateTime: number;
  updateDateTime: number;
}

export interface ComponentTypeSummary {
  arn: string;
  componentTypeId: string;
  componentTypeName?: string;
  description?: string;
  status?: Status;
  creationDateTime: number;
  updateDateTime: number;
}

export interface GetComponentTypeResponse {
  workspaceId: string;
  componentTypeId: string;
  componentTypeName?: string;
  description?: string;
  extendsFrom?: string[];
  isAbstract?: boolean;
  isSingleton?: boolean;
  propertyDefinitions?: Record<string, PropertyDefinition>;
  arn: string;
  creationDateTime: number;
  updateDateTime: number;
  status?: Status;
}

export interface SceneSummary {
  sceneId: string;
  contentLocation: string;
  arn: string;
  description?: string;
  creationDateTime: number;
  updateDateTime: number;
}

export interface ColumnDescription {
  name?: string;
  type?: 'NODE' | 'EDGE' | 'VALUE' | 'PATH' | string;
}

export interface ExecuteQueryResponse {
  columnDescriptions?: ColumnDescription[];
  rows?: Array<{ rowData?: unknown[] }>;
  nextToken?: string;
}

export type ListEntitiesFilter = { parentEntityId: string } | { componentTypeId: string } | { externalId: string };

export interface ServiceVersion {
  service: string;
  version: string;
  api?: string;
}
