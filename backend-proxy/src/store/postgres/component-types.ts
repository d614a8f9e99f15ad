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
import {
  ComponentTypeRecord,
  componentTypeResponse,
  componentTypeSummary,
  descendantsInOrder,
} from '../../model/component-types/records';
import { checkHierarchy, resolveComponentType } from '../../model/component-types/resolve';
import { ResolvedComponentType } from '../../model/types';
import { ComponentTypeStore } from '../component-types';
import { StoreContext } from '../context';
import { Page } from '../workspaces';
import { resyncComponentsOfTypes } from './component-properties';
import { PgDb, Queryable, row, rows } from './database';
import { deleteTagsOf, writeTags } from './tags';

/** TwinMaker's quota "depth of component type hierarchy". */
const maxHierarchyDepth = 10;

const select = (q: Queryable, workspaceId: string, componentTypeId: string) =>
  row<ComponentTypeRecord & { request_json: string }>(
    q,
    'SELECT * FROM component_types WHERE workspace_id = $1 AND component_type_id = $2',
    [workspaceId, componentTypeId],
  );

/** The resolved definition entities build their components from; undefined when the workspace has no such type. */
export async function resolvedTypeOf(
  q: Queryable,
  workspaceId: string,
  componentTypeId: string,
): Promise<ResolvedComponentType | undefined> {
  const found = await row<{ resolved_json: string }>(
    q,
    'SELECT resolved_json FROM component_types WHERE workspace_id = $1 AND component_type_id = $2',
    [workspaceId, componentTypeId],
  );
  return found && (JSON.parse(found.resolved_json) as ResolvedComponentType);
}

/** The parent links of a workspace's types, both ways, read at once (hierarchies are small). */
async function hierarchyOf(q: Queryable, workspaceId: string) {
  const links = await rows<{ component_type_id: string; parent_id: string }>(
    q,
    'SELECT component_type_id, parent_id FROM component_type_parents WHERE workspace_id = $1 ORDER BY component_type_id, position',
    [workspaceId],
  );
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const l of links) {
    parents.set(l.component_type_id, [...(parents.get(l.component_type_id) ?? []), l.parent_id]);
    children.set(l.parent_id, [...(children.get(l.parent_id) ?? []), l.component_type_id]);
  }
  return { parentsOf: (id: string) => parents.get(id) ?? [], childrenOf: (id: string) => children.get(id) ?? [] };
}

export class PgComponentTypeStore implements ComponentTypeStore {
  constructor(
    private readonly db: PgDb,
    private readonly ctx: StoreContext,
  ) {}

  async create(
    workspaceId: string,
    componentTypeId: string,
    request: ComponentTypeRequest,
    tags?: Record<string, string>,
  ): Promise<ComponentTypeResponse> {
    return this.db.graphWrite(async (q) => {
      if (isBuiltIn(componentTypeId)) {
        throw componentTypeInvalid(
          `Component type ids starting with ${reservedNamespace} or ${doppelNamespace} are reserved for built-in types: choose another id`,
        );
      }
      if (await select(q, workspaceId, componentTypeId)) throw componentTypeExists(workspaceId, componentTypeId);
      const resolved = await resolve(q, workspaceId, componentTypeId, request);
      const arn = resourceArn(this.ctx, workspaceId, 'component-type', componentTypeId);
      await insertType(q, this.ctx, workspaceId, componentTypeId, arn, request, resolved);
      await writeTags(q, workspaceId, arn, tags);
      return componentTypeResponse((await select(q, workspaceId, componentTypeId))!);
    });
  }

  async get(workspaceId: string, componentTypeId: string): Promise<ComponentTypeResponse | undefined> {
    const found = await select(this.db.pool, workspaceId, componentTypeId);
    return found && componentTypeResponse(found);
  }

