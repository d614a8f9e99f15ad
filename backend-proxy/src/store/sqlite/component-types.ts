import {
  ComponentTypeRequest,
  ComponentTypeResponse,
  ComponentTypeSummary,
  ListComponentTypesFilter,
} from '../../api/component-types';
import { resourceArn } from '../../arn';
import {
  builtInTypeReadOnly,
  componentTypeExists,
  componentTypeInUse,
  componentTypeInvalid,
  componentTypeNotFound,
  filterInvalid,
} from '../../errors';
import {
  builtInComponentTypes,
  doppelNamespace,
  isBuiltIn,
  reservedNamespace,
} from '../../model/component-types/built-ins';
import { componentTypeResponse, componentTypeSummary, descendantsInOrder } from '../../model/component-types/records';
import { checkHierarchy, resolveComponentType } from '../../model/component-types/resolve';
import { ResolvedComponentType } from '../../model/types';
import { ComponentTypeStore } from '../component-types';
import { StoreContext } from '../context';
import { Page } from '../workspaces';
import { resyncComponentsOfTypes } from './component-properties';
import { Db } from './database';
import { prepared } from './prepared';
import { deleteTagsOf, writeTags } from './tags';

/** TwinMaker's quota "depth of component type hierarchy". */
const maxHierarchyDepth = 10;

interface ComponentTypeRow {
  workspace_id: string;
  component_type_id: string;
  arn: string;
  description: string | null;
  component_type_name: string | null;
  is_singleton: number;
  is_abstract: number;
  request_json: string;
  resolved_json: string;
  creation_time: number;
  update_time: number;
}

const toResponse = componentTypeResponse;
const toSummary = componentTypeSummary;

export class SqliteComponentTypeStore implements ComponentTypeStore {
  constructor(
    private readonly db: Db,
    private readonly ctx: StoreContext,
  ) {}

  async create(
    workspaceId: string,
    componentTypeId: string,
    request: ComponentTypeRequest,
    tags?: Record<string, string>,
  ): Promise<ComponentTypeResponse> {
    return this.db.transaction(() => {
      if (isBuiltIn(componentTypeId)) {
        throw componentTypeInvalid(
          `Component type ids starting with ${reservedNamespace} or ${doppelNamespace} are reserved for built-in types: choose another id`,
        );
      }
      if (this.row(workspaceId, componentTypeId)) throw componentTypeExists(workspaceId, componentTypeId);
      const resolved = this.resolve(workspaceId, componentTypeId, request);
      const arn = resourceArn(this.ctx, workspaceId, 'component-type', componentTypeId);
      this.insert(workspaceId, componentTypeId, arn, request, resolved);
      writeTags(this.db, workspaceId, arn, tags);
      return toResponse(this.row(workspaceId, componentTypeId)!);
    })();
  }

  async get(workspaceId: string, componentTypeId: string): Promise<ComponentTypeResponse | undefined> {
    const row = this.row(workspaceId, componentTypeId);
    return row && toResponse(row);
  }

  async list(
    workspaceId: string,
    filters: ListComponentTypesFilter[],
    maxResults: number,
    after?: string,
  ): Promise<Page<ComponentTypeSummary>> {
    const where = ['t.workspace_id = @workspaceId', 't.component_type_id > @after'];
    const params: Record<string, unknown> = { workspaceId };
    filters.forEach((filter, i) => {
      const set = Object.entries(filter).filter(([, v]) => v !== undefined);
      if (set.length !== 1) {
        throw filterInvalid(`filters[${i}] must set exactly one of extendsFrom, namespace, isAbstract`);
      }
      if (filter.extendsFrom !== undefined) {
        where.push(
          `EXISTS (SELECT 1 FROM component_type_parents p WHERE p.workspace_id = t.workspace_id AND p.component_type_id = t.component_type_id AND p.parent_id = @extendsFrom${i})`,
        );
        params[`extendsFrom${i}`] = filter.extendsFrom;
      } else if (filter.namespace !== undefined) {
        where.push(`substr(t.component_type_id, 1, length(@namespace${i})) = @namespace${i}`);
        params[`namespace${i}`] = filter.namespace;
      } else {
        where.push(`t.is_abstract = @isAbstract${i}`);
        params[`isAbstract${i}`] = filter.isAbstract ? 1 : 0;
      }
    });
    params.after = after ?? '';
    params.limit = maxResults + 1;
    const rows = this.db
      .prepare(`SELECT * FROM component_types t WHERE ${where.join(' AND ')} ORDER BY t.component_type_id LIMIT @limit`)
      .all(params) as ComponentTypeRow[];
    const more = rows.length > maxResults;
    const items = rows.slice(0, maxResults).map(toSummary);
    const last = items[items.length - 1];
    return { items, ...(more && last && { next: last.componentTypeId }) };
  }

