import crypto from 'node:crypto';
import {
  ComponentResponse,
  ComponentSummary,
  CreateEntityBody,
  EntityResponse,
  EntitySummary,
  ListEntitiesFilter,
  PropertySummary,
  UpdateEntityBody,
} from '../../api/entities';
import { resourceArn } from '../../arn';
import {
  componentNotFound,
  entityExists,
  entityHasChildren,
  entityInvalid,
  entityNotFound,
  filterInvalid,
} from '../../errors';
import { propertyGroupsOf } from '../../model/entities/property-groups';
import { StoreContext } from '../context';
import { CreatedEntity, EntityStore } from '../entities';
import {
  activeStatus,
  ComponentRow,
  EntityRow,
  entitySelect,
  hasChildren,
  refuseComposite,
  toComponentResponse,
  toEntityResponse,
  toEntitySummary,
} from '../rows/entity-row';
import { Page } from '../workspaces';
import { loadProperties } from './component-properties';
import { resolvedTypeOf } from './component-types';
import { PgDb, Queryable, row, rows } from './database';
import { createComponent, updateComponent } from './entity-components';
import { deleteTagsOf, writeTags } from './tags';

const selectEntity = (q: Queryable, workspaceId: string, entityId: string) =>
  row<EntityRow>(q, `${entitySelect} WHERE e.workspace_id = $1 AND e.entity_id = $2`, [workspaceId, entityId]);

async function entityKey(q: Queryable, workspaceId: string, entityId: string): Promise<number | undefined> {
  return (
    await row<{ entity_key: number }>(q, 'SELECT entity_key FROM entities WHERE workspace_id = $1 AND entity_id = $2', [
      workspaceId,
      entityId,
    ])
  )?.entity_key;
}

export class PgEntityStore implements EntityStore {
  constructor(
    private readonly db: PgDb,
    private readonly ctx: StoreContext,
  ) {}

  async create(workspaceId: string, input: CreateEntityBody): Promise<CreatedEntity> {
    return this.db.graphWrite(async (q) => {
      const entityId = input.entityId ?? crypto.randomUUID();
      if ((await entityKey(q, workspaceId, entityId)) !== undefined) throw entityExists(workspaceId, entityId);
      refuseComposite(input.compositeComponents, 'compositeComponents');
      const parentKey = await parentKeyOf(q, workspaceId, input.parentEntityId);
      const now = this.ctx.now();
      const arn = resourceArn(this.ctx, workspaceId, 'entity', entityId);
      const { entity_key: key } = (await row<{ entity_key: number }>(
        q,
        `INSERT INTO entities (workspace_id, entity_id, entity_name, description, parent_key, arn, creation_time, update_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING entity_key`,
        [workspaceId, entityId, input.entityName, input.description ?? null, parentKey, arn, now, now],
      ))!;
      for (const [name, component] of Object.entries(input.components ?? {})) {
        await createComponent(q, workspaceId, key, name, component, component.properties ?? {}, `components.${name}`);
      }
      await writeTags(q, workspaceId, arn, input.tags);
      return { entityId, arn, creationDateTime: now };
    });
  }

  async get(workspaceId: string, entityId: string): Promise<EntityResponse | undefined> {
    // one snapshot: a concurrent update cannot show half its components
    return this.db.tx(async (q) => {
      await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const r = await selectEntity(q, workspaceId, entityId);
      if (!r) return undefined;
      const components: Record<string, ComponentResponse> = {};
      const componentRows = await rows<ComponentRow>(
        q,
        'SELECT * FROM components WHERE entity_key = $1 ORDER BY component_name',
        [r.entity_key],
      );
      for (const component of componentRows) {
        const type = await resolvedTypeOf(q, workspaceId, component.component_type_id);
        components[component.component_name] = toComponentResponse(
          component,
          await loadProperties(q, component.component_key),
          type,
        );
      }
      return toEntityResponse(workspaceId, r, components);
    });
  }