  async list(
    workspaceId: string,
    filters: ListComponentTypesFilter[],
    maxResults: number,
    after?: string,
  ): Promise<Page<ComponentTypeSummary>> {
    const params: unknown[] = [workspaceId, after ?? ''];
    const where = ['t.workspace_id = $1', 't.component_type_id > $2'];
    filters.forEach((filter, i) => {
      const set = Object.entries(filter).filter(([, v]) => v !== undefined);
      if (set.length !== 1) {
        throw filterInvalid(`filters[${i}] must set exactly one of extendsFrom, namespace, isAbstract`);
      }
      if (filter.extendsFrom !== undefined) {
        params.push(filter.extendsFrom);
        where.push(
          `EXISTS (SELECT 1 FROM component_type_parents p WHERE p.workspace_id = t.workspace_id AND p.component_type_id = t.component_type_id AND p.parent_id = $${params.length})`,
        );
      } else if (filter.namespace !== undefined) {
        params.push(filter.namespace);
        where.push(`left(t.component_type_id, length($${params.length}::text)) = $${params.length}`);
      } else {
        params.push(filter.isAbstract === true);
        where.push(`t.is_abstract = $${params.length}`);
      }
    });
    params.push(maxResults + 1);
    const found = await rows<ComponentTypeRecord>(
      this.db.pool,
      `SELECT * FROM component_types t WHERE ${where.join(' AND ')} ORDER BY t.component_type_id LIMIT $${params.length}`,
      params,
    );
    const items = found.slice(0, maxResults).map(componentTypeSummary);
    const last = items[items.length - 1];
    return { items, ...(found.length > maxResults && last && { next: last.componentTypeId }) };
  }

  async update(
    workspaceId: string,
    componentTypeId: string,
    request: ComponentTypeRequest,
  ): Promise<ComponentTypeResponse> {
    return this.db.graphWrite(async (q) => {
      const current = await select(q, workspaceId, componentTypeId);
      if (!current) throw componentTypeNotFound(workspaceId, componentTypeId);
      if (isBuiltIn(componentTypeId)) throw builtInTypeReadOnly(componentTypeId, 'changed');
      const before = new Map<string, ResolvedComponentType>();
      const resolved = await resolve(q, workspaceId, componentTypeId, request);
      before.set(componentTypeId, JSON.parse(current.resolved_json));
      await this.write(q, workspaceId, componentTypeId, request, resolved);
      // descendants inherit the change: re-resolve them parents-first
      const hierarchy = await hierarchyOf(q, workspaceId);
      for (const id of descendantsInOrder(componentTypeId, hierarchy.childrenOf, hierarchy.parentsOf)) {
        const descendant = (await select(q, workspaceId, id))!;
        before.set(id, JSON.parse(descendant.resolved_json));
        const ownRequest = JSON.parse(descendant.request_json) as ComponentTypeRequest;
        await this.write(q, workspaceId, id, ownRequest, await resolve(q, workspaceId, id, ownRequest));
      }
      const after = new Map<string, ResolvedComponentType>();
      for (const id of before.keys()) after.set(id, (await resolvedTypeOf(q, workspaceId, id))!);
      await resyncComponentsOfTypes(q, workspaceId, before, after);
      return componentTypeResponse((await select(q, workspaceId, componentTypeId))!);
    });
  }

  async delete(workspaceId: string, componentTypeId: string): Promise<void> {
    await this.db.graphWrite(async (q) => {
      const current = await select(q, workspaceId, componentTypeId);
      if (!current) throw componentTypeNotFound(workspaceId, componentTypeId);
      if (isBuiltIn(componentTypeId)) throw builtInTypeReadOnly(componentTypeId, 'deleted');
      const users = Number(
        (
          await row<{ n: number }>(
            q,
            `SELECT count(*) AS n FROM components c JOIN entities e ON e.entity_key = c.entity_key
             WHERE e.workspace_id = $1 AND c.component_type_id = $2`,
            [workspaceId, componentTypeId],
          )
        )?.n ?? 0,
      );
      if (users > 0) {
        throw componentTypeInUse(
          `Component type ${componentTypeId} is used by ${users} components: remove them from their entities first`,
        );
      }
      const children = (
        await rows<{ component_type_id: string }>(
          q,
          'SELECT component_type_id FROM component_type_parents WHERE workspace_id = $1 AND parent_id = $2 ORDER BY component_type_id',
          [workspaceId, componentTypeId],
        )
      ).map((r) => r.component_type_id);
      if (children.length > 0) {
        throw componentTypeInUse(
          `Component type ${componentTypeId} is extended by ${children.join(', ')}: delete or change those first`,
        );
      }
      await deleteTagsOf(q, current.arn);
      await q.query('DELETE FROM component_types WHERE workspace_id = $1 AND component_type_id = $2', [
        workspaceId,
        componentTypeId,
      ]);
    });
  }

  private async write(
    q: Queryable,
    workspaceId: string,
    componentTypeId: string,
    request: ComponentTypeRequest,
    resolved: ResolvedComponentType,
  ): Promise<void> {
    await q.query(
      `UPDATE component_types SET description = $1, component_type_name = $2, is_singleton = $3, is_abstract = $4,
         request_json = $5, resolved_json = $6, update_time = $7 WHERE workspace_id = $8 AND component_type_id = $9`,
      [
        request.description ?? null,
        request.componentTypeName ?? null,
        resolved.isSingleton,
        resolved.isAbstract,
        JSON.stringify(request),
        JSON.stringify(resolved),
        this.ctx.now(),
        workspaceId,
        componentTypeId,
      ],
    );
    await writeParents(q, workspaceId, componentTypeId, resolved.extendsFrom);
  }
}

