import { ComponentTypeResponse } from '../api/component-types';
import { ComponentResponse, EntityResponse } from '../api/entities';
import { componentNotFound, componentTypeNotFound, entityNotFound } from '../errors';
import { valueSource, ValueSource } from '../model/component-types/value-source';
import { compareKeys } from '../model/values/paging';
import { Store } from '../store/store';

/** Finds the entity and component that hold a set of external-id values. */
export interface ExternalIdIndex {
  find(ids: Record<string, string>): Promise<{ entityId: string; componentName: string } | undefined>;
}

/**
 * What connectors need of the knowledge graph, read through the store's own interfaces (the
 * store owns every SQL statement, and this works on any store behind them).
 */
export class ConnectorGraph {
  constructor(private readonly store: Pick<Store, 'entities' | 'componentTypes'>) {}

  async component(
    workspaceId: string,
    entityId: string,
    componentName: string,
  ): Promise<{ entity: EntityResponse; component: ComponentResponse; type: ComponentTypeResponse }> {
    const entity = await this.store.entities.get(workspaceId, entityId);
    if (!entity) throw entityNotFound(workspaceId, entityId);
    const component = entity.components[componentName];
    if (!component) throw componentNotFound(entityId, componentName);
    return { entity, component, type: await this.componentType(workspaceId, component.componentTypeId) };
  }

  async componentType(workspaceId: string, componentTypeId: string): Promise<ComponentTypeResponse> {
    const type = await this.store.componentTypes.get(workspaceId, componentTypeId);
    if (!type) throw componentTypeNotFound(workspaceId, componentTypeId);
    return type;
  }

  /** Where the type's time-series values come from (the rule in model/component-types/value-source). */
  async source(workspaceId: string, type: ComponentTypeResponse): Promise<ValueSource> {
    const ancestors: string[] = [];
    const pending = [...(type.extendsFrom ?? [])];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (ancestors.includes(id)) continue;
      ancestors.push(id);
      pending.push(...((await this.store.componentTypes.get(workspaceId, id))?.extendsFrom ?? []));
    }
    return valueSource(type, type.componentTypeId, ancestors);
  }

  /** (entityId, componentName) of every component of exactly this type, in page order. */
  async componentsOfType(
    workspaceId: string,
    componentTypeId: string,
  ): Promise<{ entityId: string; componentName: string; component: ComponentResponse }[]> {
    const found: { entityId: string; componentName: string; component: ComponentResponse }[] = [];
    let after: number | undefined;
    do {
      const page = await this.store.entities.list(workspaceId, [{ componentTypeId }], 250, after);
      for (const summary of page.items) {
        const entity = await this.store.entities.get(workspaceId, summary.entityId);
        for (const component of Object.values(entity?.components ?? {})) {
          if (component.componentTypeId === componentTypeId) {
            found.push({ entityId: summary.entityId, componentName: component.componentName, component });
          }
        }
      }
      after = page.next;
    } while (after !== undefined);
    return found.sort((a, b) => compareKeys([a.entityId, a.componentName], [b.entityId, b.componentName]));
  }

  /** The entity whose component `componentName` holds the external id `name` = `value` (BatchPut by externalIdProperty). */
  async entityByExternalId(
    workspaceId: string,
    componentName: string,
    name: string,
    value: string,
  ): Promise<string | undefined> {
    const page = await this.store.entities.list(workspaceId, [{ externalId: value }], 100);
    for (const summary of page.items) {
      const entity = await this.store.entities.get(workspaceId, summary.entityId);
      const held = entity?.components[componentName]?.properties[name];
      if (held?.definition?.isExternalId && held.value?.stringValue === value) return summary.entityId;
    }
    return undefined;
  }

  /** Resolves external ids to the component of the type that holds them; answers are remembered per index. */
  externalIds(workspaceId: string, componentTypeId: string): ExternalIdIndex {
    const memo = new Map<string, Promise<{ entityId: string; componentName: string } | undefined>>();
    const lookup = async (ids: Record<string, string>) => {
      const [first] = Object.values(ids);
      if (first === undefined) return undefined;
      const page = await this.store.entities.list(workspaceId, [{ externalId: first }], 100);
      for (const summary of page.items) {
        const entity = await this.store.entities.get(workspaceId, summary.entityId);
        for (const component of Object.values(entity?.components ?? {})) {
          if (component.componentTypeId !== componentTypeId) continue;
          const holds = Object.entries(ids).every(([name, value]) => {
            const v = component.properties[name]?.value;
            return v !== undefined && (v.stringValue ?? JSON.stringify(v)) === value;
          });
          if (holds) return { entityId: summary.entityId, componentName: component.componentName };
        }
      }
      return undefined;
    };
    return {
      find(ids) {
        const key = JSON.stringify(Object.entries(ids).sort());
        let found = memo.get(key);
        if (!found) memo.set(key, (found = lookup(ids)));
        return found;
      },
    };
  }
}