  async list(
    workspaceId: string,
    filters: ListEntitiesFilter[],
    maxResults: number,
    after?: number,
  ): Promise<Page<EntitySummary, number>> {
    if (filters.length > 1)
      throw filterInvalid('filters accepts one filter only (parentEntityId, componentTypeId or externalId)');
    const params: unknown[] = [workspaceId, after ?? 0];
    const where = ['e.workspace_id = $1', 'e.entity_key > $2'];
    const filter = filters[0];
    if (filter) {
      const set = Object.entries(filter).filter(([, v]) => v !== undefined);
      if (set.length !== 1)
        throw filterInvalid('filters[0] must set exactly one of parentEntityId, componentTypeId, externalId');
      if (filter.parentEntityId === '$ROOT') {
        where.push('e.parent_key IS NULL');
      } else if (filter.parentEntityId !== undefined) {
        params.push(filter.parentEntityId);
        where.push(`p.entity_id = $${params.length}`);
      } else if (filter.componentTypeId !== undefined) {
        params.push(filter.componentTypeId);
        where.push(
          `EXISTS (SELECT 1 FROM components c WHERE c.entity_key = e.entity_key AND c.component_type_id = $${params.length})`,
        );
      } else {
        params.push(JSON.stringify(filter.externalId));
        where.push(
          `EXISTS (SELECT 1 FROM components c JOIN properties pr ON pr.component_key = c.component_key
             WHERE c.entity_key = e.entity_key AND pr.is_external_id AND pr.plain_value_json = $${params.length})`,
        );
      }
    }
    params.push(maxResults + 1);
    const found = await rows<EntityRow>(
      this.db.pool,
      `${entitySelect} WHERE ${where.join(' AND ')} ORDER BY e.entity_key LIMIT $${params.length}`,
      params,
    );
    const page = found.slice(0, maxResults);
    const last = page[page.length - 1];
    return { items: page.map(toEntitySummary), ...(found.length > maxResults && last && { next: last.entity_key }) };
  }

  async update(workspaceId: string, entityId: string, input: UpdateEntityBody): Promise<{ updateDateTime: number }> {
    return this.db.graphWrite(async (q) => {
      const current = await selectEntity(q, workspaceId, entityId);
      if (!current) throw entityNotFound(workspaceId, entityId);
      refuseComposite(input.compositeComponentUpdates, 'compositeComponentUpdates');
      let parentKey = current.parent_key;
      if (input.parentEntityUpdate) {
        const { updateType, parentEntityId } = input.parentEntityUpdate;
        if (updateType === 'DELETE') parentKey = null;
        else {
          if (!parentEntityId)
            throw entityInvalid('parentEntityUpdate.parentEntityId is required when updateType is UPDATE');
          parentKey = await parentKeyOf(q, workspaceId, parentEntityId);
          if (parentKey !== null && (await isSelfOrDescendant(q, current.entity_key, parentKey))) {
            throw entityInvalid(
              `parentEntityUpdate: ${parentEntityId} is ${entityId} itself or one of its descendants (a cycle)`,
            );
          }
        }
      }
      for (const [name, update] of Object.entries(input.componentUpdates ?? {})) {
        await updateComponent(q, workspaceId, current.entity_key, name, update);
      }
      const now = this.ctx.now();
      await q.query(
        'UPDATE entities SET entity_name = $1, description = $2, parent_key = $3, update_time = $4 WHERE entity_key = $5',
        [
          input.entityName ?? current.entity_name,
          input.description ?? current.description,
          parentKey,
          now,
          current.entity_key,
        ],
      );
      return { updateDateTime: now };
    });
  }

  async delete(workspaceId: string, entityId: string, isRecursive: boolean): Promise<void> {
    await this.db.graphWrite(async (q) => {
      const current = await selectEntity(q, workspaceId, entityId);
      if (!current) throw entityNotFound(workspaceId, entityId);
      if (hasChildren(current) && !isRecursive) throw entityHasChildren(entityId);
      // deepest first, so no row is removed while a child still points at it
      const doomed = await rows<{ entity_key: number; arn: string }>(
        q,
        `WITH RECURSIVE below(entity_key, arn, depth) AS (
           SELECT entity_key, arn, 0 FROM entities WHERE entity_key = $1
           UNION ALL SELECT e.entity_key, e.arn, b.depth + 1 FROM entities e JOIN below b ON e.parent_key = b.entity_key)
         SELECT entity_key, arn FROM below ORDER BY depth DESC`,
        [current.entity_key],
      );
      for (const d of doomed) {
        await deleteTagsOf(q, d.arn);
        await q.query('DELETE FROM entities WHERE entity_key = $1', [d.entity_key]);
      }
    });
  }

