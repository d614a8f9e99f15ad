import crypto from 'node:crypto';
import { ComponentTypeRequest } from '../api/component-types';
import { checkValue } from '../model/data-values';
import { resolvedBuiltInComponentTypes } from '../model/component-types/built-ins';
import { resolveComponentType } from '../model/component-types/resolve';
import { ResolvedComponentType } from '../model/types';
import { comparableType, entityBodyOf, resolvedOfResponse, sameJson, stableJson } from './canonical';
import { CurrentWorkspace, isManagedType } from './current-workspace';
import { describeAt, DesiredEntity, DesiredWorkspace } from './desired-workspace';
import { ProvisionError } from './source-file';

type Json = Record<string, any>;

export type ActionKind = 'create' | 'update' | 'delete';
export type ResourceKind = 'workspace' | 'resource' | 'component type' | 'entity' | 'scene';

/** One change the plan makes: an API call (or two) on one resource. */
export interface Action {
  kind: ActionKind;
  resource: ResourceKind;
  id: string;
  /** what changes, for --dry-run (e.g. `components.oven.properties.temperature`) */
  detail?: string;
  /** the request bodies, in the order they are sent */
  bodies: Json[];
}

/** The changes in the order they apply: each phase after the one before, a phase's actions in levels. */
export interface Plan {
  workspaceId: string;
  bucket: string;
  phases: { name: string; levels: Action[][] }[];
}

export function actionsOf(plan: Plan): Action[] {
  return plan.phases.flatMap((p) => p.levels.flat());
}

/** The scene documents' place in the workspace's bucket. */
export const sceneDocumentPath = (sceneId: string) => `scenes/${sceneId}.json`;

export function bucketOf(workspaceId: string, s3Location?: string): string {
  return s3Location ? s3Location.replace(/^arn:aws:s3:::/, '') : `doppel-${workspaceId.toLowerCase()}`;
}

/**
 * Compares the files with the workspace and returns what to change. Every rule provisioning can
 * check before writing is checked here (types resolve, entities' parents, component types,
 * values and relationship targets exist); the first problem throws a ProvisionError that names
 * the file, line, column and field, and nothing has been written.
 */
