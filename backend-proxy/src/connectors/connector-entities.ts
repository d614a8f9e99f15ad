import crypto from 'node:crypto';
import { FastifyBaseLogger } from 'fastify';
import { ComponentTypeResponse } from '../api/component-types';
import { CreateEntityBody, UpdateEntityBody } from '../api/entities';
import { entityExists } from '../errors';
import { PropertyRequest } from '../model/entities/component-properties';
import { EntityStore } from '../store/entities';
import { Store } from '../store/store';
import { ConnectorRegistry } from './connector-registry';
import { initializerArn, SchemaInitializer } from './lambda/schema-initializer';

/**
 * The entity store with TwinMaker's schemaInitializer in front of it: a component created
 * (CreateEntity, or UpdateEntity with a component to CREATE) whose type's schemaInitializer
 * a Lambda implements gets the properties its connector imports. The connectors are asked
 * before anything is written, so a connector that fails (424) leaves nothing created.
 * Everything else is the store's own; a type without such a function costs one type lookup
 * per new component.
 */
export class ConnectorEntityStore implements EntityStore {
  private readonly initializer: SchemaInitializer;

  constructor(
    private readonly inner: EntityStore,
    private readonly store: Pick<Store, 'componentTypes'>,
    registry: ConnectorRegistry,
    options: { env?: NodeJS.ProcessEnv; log?: FastifyBaseLogger } = {},
  ) {
    this.initializer = new SchemaInitializer(registry, options);
  }

  async create(workspaceId: string, input: CreateEntityBody) {
    const entityId = input.entityId ?? crypto.randomUUID();
    const components = { ...input.components };
    let checked = false;
    for (const [name, component] of Object.entries(components)) {
      const type = await this.initializedType(workspaceId, component.componentTypeId);
      if (!type) {
        components[name] = { ...component, properties: callerOnly(component.properties) };
        continue;
      }
      if (!checked) {
        // a name already taken is the caller's conflict: the connector is not asked
        if (await this.inner.get(workspaceId, entityId)) throw entityExists(workspaceId, entityId);
        checked = true;
      }
      const properties = await this.initializer.initialize(
        workspaceId,
        entityId,
        name,
        type,
        callerOnly(component.properties),
      );
      components[name] = { ...component, properties };
    }
    return this.inner.create(workspaceId, {
      ...input,
      entityId,
      ...(input.components && { components }),
    });
  }

  async update(workspaceId: string, entityId: string, input: UpdateEntityBody) {
    const updates = { ...input.componentUpdates };
    let existing: Set<string> | undefined;
    for (const [name, update] of Object.entries(updates)) {
      if (update.updateType === 'DELETE' || update.updateType === 'UPDATE') continue;
      const type = await this.initializedType(workspaceId, update.componentTypeId);
      if (!type) {
        updates[name] = { ...update, propertyUpdates: callerOnly(update.propertyUpdates) };
        continue;
      }
      if (!existing) {
        const entity = await this.inner.get(workspaceId, entityId);
        // no such entity: the store answers that, without the connector being asked
        if (!entity) return this.inner.update(workspaceId, entityId, input);
        existing = new Set(Object.keys(entity.components));
      }
      // an update without updateType to a component that exists is an UPDATE, not a creation
      if (update.updateType === undefined && existing.has(name)) continue;
      const propertyUpdates = await this.initializer.initialize(
        workspaceId,
        entityId,
        name,
        type,
        callerOnly(update.propertyUpdates),
      );
      updates[name] = { ...update, propertyUpdates };
    }
    return this.inner.update(workspaceId, entityId, {
      ...input,
      ...(input.componentUpdates && { componentUpdates: updates }),
    });
  }

  get: EntityStore['get'] = (...args) => this.inner.get(...args);
  list: EntityStore['list'] = (...args) => this.inner.list(...args);
  delete: EntityStore['delete'] = (...args) => this.inner.delete(...args);
  listComponents: EntityStore['listComponents'] = (...args) => this.inner.listComponents(...args);
  listProperties: EntityStore['listProperties'] = (...args) => this.inner.listProperties(...args);

  /** The component type when a Lambda implements its schemaInitializer; otherwise undefined (the store checks the rest). */
  private async initializedType(
    workspaceId: string,
    componentTypeId: string | undefined,
  ): Promise<ComponentTypeResponse | undefined> {
    if (componentTypeId === undefined) return undefined;
    const type = await this.store.componentTypes.get(workspaceId, componentTypeId);
    return type && initializerArn(type) !== undefined ? type : undefined;
  }
}

/**
 * The caller's property requests without the `imported` marker, which only the
 * schemaInitializer sets (request bodies may carry members the schema does not name).
 */
function callerOnly(requests: Record<string, PropertyRequest> | undefined): Record<string, PropertyRequest> {
  const out: Record<string, PropertyRequest> = {};
  for (const [name, request] of Object.entries(requests ?? {})) {
    const { imported: _ignored, ...rest } = request;
    out[name] = rest;
  }
  return out;
}