  async update(
    workspaceId: string,
    componentTypeId: string,
    request: ComponentTypeRequest,
  ): Promise<ComponentTypeResponse> {
    return this.db.transaction(() => {
      const row = this.row(workspaceId, componentTypeId);
      if (!row) throw componentTypeNotFound(workspaceId, componentTypeId);
      if (isBuiltIn(componentTypeId)) throw builtInTypeReadOnly(componentTypeId, 'changed');
      const before = new Map<string, ResolvedComponentType>();
      const resolved = this.resolve(workspaceId, componentTypeId, request);
      before.set(componentTypeId, JSON.parse(row.resolved_json));
      this.write(workspaceId, componentTypeId, request, resolved);
      // descendants inherit the change: re-resolve them parents-first
      for (const id of this.descendantsInOrder(workspaceId, componentTypeId)) {
        const descendant = this.row(workspaceId, id)!;
        before.set(id, JSON.parse(descendant.resolved_json));
        const ownRequest = JSON.parse(descendant.request_json) as ComponentTypeRequest;
        this.write(workspaceId, id, ownRequest, this.resolve(workspaceId, id, ownRequest));
      }
      const after = new Map([...before.keys()].map((id) => [id, this.resolvedOf(workspaceId, id)!]));
      resyncComponentsOfTypes(this.db, workspaceId, before, after);
      return toResponse(this.row(workspaceId, componentTypeId)!);
    })();
  }

  async delete(workspaceId: string, componentTypeId: string): Promise<void> {
    this.db.transaction(() => {
      const row = this.row(workspaceId, componentTypeId);
      if (!row) throw componentTypeNotFound(workspaceId, componentTypeId);
      if (isBuiltIn(componentTypeId)) throw builtInTypeReadOnly(componentTypeId, 'deleted');
      const users = this.db
        .prepare(
          `SELECT count(*) FROM components c JOIN entities e ON e.entity_key = c.entity_key
           WHERE e.workspace_id = ? AND c.component_type_id = ?`,
        )
        .pluck()
        .get(workspaceId, componentTypeId) as number;
      if (users > 0) {
        throw componentTypeInUse(
          `Component type ${componentTypeId} is used by ${users} components: remove them from their entities first`,
        );
      }
      const children = this.childrenOf(workspaceId, componentTypeId);
      if (children.length > 0) {
        throw componentTypeInUse(
          `Component type ${componentTypeId} is extended by ${children.join(', ')}: delete or change those first`,
        );
      }
      deleteTagsOf(this.db, row.arn);
      this.db
        .prepare('DELETE FROM component_types WHERE workspace_id = ? AND component_type_id = ?')
        .run(workspaceId, componentTypeId);
    })();
  }

