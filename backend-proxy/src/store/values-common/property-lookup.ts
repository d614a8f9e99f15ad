import { PropertyDefinitionResponse, ResolvedComponentType } from '../../model/types';

/** A property of one component, as the value store needs it. */
export interface PropertyInfo {
  entityId: string;
  componentName: string;
  propertyName: string;
  componentTypeId: string;
  definition: PropertyDefinitionResponse;
  /** values live in the built-in store (no dataReader, or an isNative one) */
  native: boolean;
  /** the static value as JSON text (null when unset) */
  staticValue: string | null;
  /** known series id (undefined until first written or looked up) */
  seriesId?: number;
}

export interface ComponentInfo {
  entityId: string;
  componentName: string;
  componentTypeId: string;
  properties: Map<string, PropertyInfo>;
  /** plain values of its external-id properties, echoed by componentTypeId queries */
  externalIds?: Record<string, string>;
}

export type ComponentLookup = ComponentInfo | 'no-entity' | 'no-component';

/**
 * What the value rules shared by the stores (ingest checks, selections, streams, history paging)
 * ask of the knowledge graph, synchronously. SQLite answers from its cached resolver; PostgreSQL
 * from a snapshot it reads for the request before running the rules (postgres/values/snapshot.ts).
 */
export interface PropertyLookup {
  component(workspaceId: string, entityId: string, componentName: string): ComponentLookup;
  /** the component, or a ResourceNotFoundException naming the missing entity or component */
  existingComponent(workspaceId: string, entityId: string, componentName: string): ComponentInfo;
  /** the resolved component type, undefined when the workspace has none of that id */
  componentType(workspaceId: string, componentTypeId: string): ResolvedComponentType | undefined;
  /** the series of a property: created when `create` (SQLite only), else undefined if never written */
  seriesOf(workspaceId: string, property: PropertyInfo, create: boolean): number | undefined;
  /** the entity whose component holds `name = value` as an external-id property */
  entityByExternalId(
    workspaceId: string,
    componentName: string | undefined,
    name: string,
    value: string,
  ): string | undefined;
  /** (entityId, componentName) of every component of the type, in that order */
  componentsOfType(workspaceId: string, componentTypeId: string): { entityId: string; componentName: string }[];
}
