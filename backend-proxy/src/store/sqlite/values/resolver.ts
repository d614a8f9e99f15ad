import { PropertyDefinitionResponse, ResolvedComponentType } from '../../../model/types';
import { ComponentInfo, ComponentLookup, PropertyInfo, PropertyLookup } from '../../values-common/property-lookup';
import { componentNotFound, entityNotFound } from '../../../errors';
import { compareKeys } from '../../../model/values/paging';
import { valueSource } from '../../../model/component-types/value-source';
import { Db } from '../database';

export type { ComponentInfo, ComponentLookup, PropertyInfo } from '../../values-common/property-lookup';

/**
 * Resolves (workspace, entity, component, property) to definitions and series ids, cached
 * in memory: ingest must not look up the knowledge graph per value. The graph is written by
 * this connection only (the service's main one), and any write on it moves `total_changes()`,
 * which drops the cache; reading it takes no lock, unlike a table (such as
 * `knowledge_graph_version`, which the value writer's own connection watches).
 */
export class PropertyResolver implements PropertyLookup {
  private version = -1;
  private components = new Map<string, ComponentLookup>();
  private nativeTypes = new Map<string, boolean>();
  private readonly versionStmt;
  private readonly entityStmt;
  private readonly componentStmt;
  private readonly typeStmt;
  private readonly seriesIdStmt;
  private readonly seriesInsertStmt;

  constructor(private readonly db: Db) {
    this.versionStmt = db.prepare('SELECT total_changes()').pluck();
    this.entityStmt = db.prepare('SELECT entity_key FROM entities WHERE workspace_id = ? AND entity_id = ?').pluck();
    this.componentStmt = db.prepare(
      `SELECT c.component_type_id, p.property_name, p.definition_json, p.value_json, p.plain_value_json, p.is_external_id
       FROM components c LEFT JOIN properties p ON p.component_key = c.component_key
       WHERE c.entity_key = ? AND c.component_name = ?`,
    );
    this.typeStmt = db
      .prepare('SELECT resolved_json FROM component_types WHERE workspace_id = ? AND component_type_id = ?')
      .pluck();
    this.seriesIdStmt = db
      .prepare(
        'SELECT series_id FROM value_series WHERE workspace_id = ? AND entity_id = ? AND component_name = ? AND property_name = ?',
      )
      .pluck();
    this.seriesInsertStmt = db.prepare(
      'INSERT OR IGNORE INTO value_series (workspace_id, entity_id, component_name, property_name) VALUES (?, ?, ?, ?)',
    );
  }

  /** Drops cached lookups when the knowledge graph changed since the last call. */
  sync(): void {
    const version = this.versionStmt.get() as number;
    if (version !== this.version || this.components.size > 200_000) {
      this.version = version;
      this.components.clear();
      this.nativeTypes.clear();
    }
  }

  invalidate(): void {
    this.version = -1;
  }

  component(workspaceId: string, entityId: string, componentName: string): ComponentLookup {
    const key = workspaceId + '\u0000' + entityId + '\u0000' + componentName;
    let found = this.components.get(key);
    if (found === undefined) {
      found = this.load(workspaceId, entityId, componentName);
      this.components.set(key, found);
    }
    return found;
  }

  /** The component, or a ResourceNotFoundException naming the missing entity or component. */
  existingComponent(workspaceId: string, entityId: string, componentName: string): ComponentInfo {
    const component = this.component(workspaceId, entityId, componentName);
    if (component === 'no-entity') throw entityNotFound(workspaceId, entityId);
    if (component === 'no-component') throw componentNotFound(entityId, componentName);
    return component;
  }