async function resolve(
  q: Queryable,
  workspaceId: string,
  componentTypeId: string,
  request: ComponentTypeRequest,
): Promise<ResolvedComponentType> {
  const extendsFrom = request.extendsFrom ?? [];
  const parents = [];
  for (const parentId of extendsFrom) {
    const resolved = await resolvedTypeOf(q, workspaceId, parentId);
    if (!resolved)
      throw componentTypeInvalid(
        `extendsFrom names ${parentId}, which is not a component type in workspace ${workspaceId}`,
      );
    parents.push({ componentTypeId: parentId, resolved });
  }
  const hierarchy = await hierarchyOf(q, workspaceId);
  checkHierarchy(componentTypeId, extendsFrom, hierarchy.parentsOf, maxHierarchyDepth);
  for (const [name, composite] of Object.entries(request.compositeComponentTypes ?? {})) {
    if (composite.componentTypeId && !(await resolvedTypeOf(q, workspaceId, composite.componentTypeId))) {
      throw componentTypeInvalid(
        `compositeComponentTypes.${name} names ${composite.componentTypeId}, which does not exist`,
      );
    }
  }
  return resolveComponentType(request, parents);
}

async function insertType(
  q: Queryable,
  ctx: StoreContext,
  workspaceId: string,
  componentTypeId: string,
  arn: string,
  request: ComponentTypeRequest,
  resolved: ResolvedComponentType,
): Promise<void> {
  const now = ctx.now();
  await q.query(
    `INSERT INTO component_types (workspace_id, component_type_id, arn, description, component_type_name, is_singleton,
       is_abstract, request_json, resolved_json, creation_time, update_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      workspaceId,
      componentTypeId,
      arn,
      request.description ?? null,
      request.componentTypeName ?? null,
      resolved.isSingleton,
      resolved.isAbstract,
      JSON.stringify(request),
      JSON.stringify(resolved),
      now,
      now,
    ],
  );
  await writeParents(q, workspaceId, componentTypeId, resolved.extendsFrom);
}

async function writeParents(q: Queryable, workspaceId: string, componentTypeId: string, extendsFrom: string[]) {
  await q.query('DELETE FROM component_type_parents WHERE workspace_id = $1 AND component_type_id = $2', [
    workspaceId,
    componentTypeId,
  ]);
  for (const [i, parent] of extendsFrom.entries()) {
    await q.query(
      'INSERT INTO component_type_parents (workspace_id, component_type_id, parent_id, position) VALUES ($1, $2, $3, $4)',
      [workspaceId, componentTypeId, parent, i],
    );
  }
}

/**
 * Adds the built-in types a workspace lacks (all of them to a new workspace, inside its creation
 * transaction). Built-ins are listed parents first, so a built-in extending another resolves against it.
 */
export async function seedBuiltInComponentTypes(q: Queryable, ctx: StoreContext, workspaceId: string): Promise<void> {
  for (const [id, request] of Object.entries(builtInComponentTypes)) {
    if (await resolvedTypeOf(q, workspaceId, id)) continue;
    const parents = [];
    for (const parentId of request.extendsFrom ?? []) {
      parents.push({ componentTypeId: parentId, resolved: (await resolvedTypeOf(q, workspaceId, parentId))! });
    }
    await insertType(
      q,
      ctx,
      workspaceId,
      id,
      resourceArn(ctx, workspaceId, 'component-type', id),
      request,
      resolveComponentType(request, parents),
    );
  }
}

/** Adds the built-in types a newer service version brought to every existing workspace (at store open). */
export async function seedMissingBuiltInComponentTypes(db: PgDb, ctx: StoreContext): Promise<void> {
  const ids = Object.keys(builtInComponentTypes);
  const lacking = await db.query<{ workspace_id: string }>(
    `SELECT w.workspace_id FROM workspaces w
     WHERE (SELECT count(*) FROM component_types t WHERE t.workspace_id = w.workspace_id
            AND t.component_type_id = ANY($1::text[])) < $2`,
    [ids, ids.length],
  );
  if (lacking.length === 0) return;
  await db.graphWrite(async (q) => {
    for (const { workspace_id } of lacking) await seedBuiltInComponentTypes(q, ctx, workspace_id);
  });
}
