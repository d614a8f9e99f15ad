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
} from '../rows/entity-row';
import { Page } from '../workspaces';
import { loadProperties } from './component-properties';
import { SqliteComponentTypeStore } from './component-types';
import type { Statement } from 'better-sqlite3';
import { Db } from './database';
import { prepared } from './prepared';
import { EntityComponents } from './entity-components';
import { deleteTagsOf, writeTags } from './tags';
import { UntilNextWrite } from './until-next-write';

/**
 * What ListEntities shows of an entity, read as arrays in this column order: turning a page's
 * rows into objects cost more than the SQL (a name per column per row), and `e.*` carried
 * columns a summary does not show.
 */
const summarySelect = `SELECT e.entity_key, e.entity_id, e.entity_name, e.arn, p.entity_id, e.description,
  EXISTS (SELECT 1 FROM entities c WHERE c.parent_key = e.entity_key), e.creation_time, e.update_time
  FROM entities e LEFT JOIN entities p ON p.entity_key = e.parent_key`;
type SummaryRow = [
  entityKey: number,
  entityId: string,
  entityName: string,
  arn: string,
  parentId: string | null,
  description: string | null,
  hasChildren: number,
  creationTime: number,
  updateTime: number,
];

function toSummary([
  ,
  entityId,
  entityName,
  arn,
  parentId,
  description,
  withChildren,
  creation,
  update,
]: SummaryRow): EntitySummary {
  return {
    entityId,
    entityName,
    arn,
    parentEntityId: parentId ?? '$ROOT',
    status: activeStatus,
    ...(description !== null && { description }),
    hasChildEntities: withChildren === 1,
    creationDateTime: creation,
    updateDateTime: update,
  };
}

export class SqliteEntityStore implements EntityStore {
  private readonly types: SqliteComponentTypeStore;
  private readonly components: EntityComponents;

  /** read statements by SQL text: preparing one costs more than running it (a point read prepared several per request) */
  private readonly statements = new Map<string, Statement>();
  /**
   * GetEntity reads the entity, its components, their types and properties: in one read
   * transaction the WAL read lock is taken once, not once a statement (~14 µs each, more than
   * the reads themselves)
   */
  private readonly entityInOneRead: (workspaceId: string, entityId: string) => EntityResponse | undefined;
  /** GetEntity's answers, until the graph is written (a dashboard asks for the same entities over and over) */
  private readonly documents: UntilNextWrite<string, EntityResponse>;
  /** ListEntities' pages, until the graph is written (a dashboard's entity pickers list the same pages) */
  private readonly pages: UntilNextWrite<string, Page<EntitySummary, number>>;

  constructor(
    private readonly db: Db,
    private readonly ctx: StoreContext,
  ) {
    this.types = new SqliteComponentTypeStore(db, ctx);
    this.components = new EntityComponents(db, this.types);
    this.entityInOneRead = db.transaction((workspaceId: string, entityId: string) =>
      this.readEntity(workspaceId, entityId),
    );
    this.documents = new UntilNextWrite(db, 2000);
    this.pages = new UntilNextWrite(db, 500);
  }