  /** The resolved definition entities build their components from. */
  resolvedOf(workspaceId: string, componentTypeId: string): ResolvedComponentType | undefined {
    const json = prepared(
      this.db,
      'SELECT resolved_json FROM component_types WHERE workspace_id = ? AND component_type_id = ?',
    )
      .pluck()
      .get(workspaceId, componentTypeId) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as ResolvedComponentType);
  }

  private resolve(workspaceId: string, componentTypeId: string, request: ComponentTypeRequest): ResolvedComponentType {
    const extendsFrom = request.extendsFrom ?? [];
    const parents = extendsFrom.map((parentId) => {
      const resolved = this.resolvedOf(workspaceId, parentId);
      if (!resolved)
        throw componentTypeInvalid(
          `extendsFrom names ${parentId}, which is not a component type in workspace ${workspaceId}`,
        );
      return { componentTypeId: parentId, resolved };
    });
    checkHierarchy(componentTypeId, extendsFrom, (id) => this.parentsOf(workspaceId, id), maxHierarchyDepth);
    for (const [name, composite] of Object.entries(request.compositeComponentTypes ?? {})) {
      if (composite.componentTypeId && !this.resolvedOf(workspaceId, composite.componentTypeId)) {
        throw componentTypeInvalid(
          `compositeComponentTypes.${name} names ${composite.componentTypeId}, which does not exist`,
        );
      }
    }
    return resolveComponentType(request, parents);
  }

  /** Inserts an already resolved type (creation, and seeding built-ins into a new workspace). */
  insert(
    workspaceId: string,
    componentTypeId: string,
    arn: string,
    request: ComponentTypeRequest,
    resolved: ResolvedComponentType,
  ): void {
    const now = this.ctx.now();
    this.db
      .prepare(
        `INSERT INTO component_types (workspace_id, component_type_id, arn, description, component_type_name, is_singleton,
           is_abstract, request_json, resolved_json, creation_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        workspaceId,
        componentTypeId,
        arn,
        request.description ?? null,
        request.componentTypeName ?? null,
        resolved.isSingleton ? 1 : 0,
        resolved.isAbstract ? 1 : 0,
        JSON.stringify(request),
        JSON.stringify(resolved),
        now,
        now,
      );
    this.writeParents(workspaceId, componentTypeId, resolved.extendsFrom);
  }

  private write(
    workspaceId: string,
    componentTypeId: string,
    request: ComponentTypeRequest,
    resolved: ResolvedComponentType,
  ) {
    this.db
      .prepare(
        `UPDATE component_types SET description = ?, component_type_name = ?, is_singleton = ?, is_abstract = ?,
           request_json = ?, resolved_json = ?, update_time = ? WHERE workspace_id = ? AND component_type_id = ?`,
      )
      .run(
        request.description ?? null,
        request.componentTypeName ?? null,
        resolved.isSingleton ? 1 : 0,
        resolved.isAbstract ? 1 : 0,
        JSON.stringify(request),
        JSON.stringify(resolved),
        this.ctx.now(),
        workspaceId,
        componentTypeId,
      );
    this.writeParents(workspaceId, componentTypeId, resolved.extendsFrom);
  }

  private writeParents(workspaceId: string, componentTypeId: string, extendsFrom: string[]): void {
    this.db
      .prepare('DELETE FROM component_type_parents WHERE workspace_id = ? AND component_type_id = ?')
      .run(workspaceId, componentTypeId);
    const insert = this.db.prepare(
      'INSERT INTO component_type_parents (workspace_id, component_type_id, parent_id, position) VALUES (?, ?, ?, ?)',
    );
    extendsFrom.forEach((parent, i) => insert.run(workspaceId, componentTypeId, parent, i));
  }

  private parentsOf(workspaceId: string, componentTypeId: string): string[] {
    return this.db
      .prepare(
        'SELECT parent_id FROM component_type_parents WHERE workspace_id = ? AND component_type_id = ? ORDER BY position',
      )
      .pluck()
      .all(workspaceId, componentTypeId) as string[];
  }

  private childrenOf(workspaceId: string, componentTypeId: string): string[] {
    return this.db
      .prepare(
        'SELECT component_type_id FROM component_type_parents WHERE workspace_id = ? AND parent_id = ? ORDER BY component_type_id',
      )
      .pluck()
      .all(workspaceId, componentTypeId) as string[];
  }

  private descendantsInOrder(workspaceId: string, componentTypeId: string): string[] {
    return descendantsInOrder(
      componentTypeId,
      (id) => this.childrenOf(workspaceId, id),
      (id) => this.parentsOf(workspaceId, id),
    );
  }

  private row(workspaceId: string, componentTypeId: string): ComponentTypeRow | undefined {
    return this.db
      .prepare('SELECT * FROM component_types WHERE workspace_id = ? AND component_type_id = ?')
      .get(workspaceId, componentTypeId) as ComponentTypeRow | undefined;
  }
}

/**
 * Adds the built-in types a workspace lacks: all of them to a new workspace (inside its creation
 * transaction), and to an existing one those a newer service version brought. Built-ins are
 * listed parents first, so a built-in extending another resolves against it.
 */
export function seedBuiltInComponentTypes(db: Db, ctx: StoreContext, workspaceId: string): void {
  const store = new SqliteComponentTypeStore(db, ctx);
  for (const [id, request] of Object.entries(builtInComponentTypes)) {
    if (store.resolvedOf(workspaceId, id)) continue;
    const parents = (request.extendsFrom ?? []).map((parentId) => ({
      componentTypeId: parentId,
      resolved: store.resolvedOf(workspaceId, parentId)!,
    }));
    store.insert(
      workspaceId,
      id,
      resourceArn(ctx, workspaceId, 'component-type', id),
      request,
      resolveComponentType(request, parents),
    );
  }
}

/**
 * Adds the built-in types a workspace lacks to every workspace (at store open): workspaces
 * created before a built-in type was added get it too, as "listed in every workspace" promises.
 */
export function seedMissingBuiltInComponentTypes(db: Db, ctx: StoreContext): void {
  const expected = Object.keys(builtInComponentTypes).length;
  const lacking = db
    .prepare(
      `SELECT w.workspace_id FROM workspaces w
       WHERE (SELECT count(*) FROM component_types t WHERE t.workspace_id = w.workspace_id
              AND t.component_type_id IN (SELECT value FROM json_each(?))) < ?`,
    )
    .pluck()
    .all(JSON.stringify(Object.keys(builtInComponentTypes)), expected) as string[];
  if (lacking.length === 0) return;
  db.transaction(() => lacking.forEach((workspaceId) => seedBuiltInComponentTypes(db, ctx, workspaceId)))();
}