export function planWorkspace(desired: DesiredWorkspace, current: CurrentWorkspace, options: { prune: boolean }): Plan {
  const workspaceId = desired.workspaceId;
  const bucket = bucketOf(workspaceId, desired.workspace.s3Location ?? current.workspace?.s3Location);
  const resolvedTypes = resolveTypes(desired, current, options.prune);
  checkEntities(desired, current, resolvedTypes, options.prune);

  const phases: Plan['phases'] = [];
  const phase = (name: string, levels: Action[][]) => {
    const nonEmpty = levels.filter((l) => l.length);
    if (nonEmpty.length) phases.push({ name, levels: nonEmpty });
  };

  phase('workspace', [workspaceActions(desired, current)]);

  // scene documents are resources of the workspace's bucket like models
  const resources = new Map(desired.resources);
  for (const scene of desired.scenes.values()) {
    const at = sceneDocumentPath(scene.sceneId);
    if (resources.has(at))
      throw new ProvisionError(`resources/${at} and scenes/${scene.sceneId}.json name the same resource: keep one`);
    resources.set(at, scene.document);
  }
  const resourceActions: Action[] = [];
  for (const [path, content] of [...resources].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const summary = current.resources.get(path);
    const md5 = crypto.createHash('md5').update(content).digest('hex');
    if (summary && summary.size === content.length && summary.etag.replace(/"/g, '') === md5) continue;
    resourceActions.push({
      kind: summary ? 'update' : 'create',
      resource: 'resource',
      id: path,
      bodies: [{ path, content }],
    });
  }
  // models before the scene documents that name them (the upload checks model uris)
  phase('resources', [
    resourceActions.filter((a) => !a.id.startsWith('scenes/')),
    resourceActions.filter((a) => a.id.startsWith('scenes/')),
  ]);

  phase('component types', typeLevels(desired, current, resolvedTypes));
  const { creates, updates } = entityActions(desired, current, resolvedTypes);
  phase('entities', creates);
  phase('entity updates', [updates]);
  phase('scenes', [sceneActions(desired, current, bucket)]);

  if (options.prune) {
    const deleteScenes = [...current.scenes.keys()]
      .filter((id) => !desired.scenes.has(id))
      .map((id): Action => ({ kind: 'delete', resource: 'scene', id, bodies: [] }));
    phase('pruned scenes', [deleteScenes]);
    phase('pruned entities', entityDeleteLevels(desired, current));
    phase('pruned component types', typeDeleteLevels(desired, current));
    const deleteResources = [...current.resources.keys()]
      .filter((p) => !resources.has(p))
      .map((p): Action => ({ kind: 'delete', resource: 'resource', id: p, bodies: [] }));
    phase('pruned resources', [deleteResources]);
  }
  return { workspaceId, bucket, phases };
}

function workspaceActions(desired: DesiredWorkspace, current: CurrentWorkspace): Action[] {
  const { tags, ...body } = desired.workspace;
  if (!current.workspace) {
    return [
      { kind: 'create', resource: 'workspace', id: desired.workspaceId, bodies: [{ ...body, ...(tags && { tags }) }] },
    ];
  }
  const changes: string[] = [];
  const update: Json = {};
  if ((body.description ?? '') !== (current.workspace.description ?? '')) {
    update.description = body.description ?? '';
    changes.push('description');
  }
  for (const key of ['s3Location', 'role'] as const) {
    if (body[key] !== undefined && body[key] !== current.workspace[key]) {
      update[key] = body[key];
      changes.push(key);
    }
  }
  const tagChanges = sameJson(tags ?? {}, current.tags) ? undefined : { tags: tags ?? {}, before: current.tags };
  if (tagChanges) changes.push('tags');
  if (!changes.length) return [];
  return [
    {
      kind: 'update',
      resource: 'workspace',
      id: desired.workspaceId,
      detail: changes.join(', '),
      bodies: [Object.keys(update).length ? update : undefined, tagChanges].filter(Boolean) as Json[],
    },
  ];
}

/** Resolves every type the entities may use: the files' types (inheritance applied) and the workspace's. */
function resolveTypes(
  desired: DesiredWorkspace,
  current: CurrentWorkspace,
  prune: boolean,
): Map<string, ResolvedComponentType> {
  const resolved = new Map<string, ResolvedComponentType>();
  for (const [id, r] of current.componentTypes) {
    if (!desired.componentTypes.has(id) && (!prune || !isManagedType(id))) resolved.set(id, resolvedOfResponse(r));
  }
  // a workspace not created yet has no types to list, but will have the built-in ones
  for (const [id, type] of resolvedBuiltInComponentTypes()) {
    if (!resolved.has(id)) resolved.set(id, type);
  }
  const visiting = new Set<string>();
  const resolve = (id: string): ResolvedComponentType | undefined => {
    const known = resolved.get(id);
    if (known) return known;
    const type = desired.componentTypes.get(id);
    if (!type) return undefined;
    const where = (field: string[], message: string) => describeAt(type.origin, id, field, message);
    if (visiting.has(id))
      throw new ProvisionError(where(['extendsFrom'], `${id} extends itself through ${[...visiting].join(' → ')}`));
    if (!isManagedType(id))
      throw new ProvisionError(
        where(['componentTypeId'], `${id} is a built-in type (namespace com.amazon.): it cannot be provisioned`),
      );
    visiting.add(id);
    const parents = (type.body.extendsFrom ?? []).map((parentId, i) => {
      const parent = resolve(parentId);
      if (!parent)
        throw new ProvisionError(
          where(['extendsFrom', String(i)], `no component type ${parentId} in the files or the workspace`),
        );
      return { componentTypeId: parentId, resolved: parent };
    });
    visiting.delete(id);
    try {
      const r = resolveComponentType(type.body, parents);
      resolved.set(id, r);
      return r;
    } catch (e) {
      const message = (e as Error).message;
      const field = /^([\w.-]+)/.exec(message)?.[1]?.split('.') ?? [];
      throw new ProvisionError(
        where(
          field.filter((f) => !/^\s*$/.test(f)),
          message.replace(/^[\w.-]+:?\s*/, ''),
        ),
      );
    }
  };
  for (const id of desired.componentTypes.keys()) resolve(id);
  return resolved;
}

function isRelationship(value: Json | undefined): boolean {
  return (
    !!value &&
    (!!value.relationshipValue ||
      (Array.isArray(value.listValue) && value.listValue.some((v: Json) => v.relationshipValue)))
  );
}

function relationshipTargets(value: Json | undefined): string[] {
  if (!value) return [];
  if (value.relationshipValue) return [value.relationshipValue.targetEntityId];
  return (value.listValue ?? []).flatMap((v: Json) => relationshipTargets(v));
}

function checkEntities(
  desired: DesiredWorkspace,
  current: CurrentWorkspace,
  types: Map<string, ResolvedComponentType>,
  prune: boolean,
) {
  const exists = (id: string) => desired.entities.has(id) || (!prune && current.entities.has(id));
  for (const entity of desired.entities.values()) {
    const { body, origin } = entity;
    const fail = (field: string[], message: string): never => {
      throw new ProvisionError(describeAt(origin, body.entityId, field, message));
    };
    if (body.parentEntityId !== '$ROOT' && !exists(body.parentEntityId)) {
      fail(['parentEntityId'], `no entity ${body.parentEntityId} in the files${prune ? '' : ' or the workspace'}`);
    }
    for (const [name, component] of Object.entries(body.components ?? {})) {
      const at = ['components', name];
      if (!component.componentTypeId) fail([...at, 'componentTypeId'], 'is required');
      const type = types.get(component.componentTypeId!);
      if (!type)
        fail(
          [...at, 'componentTypeId'],
          `no component type ${component.componentTypeId} in the files or the workspace`,
        );
      if (type!.isAbstract)
        fail(
          [...at, 'componentTypeId'],
          `${component.componentTypeId} is abstract (a function has no implementation): use a type that extends it`,
        );
      const properties = component.properties ?? {};
      for (const [propertyName, property] of Object.entries(properties)) {
        const pat = [...at, 'properties', propertyName];
        const definition = type!.propertyDefinitions[propertyName] ?? property.definition;
        if (!definition?.dataType)
          fail(
            pat,
            `${component.componentTypeId} has no property ${propertyName}: fix the name or add definition.dataType`,
          );
        if (property.value === undefined) continue;
        if (definition!.isTimeSeries)
          fail(
            [...pat, 'value'],
            'is a time-series property: its values are written with BatchPutPropertyValues, not set here',
          );
        const problem = checkValue(definition!.dataType!, property.value, 'value');
        if (problem) fail([...pat, 'value'], problem.replace(/^value(\.\S+)? /, ''));
        for (const target of relationshipTargets(property.value)) {
          if (!exists(target))
            fail(
              [...pat, 'value'],
              `relationship target ${target} is no entity of the files${prune ? '' : ' or the workspace'}`,
            );
        }
      }
      for (const [propertyName, def] of Object.entries(type!.propertyDefinitions)) {
        if (
          def.isRequiredInEntity &&
          !def.isTimeSeries &&
          !def.isStoredExternally &&
          !def.defaultValue &&
          properties[propertyName]?.value === undefined
        ) {
          fail([...at, 'properties'], `${propertyName} is required by ${component.componentTypeId}: give it a value`);
        }
      }
    }
  }
}

function typeLevels(
  desired: DesiredWorkspace,
  current: CurrentWorkspace,
  resolved: Map<string, ResolvedComponentType>,
): Action[][] {
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    if (!desired.componentTypes.has(id)) return -1;
    if (!depth.has(id))
      depth.set(id, 1 + Math.max(-1, ...(desired.componentTypes.get(id)!.body.extendsFrom ?? []).map(depthOf)));
    return depth.get(id)!;
  };
  const levels: Action[][] = [];
  for (const [id, type] of desired.componentTypes) {
    const existing = current.componentTypes.get(id);
    const { tags, ...body } = type.body as ComponentTypeRequest & { tags?: Json };
    let action: Action | undefined;
    if (!existing) {
      action = { kind: 'create', resource: 'component type', id, bodies: [{ ...body, ...(tags && { tags }) }] };
    } else {
      const want = comparableType(resolved.get(id)!, body);
      const have = comparableType(resolvedOfResponse(existing), existing);
      if (want !== have)
        action = {
          kind: 'update',
          resource: 'component type',
          id,
          detail: differingKeys(JSON.parse(want), JSON.parse(have)),
          bodies: [body],
        };
    }
    if (action) (levels[depthOf(id)] ??= []).push(action);
  }
  return levels.map((l) => l ?? []);
}

function differingKeys(a: Json, b: Json): string {
  return Object.keys({ ...a, ...b })
    .filter((k) => stableJson(a[k]) !== stableJson(b[k]))
    .join(', ');
}

/** The desired entity in the form entityBodyOf gives the API's answer, so both compare as text. */
function normalizedDesired(entity: DesiredEntity, types: Map<string, ResolvedComponentType>): Json {
  const shaped: Json = {
    entityId: entity.body.entityId,
    entityName: entity.body.entityName,
    description: entity.body.description,
    components: {},
  };
  for (const [name, c] of Object.entries(entity.body.components ?? {})) {
    const defs = types.get(c.componentTypeId!)?.propertyDefinitions ?? {};
    const properties: Json = {};
    for (const [propertyName, p] of Object.entries(c.properties ?? {})) {
      const def = defs[propertyName];
      if (!def) {
        properties[propertyName] = {
          definition: { ...p.definition },
          ...(p.value !== undefined && { value: p.value }),
        };
      } else if (p.value !== undefined && !sameJson(p.value, def.defaultValue)) {
        // a value equal to the default is what the API shows for no value at all
        properties[propertyName] = { value: p.value };
      }
    }
    shaped.components[name] = { componentTypeId: c.componentTypeId, description: c.description, properties };
  }
  return shaped;
}

function entityActions(
  desired: DesiredWorkspace,
  current: CurrentWorkspace,
  types: Map<string, ResolvedComponentType>,
): { creates: Action[][]; updates: Action[] } {
  const ws = desired.workspaceId;
  const creates: Action[][] = [];
  const updates: Action[] = [];
  // Creates go in levels: an entity after its parent and after the targets of its relationships,
  // so each CreateEntity carries its values. Relationships that close a cycle cannot: those
  // entities are created without them, and the values are set once every entity exists.
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const deferred = new Set<string>();
  const CYCLE = -2;
  const depthOf = (id: string): number => {
    const e = desired.entities.get(id);
    if (!e || current.entities.has(id)) return -1;
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return CYCLE;
    visiting.add(id);
    let d = depthOf(e.body.parentEntityId);
    if (d === CYCLE) {
      throw new ProvisionError(
        describeAt(e.origin, id, ['parentEntityId'], `${id} is its own ancestor through its parents`),
      );
    }
    for (const c of Object.values(e.body.components ?? {})) {
      for (const prop of Object.values(c.properties ?? {})) {
        for (const target of relationshipTargets(prop.value as Json)) {
          const t = depthOf(target);
          if (t === CYCLE) deferred.add(id);
          else d = Math.max(d, t);
        }
      }
    }
    visiting.delete(id);
    depth.set(id, d + 1);
    return d + 1;
  };
  for (const entity of desired.entities.values()) {
    const id = entity.body.entityId;
    const existing = current.entities.get(id);
    if (!existing && !deferred.has(id) && depthOf(id) >= 0 && !deferred.has(id)) {
      (creates[depthOf(id)] ??= []).push({ kind: 'create', resource: 'entity', id, bodies: [entity.body] });
      continue;
    }
    if (!existing) {
      const relationships: Json = {};
      const components: Json = {};
      for (const [name, c] of Object.entries(entity.body.components ?? {})) {
        const properties: Json = {};
        for (const [p, prop] of Object.entries(c.properties ?? {})) {
          if (isRelationship(prop.value as Json)) {
            (relationships[name] ??= { propertyUpdates: {} }).propertyUpdates[p] = { value: prop.value };
            if (prop.definition) properties[p] = { definition: prop.definition };
          } else properties[p] = prop;
        }
        components[name] = { ...c, ...(c.properties && { properties }) };
      }
      const body = { ...entity.body, ...(entity.body.components && { components }) };
      (creates[depthOf(id)] ??= []).push({ kind: 'create', resource: 'entity', id, bodies: [body] });
      if (Object.keys(relationships).length) {
        updates.push({
          kind: 'update',
          resource: 'entity',
          id,
          detail: 'relationships',
          bodies: [{ componentUpdates: relationships }],
        });
      }
      continue;
    }
    const update = entityUpdate(
      normalizedDesired(entity, types),
      entityBodyOf(existing, types),
      entity.body.parentEntityId,
      existing,
      types,
    );
    if (update) updates.push({ kind: 'update', resource: 'entity', id, detail: update.detail, bodies: update.bodies });
  }
  void ws;
  return { creates: creates.map((l) => l ?? []), updates };
}

/** UpdateEntity bodies that turn `have` into `want`, and a short list of what changes. */
function entityUpdate(
  want: Json,
  have: Json,
  parentEntityId: string,
  existing: Json,
  types: Map<string, ResolvedComponentType>,
): { detail: string; bodies: Json[] } | undefined {
  const changed: string[] = [];
  const body: Json = {};
  const second: Json = {};
  if (want.entityName !== have.entityName) {
    body.entityName = want.entityName;
    changed.push('entityName');
  }
  if ((want.description ?? '') !== (have.description ?? '')) {
    body.description = want.description ?? '';
    changed.push('description');
  }
  if (parentEntityId !== (existing.parentEntityId ?? '$ROOT')) {
    body.parentEntityUpdate =
      parentEntityId === '$ROOT' ? { updateType: 'DELETE' } : { updateType: 'UPDATE', parentEntityId };
    changed.push('parentEntityId');
  }
  const componentUpdates: Json = {};
  const haveComponents: Json = have.components ?? {};
  for (const [name, w] of Object.entries<Json>(want.components)) {
    const h = haveComponents[name];
    if (!h || h.componentTypeId !== w.componentTypeId) {
      if (h) componentUpdates[name] = { updateType: 'DELETE' };
      const create = {
        updateType: 'CREATE',
        componentTypeId: w.componentTypeId,
        ...(w.description && { description: w.description }),
        propertyUpdates: w.properties,
      };
      if (h) (second.componentUpdates ??= {})[name] = create;
      else componentUpdates[name] = create;
      changed.push(`components.${name}`);
      continue;
    }
    const propertyUpdates: Json = {};
    const defs = types.get(w.componentTypeId)?.propertyDefinitions ?? {};
    const hp: Json = h.properties ?? {};
    for (const [p, wp] of Object.entries<Json>(w.properties)) {
      if (sameJson(wp.value, hp[p]?.value) && (defs[p] || hp[p])) continue;
      propertyUpdates[p] =
        hp[p] || defs[p]
          ? { value: wp.value }
          : { updateType: 'CREATE', definition: wp.definition, ...(wp.value !== undefined && { value: wp.value }) };
      if (wp.value === undefined) propertyUpdates[p] = { updateType: 'RESET_VALUE' };
    }
    for (const p of Object.keys(hp)) {
      if (w.properties[p]) continue;
      propertyUpdates[p] = defs[p] ? { updateType: 'RESET_VALUE' } : { updateType: 'DELETE' };
    }
    const description = (w.description ?? '') !== (h.description ?? '');
    if (Object.keys(propertyUpdates).length || description) {
      componentUpdates[name] = {
        updateType: 'UPDATE',
        ...(description && { description: w.description ?? '' }),
        ...(Object.keys(propertyUpdates).length && { propertyUpdates }),
      };
      changed.push(...Object.keys(propertyUpdates).map((p) => `components.${name}.properties.${p}`));
      if (description) changed.push(`components.${name}.description`);
    }
  }
  for (const name of Object.keys(haveComponents)) {
    if (!want.components[name]) {
      componentUpdates[name] = { updateType: 'DELETE' };
      changed.push(`components.${name} (removed)`);
    }
  }
  if (Object.keys(componentUpdates).length) body.componentUpdates = componentUpdates;
  if (!changed.length) return undefined;
  return { detail: changed.join(', '), bodies: [body, ...(second.componentUpdates ? [second] : [])] };
}

function sceneActions(desired: DesiredWorkspace, current: CurrentWorkspace, bucket: string): Action[] {
  const actions: Action[] = [];
  for (const scene of desired.scenes.values()) {
    const contentLocation = `s3://${bucket}/${sceneDocumentPath(scene.sceneId)}`;
    const { tags, ...meta } = scene.meta;
    const existing = current.scenes.get(scene.sceneId);
    if (!existing) {
      actions.push({
        kind: 'create',
        resource: 'scene',
        id: scene.sceneId,
        bodies: [{ sceneId: scene.sceneId, contentLocation, ...meta, ...(tags && { tags }) }],
      });
      continue;
    }
    const want = {
      contentLocation,
      description: meta.description ?? '',
      capabilities: meta.capabilities ?? [],
      sceneMetadata: meta.sceneMetadata ?? {},
    };
    const have = {
      contentLocation: existing.contentLocation,
      description: existing.description ?? '',
      capabilities: existing.capabilities ?? [],
      sceneMetadata: existing.sceneMetadata ?? {},
    };
    if (!sameJson(want, have))
      actions.push({
        kind: 'update',
        resource: 'scene',
        id: scene.sceneId,
        detail: differingKeys(want, have),
        bodies: [want],
      });
  }
  return actions;
}

function entityDeleteLevels(desired: DesiredWorkspace, current: CurrentWorkspace): Action[][] {
  // children before their parents: the deepest first
  const depthOf = (id: string, seen = 0): number => {
    const parent = current.entities.get(id)?.parentEntityId;
    return parent && parent !== '$ROOT' && seen < 1000 ? 1 + depthOf(parent, seen + 1) : 0;
  };
  const levels: Action[][] = [];
  for (const id of current.entities.keys()) {
    if (desired.entities.has(id)) continue;
    (levels[depthOf(id)] ??= []).push({ kind: 'delete', resource: 'entity', id, bodies: [] });
  }
  return levels.map((l) => l ?? []).reverse();
}

function typeDeleteLevels(desired: DesiredWorkspace, current: CurrentWorkspace): Action[][] {
  const doomed = [...current.componentTypes.keys()].filter(
    (id) => isManagedType(id) && !desired.componentTypes.has(id),
  );
  const depthOf = (id: string): number =>
    1 +
    Math.max(
      -1,
      ...((current.componentTypes.get(id)?.extendsFrom ?? []) as string[])
        .filter((p) => doomed.includes(p))
        .map(depthOf),
    );
  const levels: Action[][] = [];
  for (const id of doomed)
    (levels[depthOf(id)] ??= []).push({ kind: 'delete', resource: 'component type', id, bodies: [] });
  return levels.map((l) => l ?? []).reverse();
}