  /** A prepared read statement, kept; callers must not change its mode (pluck/raw) unless theirs alone. */
  private read(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async create(workspaceId: string, input: CreateEntityBody): Promise<CreatedEntity> {
    return this.db.transaction(() => {
      const entityId = input.entityId ?? crypto.randomUUID();
      if (this.entityKey(workspaceId, entityId) !== undefined) throw entityExists(workspaceId, entityId);
      refuseComposite(input.compositeComponents, 'compositeComponents');
      const parentKey = this.parentKeyOf(workspaceId, input.parentEntityId);
      const now = this.ctx.now();
      const arn = resourceArn(this.ctx, workspaceId, 'entity', entityId);
      const { entity_key: entityKey } = prepared(
        this.db,
        `INSERT INTO entities (workspace_id, entity_id, entity_name, description, parent_key, arn, creation_time, update_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING entity_key`,
      ).get(workspaceId, entityId, input.entityName, input.description ?? null, parentKey, arn, now, now) as {
        entity_key: number;
      };
      for (const [name, component] of Object.entries(input.components ?? {})) {
        this.components.create(
          workspaceId,
          entityKey,
          name,
          component,
          component.properties ?? {},
          `components.${name}`,
        );
      }
      writeTags(this.db, workspaceId, arn, input.tags);
      return { entityId, arn, creationDateTime: now };
    })();
  }

  async get(workspaceId: string, entityId: string): Promise<EntityResponse | undefined> {
    return this.documents.get(`${workspaceId}\u0000${entityId}`, () => this.entityInOneRead(workspaceId, entityId));
  }

  async list(
    workspaceId: string,
    filters: ListEntitiesFilter[],
    maxResults: number,
    after?: number,
  ): Promise<Page<EntitySummary, number>> {
    const key = `${workspaceId}\u0000${JSON.stringify(filters)}\u0000${maxResults}\u0000${after ?? 0}`;
    return this.pages.get(key, () => this.readPage(workspaceId, filters, maxResults, after))!;
  }

  private readPage(
    workspaceId: string,
    filters: ListEntitiesFilter[],
    maxResults: number,
    after: number | undefined,
  ): Page<EntitySummary, number> {
    if (filters.length > 1)
      throw filterInvalid('filters accepts one filter only (parentEntityId, componentTypeId or externalId)');
    const where = ['e.workspace_id = @workspaceId', 'e.entity_key > @after'];
    const params: Record<string, unknown> = { workspaceId };
    const filter = filters[0];
    if (filter) {
      const set = Object.entries(filter).filter(([, v]) => v !== undefined);
      if (set.length !== 1)
        throw filterInvalid('filters[0] must set exactly one of parentEntityId, componentTypeId, externalId');
      if (filter.parentEntityId === '$ROOT') {
        where.push('e.parent_key IS NULL');
      } else if (filter.parentEntityId !== undefined) {
        where.push('p.entity_id = @parentEntityId');
        params.parentEntityId = filter.parentEntityId;
      } else if (filter.componentTypeId !== undefined) {
        where.push(
          'EXISTS (SELECT 1 FROM components c WHERE c.entity_key = e.entity_key AND c.component_type_id = @componentTypeId)',
        );
        params.componentTypeId = filter.componentTypeId;
      } else {
        where.push(
          `EXISTS (SELECT 1 FROM components c JOIN properties pr ON pr.component_key = c.component_key
             WHERE c.entity_key = e.entity_key AND pr.is_external_id = 1 AND pr.plain_value_json = @externalId)`,
        );
        params.externalId = JSON.stringify(filter.externalId);
      }
    }
    params.after = after ?? 0;
    params.limit = maxResults + 1;
    // a handful of SQL texts (one per filter kind), so each is prepared once
    const rows = this.read(`${summarySelect} WHERE ${where.join(' AND ')} ORDER BY e.entity_key LIMIT @limit`)
      .raw(true)
      .all(params) as SummaryRow[];
    const page = rows.slice(0, maxResults);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      ...(rows.length > maxResults && last && { next: last[0] }),
    };
  }

  async update(workspaceId: string, entityId: string, input: UpdateEntityBody): Promise<{ updateDateTime: number }> {
    return this.db.transaction(() => {
      const row = this.row(workspaceId, entityId);
      if (!row) throw entityNotFound(workspaceId, entityId);
      refuseComposite(input.compositeComponentUpdates, 'compositeComponentUpdates');
      let parentKey = row.parent_key;
      if (input.parentEntityUpdate) {
        const { updateType, parentEntityId } = input.parentEntityUpdate;
        if (updateType === 'DELETE') parentKey = null;
        else {
          if (!parentEntityId)
            throw entityInvalid('parentEntityUpdate.parentEntityId is required when updateType is UPDATE');
          parentKey = this.parentKeyOf(workspaceId, parentEntityId);
          if (parentKey !== null && this.isSelfOrDescendant(row.entity_key, parentKey)) {
            throw entityInvalid(
              `parentEntityUpdate: ${parentEntityId} is ${entityId} itself or one of its descendants (a cycle)`,
            );
          }
        }
      }
      for (const [name, update] of Object.entries(input.componentUpdates ?? {})) {
        this.components.update(workspaceId, row.entity_key, name, update);
      }
      const now = this.ctx.now();
      this.db
        .prepare(
          'UPDATE entities SET entity_name = ?, description = ?, parent_key = ?, update_time = ? WHERE entity_key = ?',
        )
        .run(input.entityName ?? row.entity_name, input.description ?? row.description, parentKey, now, row.entity_key);
      return { updateDateTime: now };
    })();
  }

  async delete(workspaceId: string, entityId: string, isRecursive: boolean): Promise<void> {
    this.db.transaction(() => {
      const row = this.row(workspaceId, entityId);
      if (!row) throw entityNotFound(workspaceId, entityId);
      if (hasChildren(row) && !isRecursive) throw entityHasChildren(entityId);
      // deepest first, so no row is removed while a child still points at it
      const doomed = this.db
        .prepare(
          `WITH RECURSIVE below(entity_key, arn, depth) AS (
             SELECT entity_key, arn, 0 FROM entities WHERE entity_key = ?
             UNION ALL SELECT e.entity_key, e.arn, b.depth + 1 FROM entities e JOIN below b ON e.parent_key = b.entity_key)
           SELECT entity_key, arn FROM below ORDER BY depth DESC`,
        )
        .all(row.entity_key) as { entity_key: number; arn: string }[];
      const remove = this.db.prepare('DELETE FROM entities WHERE entity_key = ?');
      for (const doomedRow of doomed) {
        deleteTagsOf(this.db, doomedRow.arn);
        remove.run(doomedRow.entity_key);
      }
    })();
  }

