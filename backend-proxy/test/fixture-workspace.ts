import fs from 'node:fs';
import path from 'node:path';
import { TestService } from './harness';

/** The shared reference fixtures (real TwinMaker workspaces), beside the repository. */
export const fixturesDir = path.resolve(__dirname, '../../../shared/fixtures/twinmaker-samples');

type Json = Record<string, any>;

/**
 * A GetComponentType-shaped fixture turned into the CreateComponentType request that makes
 * it: inherited members dropped (the service re-derives them) except partial overrides,
 * response-only flags removed, and placeholder Lambda readers mapped to the service's
 * native store (`isNative: true`), since no Lambda runs here.
 */
export function componentTypeRequestOf(fixture: Json): Json {
  const propertyDefinitions: Json = {};
  for (const [name, def] of Object.entries<Json>(fixture.propertyDefinitions ?? {})) {
    const { isInherited, isFinal: _f, isImported: _i, ...rest } = def;
    if (!isInherited) propertyDefinitions[name] = rest;
    else if (rest.defaultValue) propertyDefinitions[name] = { defaultValue: rest.defaultValue };
  }
  const functions: Json = {};
  for (const [name, fn] of Object.entries<Json>(fixture.functions ?? {})) {
    const { isInherited, implementedBy, ...rest } = fn;
    if (isInherited) continue;
    const placeholder = typeof implementedBy?.lambda?.arn === 'string' && !implementedBy.lambda.arn.startsWith('arn:');
    functions[name] = {
      ...rest,
      ...(implementedBy && { implementedBy: placeholder ? { isNative: true } : implementedBy }),
    };
  }
  return {
    ...(fixture.description && { description: fixture.description }),
    ...(fixture.componentTypeName && { componentTypeName: fixture.componentTypeName }),
    ...(fixture.isSingleton !== undefined && { isSingleton: fixture.isSingleton }),
    ...(fixture.extendsFrom && { extendsFrom: fixture.extendsFrom }),
    propertyDefinitions,
    functions,
    ...(fixture.propertyGroups && { propertyGroups: fixture.propertyGroups }),
  };
}

/** Items ordered so that each comes after the ones it depends on. */
function dependencyOrder<T>(items: T[], idOf: (t: T) => string, dependsOn: (t: T) => string[]): T[] {
  const byId = new Map(items.map((t) => [idOf(t), t]));
  const done = new Set<string>();
  const ordered: T[] = [];
  const visit = (t: T) => {
    const id = idOf(t);
    if (done.has(id)) return;
    done.add(id);
    for (const dep of dependsOn(t)) {
      const d = byId.get(dep);
      if (d) visit(d);
    }
    ordered.push(t);
  };
  items.forEach(visit);
  return ordered;
}

function isRelationshipValue(value: Json | undefined): boolean {
  return (
    !!value &&
    (!!value.relationshipValue ||
      (Array.isArray(value.listValue) && value.listValue.some((v: Json) => v.relationshipValue)))
  );
}

async function expectOk(response: { status: number; body: any }, what: string) {
  if (response.status !== 200) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export interface LoadedWorkspace {
  componentTypes: number;
  entities: number;
  relationships: number;
}

/**
 * Creates `workspaceId` with every component type and entity of cookiefactory-v3 through the
 * HTTP API: types parents first, entities parents first, then relationship values once all
 * targets exist (relationships must point at existing entities).
 */
export async function loadCookieFactory(
  svc: TestService,
  workspaceId: string,
  variant = 'cookiefactory-v3',
): Promise<LoadedWorkspace> {
  const dir = path.join(fixturesDir, variant);
  await expectOk(
    await svc.call('POST', `/workspaces/${workspaceId}`, { description: `${variant} fixture` }),
    'CreateWorkspace',
  );

  const types = fs
    .readdirSync(path.join(dir, 'component_types'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, 'component_types', f), 'utf8')) as Json);
  for (const type of dependencyOrder(
    types,
    (t) => t.componentTypeId,
    (t) => t.extendsFrom ?? [],
  )) {
    await expectOk(
      await svc.call(
        'POST',
        `/workspaces/${workspaceId}/component-types/${type.componentTypeId}`,
        componentTypeRequestOf(type),
      ),
      `CreateComponentType ${type.componentTypeId}`,
    );
  }

  const raw = JSON.parse(fs.readFileSync(path.join(dir, 'entities.json'), 'utf8'));
  const entities: Json[] = Array.isArray(raw) ? raw : raw.entities;
  const deferred: { entityId: string; componentName: string; propertyName: string; value: Json }[] = [];
  for (const entity of dependencyOrder(
    entities,
    (e) => e.entityId,
    (e) => [e.parentEntityId],
  )) {
    const components: Json = {};
    for (const [componentName, component] of Object.entries<Json>(entity.components ?? {})) {
      const properties: Json = {};
      for (const [propertyName, property] of Object.entries<Json>(component.properties ?? {})) {
        if (isRelationshipValue(property.value)) {
          deferred.push({ entityId: entity.entityId, componentName, propertyName, value: property.value });
          if (property.definition) properties[propertyName] = { definition: property.definition };
        } else {
          properties[propertyName] = property;
        }
      }
      components[componentName] = { ...component, properties };
    }
    const { entityPath: _path, ...body } = entity;
    await expectOk(
      await svc.call('POST', `/workspaces/${workspaceId}/entities`, { ...body, components }),
      `CreateEntity ${entity.entityId}`,
    );
  }
  for (const d of deferred) {
    await expectOk(
      await svc.call('PUT', `/workspaces/${workspaceId}/entities/${d.entityId}`, {
        componentUpdates: { [d.componentName]: { propertyUpdates: { [d.propertyName]: { value: d.value } } } },
      }),
      `UpdateEntity ${d.entityId} ${d.propertyName}`,
    );
  }
  const relationships = deferred.reduce((n, d) => n + (d.value.listValue?.length ?? 1), 0);
  return { componentTypes: types.length, entities: entities.length, relationships };
}