  /** The resolved component type, undefined when the workspace has none of that id. */
  componentType(workspaceId: string, componentTypeId: string): ResolvedComponentType | undefined {
    const json = this.typeStmt.get(workspaceId, componentTypeId) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as ResolvedComponentType);
  }

  /** The series of a property; created when `create`, else undefined if never written. */
  seriesOf(workspaceId: string, property: PropertyInfo, create: boolean): number | undefined {
    if (property.seriesId !== undefined) return property.seriesId;
    const args = [workspaceId, property.entityId, property.componentName, property.propertyName];
    let id = this.seriesIdStmt.get(...args) as number | undefined;
    if (id === undefined && create) {
      this.seriesInsertStmt.run(...args);
      id = this.seriesIdStmt.get(...args) as number;
    }
    property.seriesId = id;
    return id;
  }

  private load(workspaceId: string, entityId: string, componentName: string): ComponentLookup {
    const entityKey = this.entityStmt.get(workspaceId, entityId) as number | undefined;
    if (entityKey === undefined) return 'no-entity';
    const rows = this.componentStmt.all(entityKey, componentName) as {
      component_type_id: string;
      property_name: string | null;
      definition_json: string | null;
      value_json: string | null;
      plain_value_json: string | null;
      is_external_id: number | null;
    }[];
    if (rows.length === 0) return 'no-component';
    const componentTypeId = rows[0]!.component_type_id;
    const native = this.isNative(workspaceId, componentTypeId);
    const info: ComponentInfo = { entityId, componentName, componentTypeId, properties: new Map() };
    for (const row of rows) {
      if (row.property_name === null || row.definition_json === null) continue;
      info.properties.set(row.property_name, {
        entityId,
        componentName,
        propertyName: row.property_name,
        componentTypeId,
        definition: JSON.parse(row.definition_json) as PropertyDefinitionResponse,
        native,
        staticValue: row.value_json,
      });
      if (row.is_external_id === 1 && row.plain_value_json !== null) {
        const plain = JSON.parse(row.plain_value_json) as unknown;
        (info.externalIds ??= {})[row.property_name] = typeof plain === 'string' ? plain : JSON.stringify(plain);
      }
    }
    return info;
  }

  /** Values are ours unless a Lambda connector or Prometheus serves them (model/component-types/value-source). */
  private isNative(workspaceId: string, componentTypeId: string): boolean {
    const key = workspaceId + '\u0000' + componentTypeId;
    let native = this.nativeTypes.get(key);
    if (native === undefined) {
      const type = this.componentType(workspaceId, componentTypeId);
      native = !type || valueSource(type, componentTypeId, this.ancestors(workspaceId, type)) === 'store';
      this.nativeTypes.set(key, native);
    }
    return native;
  }

  /** Every type a type extends, directly or not (hierarchies are at most 10 deep and acyclic). */
  private ancestors(workspaceId: string, type: ResolvedComponentType): string[] {
    const found: string[] = [];
    const pending = [...type.extendsFrom];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (found.includes(id)) continue;
      found.push(id);
      pending.push(...(this.componentType(workspaceId, id)?.extendsFrom ?? []));
    }
    return found;
  }

  /** The entity whose component holds `name = value` as an external-id property. */
  entityByExternalId(
    workspaceId: string,
    componentName: string | undefined,
    name: string,
    value: string,
  ): string | undefined {
    return this.db
      .prepare(
        `SELECT e.entity_id FROM properties p
         JOIN components c ON c.component_key = p.component_key
         JOIN entities e ON e.entity_key = c.entity_key
         WHERE e.workspace_id = ? AND p.is_external_id = 1 AND p.property_name = ? AND p.plain_value_json = ?
           AND (? IS NULL OR c.component_name = ?)
         LIMIT 1`,
      )
      .pluck()
      .get(workspaceId, name, JSON.stringify(value), componentName ?? null, componentName ?? null) as
      string | undefined;
  }

  /** (entityId, componentName) of every component of the type, in that order. */
  componentsOfType(workspaceId: string, componentTypeId: string): { entityId: string; componentName: string }[] {
    return this.db
      .prepare(
        `SELECT e.entity_id AS entityId, c.component_name AS componentName FROM components c
         JOIN entities e ON e.entity_key = c.entity_key
         WHERE e.workspace_id = ? AND c.component_type_id = ?`,
      )
      .all(workspaceId, componentTypeId)
      .sort((a: any, b: any) => compareKeys([a.entityId, a.componentName], [b.entityId, b.componentName])) as {
      entityId: string;
      componentName: string;
    }[];
  }
}
