import { componentNotFound, entityNotFound } from '../../../errors';
import { valueSource } from '../../../model/component-types/value-source';
import { compareKeys } from '../../../model/values/paging';
import { PropertyDefinitionResponse, ResolvedComponentType } from '../../../model/types';
import { ComponentInfo, ComponentLookup, PropertyInfo, PropertyLookup } from '../../values-common/property-lookup';
import { Queryable, rows } from '../database';

const key = (...parts: string[]) => parts.join('\u0000');

/**
 * The part of the knowledge graph one value request needs, read from PostgreSQL before the
 * shared value rules run (they ask synchronously). Read per request and dropped after it: a
 * replica never answers from a graph another replica has changed since.
 */
export class GraphSnapshot implements PropertyLookup {
  private readonly components = new Map<string, ComponentLookup>();
  private readonly types = new Map<string, ResolvedComponentType | undefined>();
  private readonly series = new Map<string, number>();
  private readonly externalIds = new Map<string, string | undefined>();
  private readonly typeComponents = new Map<string, { entityId: string; componentName: string }[]>();

  constructor(
    private readonly q: Queryable,
    readonly workspaceId: string,
  ) {}

  // ---- reading (async, before the rules run) ------------------------------------------------

  /** Reads the resolved types named and every type they extend (for the value-source rule). */
  async loadTypes(ids: Iterable<string>): Promise<void> {
    let pending = [...new Set(ids)].filter((id) => !this.types.has(id));
    while (pending.length > 0) {
      const found = await rows<{ component_type_id: string; resolved_json: string }>(
        this.q,
        'SELECT component_type_id, resolved_json FROM component_types WHERE workspace_id = $1 AND component_type_id = ANY($2::text[])',
        [this.workspaceId, pending],
      );
      for (const id of pending) this.types.set(id, undefined);
      const next = new Set<string>();
      for (const f of found) {
        const type = JSON.parse(f.resolved_json) as ResolvedComponentType;
        this.types.set(f.component_type_id, type);
        for (const parent of type.extendsFrom) if (!this.types.has(parent)) next.add(parent);
      }
      pending = [...next];
    }
  }

  /**
   * Reads components (with their properties and series ids) by (entityId, componentName), and
   * in the same statement their types with every type those extend (component_type_parents
   * mirrors each type's extendsFrom): one round trip, where reading the types after would be two.
   */
  async loadComponents(pairs: [entityId: string, componentName: string][]): Promise<void> {
    const wanted = pairs.filter(([e, c]) => !this.components.has(key(e, c)));
    if (wanted.length === 0) return;
    const read = await rows<{
      is_type: boolean;
      entity_id: string;
      component_name: string;
      component_type_id: string | null;
      property_name: string | null;
      definition_json: string | null;
      value_json: string | null;
      plain_value_json: string | null;
      is_external_id: boolean | null;
      series_id: number | null;
      has_entity: boolean;
      resolved_json: string | null;
    }>(
      this.q,
      `WITH RECURSIVE found AS (
         SELECT w.entity_id, w.component_name, c.component_type_id, p.property_name, p.definition_json, p.value_json,
                p.plain_value_json, p.is_external_id, s.series_id, e.entity_key IS NOT NULL AS has_entity
         FROM unnest($2::text[], $3::text[]) AS w(entity_id, component_name)
         LEFT JOIN entities e ON e.workspace_id = $1 AND e.entity_id = w.entity_id
         LEFT JOIN components c ON c.entity_key = e.entity_key AND c.component_name = w.component_name
         LEFT JOIN properties p ON p.component_key = c.component_key
         LEFT JOIN value_series s ON s.workspace_id = $1 AND s.entity_id = w.entity_id
           AND s.component_name = w.component_name AND s.property_name = p.property_name),
       type_ids(id) AS (
         SELECT component_type_id FROM found WHERE component_type_id IS NOT NULL
         UNION
         SELECT p.parent_id FROM component_type_parents p JOIN type_ids ON p.workspace_id = $1 AND p.component_type_id = type_ids.id)
       SELECT false AS is_type, found.*, NULL AS resolved_json FROM found
       UNION ALL
       SELECT true, NULL, NULL, i.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, t.resolved_json
       FROM type_ids i LEFT JOIN component_types t ON t.workspace_id = $1 AND t.component_type_id = i.id`,
      [this.workspaceId, wanted.map((p) => p[0]), wanted.map((p) => p[1])],
    );
    const found = read.filter((f) => !f.is_type);
    for (const t of read) {
      if (!t.is_type || this.types.has(t.component_type_id!)) continue;
      this.types.set(
        t.component_type_id!,
        t.resolved_json === null ? undefined : (JSON.parse(t.resolved_json) as ResolvedComponentType),
      );
    }
    // a no-op unless a type's parents were not all read above
    await this.loadTypes(
      [...this.types.values()].flatMap((type) => type?.extendsFrom ?? []).filter((id) => !this.types.has(id)),
    );
    for (const f of found) {
      const k = key(f.entity_id, f.component_name);
      if (!f.has_entity) {
        this.components.set(k, 'no-entity');
        continue;
      }
      if (f.component_type_id === null) {
        this.components.set(k, 'no-component');
        continue;
      }
      let info = this.components.get(k);
      if (typeof info !== 'object') {
        info = {
          entityId: f.entity_id,
          componentName: f.component_name,
          componentTypeId: f.component_type_id,
          properties: new Map(),
        };
        this.components.set(k, info);
      }
      if (f.property_name === null || f.definition_json === null) continue;
      const property: PropertyInfo = {
        entityId: f.entity_id,
        componentName: f.component_name,
        propertyName: f.property_name,
        componentTypeId: f.component_type_id,
        definition: JSON.parse(f.definition_json) as PropertyDefinitionResponse,
        native: this.isNative(f.component_type_id),
        staticValue: f.value_json,
        ...(f.series_id !== null && { seriesId: f.series_id }),
      };
      info.properties.set(f.property_name, property);
      if (f.series_id !== null) this.series.set(key(f.entity_id, f.component_name, f.property_name), f.series_id);
      if (f.is_external_id && f.plain_value_json !== null) {
        const plain = JSON.parse(f.plain_value_json) as unknown;
        (info.externalIds ??= {})[f.property_name] = typeof plain === 'string' ? plain : JSON.stringify(plain);
      }
    }
  }

