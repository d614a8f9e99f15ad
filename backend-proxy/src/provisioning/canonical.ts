// The comparable and exportable forms of component types and entities. Provisioning compares
// what the files ask for with what the API returns in these forms, and export writes them, so
// "provision → export" and "export → provision" agree field by field.
import { ComponentTypeRequest } from '../api/component-types';
import { ResolvedComponentType } from '../model/types';

type Json = Record<string, any>;

/** JSON with object keys sorted, so equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const sameJson = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/** A GetComponentType answer as the resolved type the model works with. */
export function resolvedOfResponse(r: Json): ResolvedComponentType {
  return {
    extendsFrom: r.extendsFrom ?? [],
    propertyDefinitions: r.propertyDefinitions ?? {},
    functions: r.functions ?? {},
    propertyGroups: r.propertyGroups ?? {},
    compositeComponentTypes: r.compositeComponentTypes ?? {},
    isAbstract: r.isAbstract ?? false,
    isSingleton: r.isSingleton ?? false,
  };
}

/** What of a type provisioning compares: everything a request sets, flags the service derives left out. */
export function comparableType(
  resolved: ResolvedComponentType,
  meta: { description?: string; componentTypeName?: string },
): string {
  const strip = ({ isInherited: _i, isImported: _m, isFinal: _f, ...rest }: Json) => rest;
  const map = (m: Record<string, Json>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, strip(v)]));
  return stableJson({
    description: meta.description ?? '',
    componentTypeName: meta.componentTypeName ?? '',
    extendsFrom: resolved.extendsFrom,
    isSingleton: resolved.isSingleton,
    propertyDefinitions: map(resolved.propertyDefinitions),
    functions: map(resolved.functions),
    propertyGroups: map(resolved.propertyGroups),
  });
}

/**
 * The CreateComponentType body that makes a type as the API returns it: its own members, and
 * of inherited properties only what it overrides (a default value, configuration, display name).
 */
export function componentTypeRequestOf(r: Json, parents: ResolvedComponentType[]): ComponentTypeRequest {
  const propertyDefinitions: Json = {};
  for (const [name, def] of Object.entries<Json>(r.propertyDefinitions ?? {})) {
    const { isInherited, isImported: _m, isFinal: _f, ...own } = def;
    if (!isInherited) {
      propertyDefinitions[name] = withoutFalse(own, [
        'isTimeSeries',
        'isRequiredInEntity',
        'isExternalId',
        'isStoredExternally',
      ]);
      continue;
    }
    const inherited = parents
      .map((p) => p.propertyDefinitions[name])
      .filter(Boolean)
      .pop() as Json | undefined;
    const override: Json = {};
    for (const key of [
      'defaultValue',
      'configuration',
      'displayName',
      'isRequiredInEntity',
      'isExternalId',
      'isStoredExternally',
    ]) {
      if (own[key] !== undefined && !sameJson(own[key], inherited?.[key])) override[key] = own[key];
    }
    if (Object.keys(override).length) propertyDefinitions[name] = override;
  }
  const ownOf = (m: Record<string, Json> | undefined) =>
    Object.fromEntries(
      Object.entries(m ?? {})
        .filter(([, v]) => !v.isInherited)
        .map(([k, { isInherited: _i, ...v }]) => [k, v]),
    );
  const functions = ownOf(r.functions);
  const propertyGroups = ownOf(r.propertyGroups);
  return {
    ...(r.description && { description: r.description }),
    ...(r.componentTypeName && { componentTypeName: r.componentTypeName }),
    ...(r.isSingleton && { isSingleton: true }),
    ...(r.extendsFrom?.length && { extendsFrom: r.extendsFrom }),
    ...(Object.keys(propertyDefinitions).length && { propertyDefinitions }),
    ...(Object.keys(functions).length && { functions }),
    ...(Object.keys(propertyGroups).length && { propertyGroups }),
  };
}

function withoutFalse(def: Json, keys: string[]): Json {
  const out = { ...def };
  for (const k of keys) if (out[k] === false) delete out[k];
  return out;
}

/**
 * The CreateEntity body that makes an entity as the API returns it: components with their type,
 * description and the static values that differ from their definition's default, and the
 * definitions of properties the entity adds to its component.
 */
export function entityBodyOf(e: Json, types: Map<string, ResolvedComponentType>): Json {
  const components: Json = {};
  for (const [name, c] of Object.entries<Json>(e.components ?? {})) {
    const typeDefs = types.get(c.componentTypeId)?.propertyDefinitions ?? {};
    const properties: Json = {};
    for (const [propertyName, p] of Object.entries<Json>(c.properties ?? {})) {
      const inType = typeDefs[propertyName];
      if (!inType) {
        const { isInherited: _i, isImported: _m, isFinal: _f, ...def } = p.definition ?? {};
        properties[propertyName] = {
          definition: withoutFalse(def, ['isTimeSeries', 'isRequiredInEntity', 'isExternalId', 'isStoredExternally']),
          ...(p.value !== undefined && { value: p.value }),
        };
      } else if (p.value !== undefined && !sameJson(p.value, inType.defaultValue)) {
        properties[propertyName] = { value: p.value };
      }
    }
    components[name] = {
      componentTypeId: c.componentTypeId,
      ...(c.description && { description: c.description }),
      ...(Object.keys(properties).length && { properties }),
    };
  }
  return {
    entityId: e.entityId,
    entityName: e.entityName,
    ...(e.description && { description: e.description }),
    ...(Object.keys(components).length && { components }),
  };
}