  async listComponents(
    workspaceId: string,
    entityId: string,
    maxResults: number,
    after = '',
  ): Promise<Page<ComponentSummary>> {
    const key = await requireEntity(this.db.pool, workspaceId, entityId);
    const found = await rows<ComponentRow>(
      this.db.pool,
      'SELECT * FROM components WHERE entity_key = $1 AND component_name > $2 ORDER BY component_name LIMIT $3',
      [key, after, maxResults + 1],
    );
    const page = found.slice(0, maxResults);
    const items: ComponentSummary[] = [];
    for (const c of page) {
      items.push({
        componentName: c.component_name,
        componentTypeId: c.component_type_id,
        ...(c.description !== null && { description: c.description }),
        propertyGroups: propertyGroupsOf(
          c.property_groups_json,
          await resolvedTypeOf(this.db.pool, workspaceId, c.component_type_id),
        ),
        status: activeStatus,
      });
    }
    const last = page[page.length - 1];
    return { items, ...(found.length > maxResults && last && { next: last.component_name }) };
  }

  async listProperties(
    workspaceId: string,
    entityId: string,
    componentName: string | undefined,
    maxResults: number,
    after = '',
  ): Promise<Page<PropertySummary>> {
    const key = await requireEntity(this.db.pool, workspaceId, entityId);
    if (!componentName) throw entityInvalid('componentName is required: name the component whose properties to list');
    const component = await row<{ component_key: number }>(
      this.db.pool,
      'SELECT component_key FROM components WHERE entity_key = $1 AND component_name = $2',
      [key, componentName],
    );
    if (component === undefined) throw componentNotFound(entityId, componentName);
    const found = await rows<{ property_name: string; definition_json: string; value_json: string | null }>(
      this.db.pool,
      `SELECT property_name, definition_json, value_json FROM properties WHERE component_key = $1 AND property_name > $2
       ORDER BY property_name LIMIT $3`,
      [component.component_key, after, maxResults + 1],
    );
    const page = found.slice(0, maxResults);
    const items = page.map((r) => ({
      propertyName: r.property_name,
      definition: JSON.parse(r.definition_json),
      ...(r.value_json !== null && { value: JSON.parse(r.value_json) }),
      areAllPropertyValuesReturned: true,
    }));
    const last = page[page.length - 1];
    return { items, ...(found.length > maxResults && last && { next: last.property_name }) };
  }
}

async function parentKeyOf(
  q: Queryable,
  workspaceId: string,
  parentEntityId: string | undefined,
): Promise<number | null> {
  if (parentEntityId === undefined || parentEntityId === '$ROOT') return null;
  const key = await entityKey(q, workspaceId, parentEntityId);
  if (key === undefined)
    throw entityInvalid(`parentEntityId ${parentEntityId} is not an entity in workspace ${workspaceId}`);
  return key;
}

async function isSelfOrDescendant(q: Queryable, key: number, candidate: number): Promise<boolean> {
  const found = await row(
    q,
    `WITH RECURSIVE up(k) AS (SELECT $1::integer UNION SELECT e.parent_key FROM entities e JOIN up ON e.entity_key = up.k WHERE e.parent_key IS NOT NULL)
     SELECT 1 FROM up WHERE k = $2`,
    [candidate, key],
  );
  return found !== undefined;
}

async function requireEntity(q: Queryable, workspaceId: string, entityId: string): Promise<number> {
  const key = await entityKey(q, workspaceId, entityId);
  if (key === undefined) throw entityNotFound(workspaceId, entityId);
  return key;
}