  /** Reads the components whose type is exactly `componentTypeId` (and the type). */
  async loadComponentsOfType(componentTypeId: string): Promise<void> {
    await this.loadTypes([componentTypeId]);
    const found = await rows<{ entity_id: string; component_name: string }>(
      this.q,
      `SELECT e.entity_id, c.component_name FROM components c JOIN entities e ON e.entity_key = c.entity_key
       WHERE e.workspace_id = $1 AND c.component_type_id = $2`,
      [this.workspaceId, componentTypeId],
    );
    const list = found
      .map((f) => ({ entityId: f.entity_id, componentName: f.component_name }))
      .sort((a, b) => compareKeys([a.entityId, a.componentName], [b.entityId, b.componentName]));
    this.typeComponents.set(componentTypeId, list);
    await this.loadComponents(list.map((c) => [c.entityId, c.componentName]));
  }

  /** Reads which entity holds each external id (BatchPut entries that name no entityId). */
  async loadExternalIds(refs: { componentName?: string; name: string; value: string }[]): Promise<void> {
    for (const ref of refs) {
      const k = key(ref.componentName ?? '', ref.name, ref.value);
      if (this.externalIds.has(k)) continue;
      const found = await rows<{ entity_id: string }>(
        this.q,
        `SELECT e.entity_id FROM properties p
         JOIN components c ON c.component_key = p.component_key
         JOIN entities e ON e.entity_key = c.entity_key
         WHERE e.workspace_id = $1 AND p.is_external_id AND p.property_name = $2 AND p.plain_value_json = $3
           AND ($4::text IS NULL OR c.component_name = $4)
         ORDER BY e.entity_key LIMIT 1`,
        [this.workspaceId, ref.name, JSON.stringify(ref.value), ref.componentName ?? null],
      );
      this.externalIds.set(k, found[0]?.entity_id);
    }
  }

  // ---- answering (sync, PropertyLookup) -----------------------------------------------------

  component(workspaceId: string, entityId: string, componentName: string): ComponentLookup {
    const found = this.components.get(key(entityId, componentName));
    if (found === undefined) throw new Error(`snapshot of ${workspaceId} did not read ${entityId}/${componentName}`);
    return found;
  }

  existingComponent(workspaceId: string, entityId: string, componentName: string): ComponentInfo {
    const component = this.component(workspaceId, entityId, componentName);
    if (component === 'no-entity') throw entityNotFound(workspaceId, entityId);
    if (component === 'no-component') throw componentNotFound(entityId, componentName);
    return component;
  }

  componentType(_workspaceId: string, componentTypeId: string): ResolvedComponentType | undefined {
    return this.types.get(componentTypeId);
  }

  /** Known series only: PostgreSQL creates series in the write's transaction (PgValueWriter). */
  seriesOf(_workspaceId: string, property: PropertyInfo): number | undefined {
    property.seriesId ??= this.series.get(key(property.entityId, property.componentName, property.propertyName));
    return property.seriesId;
  }

  entityByExternalId(_workspaceId: string, componentName: string | undefined, name: string, value: string) {
    return this.externalIds.get(key(componentName ?? '', name, value));
  }

  componentsOfType(_workspaceId: string, componentTypeId: string) {
    return this.typeComponents.get(componentTypeId) ?? [];
  }

  private isNative(componentTypeId: string): boolean {
    const type = this.types.get(componentTypeId);
    if (!type) return true;
    const ancestors: string[] = [];
    const pending = [...type.extendsFrom];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (ancestors.includes(id)) continue;
      ancestors.push(id);
      pending.push(...(this.types.get(id)?.extendsFrom ?? []));
    }
    return valueSource(type, componentTypeId, ancestors) === 'store';
  }
}
