import type { DoppelClient } from '../common/client';
import { followPages } from '../common/paginate';
import type {
  ComponentTypeSummary,
  EntityPropertyReference,
  EntitySummary,
  GetComponentTypeResponse,
  GetEntityResponse,
  PropertyDefinition,
} from '../common/twinmaker';
import { PAGE_SIZE } from './types';

const TTL_MS = 30_000;

/**
 * Short-lived cache of entity and component-type documents: frames need property
 * definitions (data type, unit) and editors need component/property lists, often for the
 * same entity many times a minute.
 */
export class MetadataCache {
  private entities = new Map<string, { at: number; value: Promise<GetEntityResponse> }>();
  private types = new Map<string, { at: number; value: Promise<GetComponentTypeResponse> }>();
  private entityLists = new Map<string, { at: number; value: Promise<EntitySummary[]> }>();
  private typeLists = new Map<string, { at: number; value: Promise<ComponentTypeSummary[]> }>();

  constructor(private readonly client: DoppelClient) {}

  entity(workspaceId: string, entityId: string): Promise<GetEntityResponse> {
    return this.cached(this.entities, `${workspaceId}/${entityId}`, () => this.client.getEntity(workspaceId, entityId));
  }

  componentType(workspaceId: string, componentTypeId: string): Promise<GetComponentTypeResponse> {
    return this.cached(this.types, `${workspaceId}/${componentTypeId}`, () =>
      this.client.getComponentType(workspaceId, componentTypeId),
    );
  }

  /** Every entity of a workspace (up to 5000), for pickers: several editors open at once share one read. */
  entityList(workspaceId: string): Promise<EntitySummary[]> {
    return this.cached(this.entityLists, workspaceId, async () => {
      const paged = await followPages(
        (t) => this.client.listEntities(workspaceId, [], t, PAGE_SIZE),
        (p) => p.entitySummaries?.length ?? 0,
        { maxItems: 5000 },
      );
      return paged.pages.flatMap((p) => p.entitySummaries ?? []);
    });
  }

  /** Every component type of a workspace (up to 5000), for pickers. */
  componentTypeList(workspaceId: string): Promise<ComponentTypeSummary[]> {
    return this.cached(this.typeLists, workspaceId, async () => {
      const paged = await followPages(
        (t) => this.client.listComponentTypes(workspaceId, t, PAGE_SIZE),
        (p) => p.componentTypeSummaries?.length ?? 0,
        { maxItems: 5000 },
      );
      return paged.pages.flatMap((p) => p.componentTypeSummaries ?? []);
    });
  }

  /** Definitions of an entity component's properties, or of a component type's; undefined when unavailable. */
  async definitions(
    workspaceId: string,
    where: { entityId?: string; componentName?: string; componentTypeId?: string },
  ): Promise<Record<string, PropertyDefinition> | undefined> {
    try {
      if (where.entityId && where.componentName) {
        const entity = await this.entity(workspaceId, where.entityId);
        const properties = entity.components?.[where.componentName]?.properties ?? {};
        const out: Record<string, PropertyDefinition> = {};
        for (const [name, p] of Object.entries(properties)) if (p.definition) out[name] = p.definition;
        return out;
      }
      if (where.componentTypeId) {
        return (await this.componentType(workspaceId, where.componentTypeId)).propertyDefinitions ?? {};
      }
    } catch {
      // Definitions only refine frames (types, units); values still show without them.
    }
    return undefined;
  }

  clear() {
    this.entities.clear();
    this.types.clear();
    this.entityLists.clear();
    this.typeLists.clear();
  }

  private cached<T>(map: Map<string, { at: number; value: Promise<T> }>, key: string, load: () => Promise<T>) {
    const hit = map.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = load();
    map.set(key, { at: Date.now(), value });
    value.catch(() => map.delete(key));
    return value;
  }
}

/** Looks a reference's definition up by property name in a definitions map. */
export const lookupIn =
  (definitions: Record<string, PropertyDefinition> | undefined) => (ref: EntityPropertyReference) =>
    definitions?.[ref.propertyName];