  async listComponents(
    workspaceId: string,
    entityId: string,
    maxResults: number,
    after = '',
  ): Promise<Page<ComponentSummary>> {
    const key = this.requireEntity(workspaceId, entityId);
    const rows = this.read(
      'SELECT * FROM components WHERE entity_key = ? AND component_name > ? ORDER BY component_name LIMIT ?',
    ).all(key, after, maxResults + 1) as ComponentRow[];
    const page = rows.slice(0, maxResults);
    const items = page.map((c) => ({
      componentName: c.component_name,
      componentTypeId: c.component_type_id,
      ...(c.description !== null && { description: c.description }),
      propertyGroups: propertyGroupsOf(c.property_groups_json, this.types.resolvedOf(workspaceId, c.component_type_id)),
      status: activeStatus,
    }));
    const last = page[page.length - 1];
    return {
      items,
      ...(rows.length > maxResults && last && { next: last.component_name }),
    };
  }

  async listProperties(
    workspaceId: string,
    entityId: string,
    componentName: string | undefined,
    maxResults: number,
    after = '',
  ): Promise<Page<PropertySummary>> {
    const key = this.requireEntity(workspaceId, entityId);
    if (!componentName) throw entityInvalid('componentName is required: name the component whose properties to list');
    const componentKey = this.db
      .prepare('SELECT component_key FROM components WHERE entity_key = ? AND component_name = ?')
      .pluck()
      .get(key, componentName) as number | undefined;
    if (componentKey === undefined) throw componentNotFound(entityId, componentName);
    const rows = this.db
      .prepare(
        `SELECT property_name, definition_json, value_json FROM properties WHERE component_key = ? AND property_name > ?
         ORDER BY property_name LIMIT ?`,
      )
      .all(componentKey, after, maxResults + 1) as {
      property_name: string;
      definition_json: string;
      value_json: string | null;
    }[];
    const page = rows.slice(0, maxResults);
    const items = page.map((r) => ({
      propertyName: r.property_name,
      definition: JSON.parse(r.definition_json),
      ...(r.value_json !== null && { value: JSON.parse(r.value_json) }),
      areAllPropertyValuesReturned: true,
    }));
    const last = page[page.length - 1];
    return {
      items,
      ...(rows.length > maxResults && last && { next: last.property_name }),
    };
  }

  private readEntity(workspaceId: string, entityId: string): EntityResponse | undefined {
    const row = this.row(workspaceId, entityId);
    if (!row) return undefined;
    const components: Record<string, ComponentResponse> = {};
    for (const component of this.componentRows(row.entity_key)) {
      const type = this.types.resolvedOf(workspaceId, component.component_type_id);
      components[component.component_name] = toComponentResponse(
        component,
        loadProperties(this.db, component.component_key),
        type,
      );
    }
    return toEntityResponse(workspaceId, row, components);
  }

  private parentKeyOf(workspaceId: string, parentEntityId: string | undefined): number | null {
    if (parentEntityId === undefined || parentEntityId === '$ROOT') return null;
    const key = this.entityKey(workspaceId, parentEntityId);
    if (key === undefined)
      throw entityInvalid(`parentEntityId ${parentEntityId} is not an entity in workspace ${workspaceId}`);
    return key;
  }

  private isSelfOrDescendant(entityKey: number, candidate: number): boolean {
    return (
      this.db
        .prepare(
          `WITH RECURSIVE up(k) AS (SELECT ? UNION SELECT e.parent_key FROM entities e JOIN up ON e.entity_key = up.k WHERE e.parent_key IS NOT NULL)
           SELECT 1 FROM up WHERE k = ?`,
        )
        .get(candidate, entityKey) !== undefined
    );
  }

  private componentRows(entityKey: number): ComponentRow[] {
    return this.read('SELECT * FROM components WHERE entity_key = ? ORDER BY component_name').all(
      entityKey,
    ) as ComponentRow[];
  }

  private requireEntity(workspaceId: string, entityId: string): number {
    const key = this.entityKey(workspaceId, entityId);
    if (key === undefined) throw entityNotFound(workspaceId, entityId);
    return key;
  }

  private entityKey(workspaceId: string, entityId: string): number | undefined {
    return this.read('SELECT entity_key FROM entities WHERE workspace_id = ? AND entity_id = ?')
      .pluck()
      .get(workspaceId, entityId) as number | undefined;
  }

  private row(workspaceId: string, entityId: string): EntityRow | undefined {
    return this.read(`${entitySelect} WHERE e.workspace_id = ? AND e.entity_id = ?`).get(workspaceId, entityId) as
      EntityRow | undefined;
  }
}
