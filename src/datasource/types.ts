import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

import type { AlarmStatus } from '../common/alarms';

/** Query types, named as in the TwinMaker data source so dashboards read alike. */
export enum QueryType {
  GetPropertyValue = 'GetPropertyValue',
  EntityHistory = 'EntityHistory',
  ComponentHistory = 'ComponentHistory',
  GetEntity = 'GetEntity',
  ListEntities = 'ListEntities',
  ListWorkspaces = 'ListWorkspace',
  ListScenes = 'ListScenes',
  KnowledgeGraph = 'KnowledgeGraphQuery',
  GetAlarms = 'GetAlarms',
}

export type Order = 'ASCENDING' | 'DESCENDING';

/** One history filter row as edited; `value` is text, typed by the property's data type when sent. */
export interface FilterRow {
  name: string;
  op: string;
  value: string;
}

interface QueryBase extends DataQuery {
  /** cap on values (or rows) read by following nextToken; default from the data source settings */
  maxResults?: number;
}

export interface GetPropertyValueQuery extends QueryBase {
  queryType: QueryType.GetPropertyValue;
  entityId?: string;
  componentName?: string;
  properties?: string[];
}

export interface EntityHistoryQuery extends QueryBase {
  queryType: QueryType.EntityHistory;
  entityId?: string;
  componentName?: string;
  properties?: string[];
  filter?: FilterRow[];
  order?: Order;
  /** keep the query open and append values from the service's live stream */
  stream?: boolean;
  /**
   * "auto" (default: downsampled by the service when the range holds more values than the
   * panel draws), "raw" (every value) or a fixed bucket interval such as "1m"
   */
  resolution?: string;
}

export interface ComponentHistoryQuery extends QueryBase {
  queryType: QueryType.ComponentHistory;
  componentTypeId?: string;
  properties?: string[];
  filter?: FilterRow[];
  order?: Order;
  /** keep the query open and append every entity's values from the service's live stream */
  stream?: boolean;
  /**
   * "auto" (default: downsampled by the service when the range holds more values than the
   * panel draws), "raw" (every value) or a fixed bucket interval such as "1m"
   */
  resolution?: string;
}

export interface GetEntityQuery extends QueryBase {
  queryType: QueryType.GetEntity;
  entityId?: string;
}

export interface ListEntitiesQuery extends QueryBase {
  queryType: QueryType.ListEntities;
  /** only entities with a component of this type */
  componentTypeId?: string;
  /** only children of this entity ($ROOT for top level) */
  parentEntityId?: string;
}

export interface ListWorkspacesQuery extends QueryBase {
  queryType: QueryType.ListWorkspaces;
}

export interface ListScenesQuery extends QueryBase {
  queryType: QueryType.ListScenes;
}

export interface KnowledgeGraphQuery extends QueryBase {
  queryType: QueryType.KnowledgeGraph;
  queryStatement?: string;
}

export interface GetAlarmsQuery extends QueryBase {
  queryType: QueryType.GetAlarms;
  /** only alarms in these states; none = every state */
  statuses?: AlarmStatus[];
  /** only alarms of this entity and its descendants (variables allowed) */
  entityId?: string;
  /** keep the list live: re-read when an alarm's status changes */
  stream?: boolean;
}

/** The query model: a union on `queryType`, so editor, request and frame code switch on one tag. */
export type DoppelQuery =
  | GetPropertyValueQuery
  | EntityHistoryQuery
  | ComponentHistoryQuery
  | GetEntityQuery
  | ListEntitiesQuery
  | ListWorkspacesQuery
  | ListScenesQuery
  | KnowledgeGraphQuery
  | GetAlarmsQuery;

export type QueryOf<T extends QueryType> = Extract<DoppelQuery, { queryType: T }>;

export const DEFAULT_QUERY: Partial<DoppelQuery> = { queryType: QueryType.EntityHistory };

/** Settings stored in jsonData (visible to the browser). */
export interface DoppelOptions extends DataSourceJsonData {
  /** where Grafana's data proxy reaches the service, e.g. http://localhost:8600 */
  serviceUrl?: string;
  /** the access key id; not secret, shown so people know which key is configured */
  accessKeyId?: string;
  workspaceId?: string;
  /** default cap on values a query reads by following nextToken */
  maxResults?: number;
}

/** Settings stored encrypted in secureJsonData; the browser only sees that they are set. */
export interface DoppelSecureOptions {
  secretAccessKey?: string;
}

export const DEFAULT_MAX_RESULTS = 100_000;
/** page size asked of the service (its MaxResults limit) */
export const PAGE_SIZE = 200;

/** Variable query model (CustomVariableSupport). */
export enum VariableQueryType {
  Entities = 'entities',
  ComponentNames = 'componentNames',
  PropertyNames = 'propertyNames',
  ComponentTypes = 'componentTypes',
  Scenes = 'scenes',
}

export interface DoppelVariableQuery extends DataQuery {
  variableType: VariableQueryType;
  /** entities: only children of this entity; componentNames/propertyNames: of this entity */
  entityId?: string;
  /** entities: only those with a component of this type */
  componentTypeId?: string;
  /** propertyNames: of this component */
  componentName?: string;
  /**
   * propertyNames: which properties. A variable feeding history panels wants time-series
   * properties only: a static one there fails the whole query.
   */
  propertyKind?: PropertyKind;
}

export type PropertyKind = 'all' | 'timeSeries' | 'static';
