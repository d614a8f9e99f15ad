import { ComponentTypeRequest, PropertyDefinitionRequest } from '../../api/component-types';
import { componentTypeInvalid } from '../../errors';
import { checkDataType, checkValue, describe, sameDataType } from '../data-values';
import { FunctionResponse, PropertyDefinitionResponse, ResolvedComponentType } from '../types';

export interface ResolvedParent {
  componentTypeId: string;
  resolved: ResolvedComponentType;
}

/** Functions whose presence makes stored-externally values readable. */
const readerFunctions = [
  'dataReader',
  'dataReaderByEntity',
  'dataReaderByComponentType',
  'attributePropertyValueReaderByEntity',
];

/**
 * Applies `extendsFrom` inheritance: the parents' definitions, functions, groups and
 * composite types (in extendsFrom order) marked `isInherited`, then the type's own, which may
 * override an inherited property partially (e.g. only its defaultValue) but never change its
 * data type or override a final one. Throws a ValidationException naming what to fix.
 */
export function resolveComponentType(request: ComponentTypeRequest, parents: ResolvedParent[]): ResolvedComponentType {
  const propertyDefinitions: Record<string, PropertyDefinitionResponse> = {};
  const definedBy: Record<string, string> = {};
  const functions: Record<string, FunctionResponse> = {};
  const propertyGroups: ResolvedComponentType['propertyGroups'] = {};
  const compositeComponentTypes: ResolvedComponentType['compositeComponentTypes'] = {};

  for (const { componentTypeId: parentId, resolved } of parents) {
    for (const [name, def] of Object.entries(resolved.propertyDefinitions)) {
      const seen = propertyDefinitions[name];
      if (seen && !sameDataType(seen.dataType, def.dataType)) {
        throw componentTypeInvalid(
          `extendsFrom: property ${name} is ${describe(seen.dataType)} in ${definedBy[name]} but ${describe(def.dataType)} in ${parentId}: the parents conflict`,
        );
      }
      propertyDefinitions[name] = { ...def, isInherited: true };
      definedBy[name] = parentId;
    }
    for (const [name, fn] of Object.entries(resolved.functions)) functions[name] = { ...fn, isInherited: true };
    for (const [name, group] of Object.entries(resolved.propertyGroups))
      propertyGroups[name] = { ...group, isInherited: true };
    for (const [name, composite] of Object.entries(resolved.compositeComponentTypes)) {
      compositeComponentTypes[name] = { ...composite, isInherited: true };
    }
  }

  for (const [name, own] of Object.entries(request.propertyDefinitions ?? {})) {
    const inherited = propertyDefinitions[name];
    propertyDefinitions[name] = inherited ? override(name, inherited, own, definedBy[name]!) : define(name, own);
  }

  for (const [name, fn] of Object.entries(request.functions ?? {})) {
    for (const required of fn.requiredProperties ?? []) {
      if (!propertyDefinitions[required]) {
        throw componentTypeInvalid(
          `functions.${name}.requiredProperties names ${required}, which is not a property of this component type`,
        );
      }
    }
    functions[name] = { ...fn, isInherited: false };
  }

  for (const [name, group] of Object.entries(request.propertyGroups ?? {})) {
    const propertyNames = group.propertyNames ?? [];
    for (const property of propertyNames) {
      if (!propertyDefinitions[property]) {
        throw componentTypeInvalid(
          `propertyGroups.${name} names ${property}, which is not a property of this component type`,
        );
      }
    }
    propertyGroups[name] = { groupType: group.groupType ?? 'TABULAR', propertyNames, isInherited: false };
  }

  for (const [name, composite] of Object.entries(request.compositeComponentTypes ?? {})) {
    if (!composite.componentTypeId)
      throw componentTypeInvalid(`compositeComponentTypes.${name}.componentTypeId is required`);
    compositeComponentTypes[name] = { componentTypeId: composite.componentTypeId, isInherited: false };
  }

  return {
    extendsFrom: request.extendsFrom ?? [],
    propertyDefinitions,
    functions,
    propertyGroups,
    compositeComponentTypes,
    isAbstract: isAbstract(propertyDefinitions, functions),
    isSingleton: request.isSingleton ?? parents.some((p) => p.resolved.isSingleton),
  };
}

function define(name: string, own: PropertyDefinitionRequest): PropertyDefinitionResponse {
  const where = `propertyDefinitions.${name}`;
  const problem = checkDataType(own.dataType, `${where}.dataType`);
  if (problem) throw componentTypeInvalid(problem);
  const def: PropertyDefinitionResponse = {
    dataType: own.dataType!,
    isTimeSeries: own.isTimeSeries ?? false,
    isRequiredInEntity: own.isRequiredInEntity ?? false,
    isExternalId: own.isExternalId ?? false,
    isStoredExternally: own.isStoredExternally ?? false,
    isImported: false,
    isFinal: false,
    isInherited: false,
    ...(own.defaultValue && { defaultValue: own.defaultValue }),
    ...(own.configuration && { configuration: own.configuration }),
    ...(own.displayName !== undefined && { displayName: own.displayName }),
  };
  checkDefinition(where, def);
  return def;
}

function override(
  name: string,
  inherited: PropertyDefinitionResponse,
  own: PropertyDefinitionRequest,
  parentId: string,
): PropertyDefinitionResponse {
  const where = `propertyDefinitions.${name}`;
  if (inherited.isFinal)
    throw componentTypeInvalid(`${where} overrides a final property of ${parentId}: final properties cannot change`);
  if (own.dataType) {
    const problem = checkDataType(own.dataType, `${where}.dataType`);
    if (problem) throw componentTypeInvalid(problem);
    if (own.dataType.type !== inherited.dataType.type || describe(own.dataType) !== describe(inherited.dataType)) {
      throw componentTypeInvalid(
        `${where}.dataType is ${describe(own.dataType)} but ${parentId} defines ${name} as ${describe(inherited.dataType)}: an override cannot change the data type`,
      );
    }
  }
  if (own.isTimeSeries !== undefined && own.isTimeSeries !== inherited.isTimeSeries) {
    throw componentTypeInvalid(
      `${where}.isTimeSeries cannot change what ${parentId} defines (${inherited.isTimeSeries})`,
    );
  }
  const def: PropertyDefinitionResponse = {
    ...inherited,
    ...(own.dataType && { dataType: own.dataType }),
    isRequiredInEntity: own.isRequiredInEntity ?? inherited.isRequiredInEntity,
    isExternalId: own.isExternalId ?? inherited.isExternalId,
    isStoredExternally: own.isStoredExternally ?? inherited.isStoredExternally,
    ...(own.defaultValue && { defaultValue: own.defaultValue }),
    ...(own.configuration && { configuration: { ...inherited.configuration, ...own.configuration } }),
    ...(own.displayName !== undefined && { displayName: own.displayName }),
    isInherited: true,
  };
  checkDefinition(where, def);
  return def;
}

function checkDefinition(where: string, def: PropertyDefinitionResponse): void {
  if (def.defaultValue) {
    const problem = checkValue(def.dataType, def.defaultValue, `${where}.defaultValue`);
    if (problem) throw componentTypeInvalid(problem);
  }
  if (def.isExternalId && def.isTimeSeries)
    throw componentTypeInvalid(`${where}: an external id property cannot be a time series`);
}

/**
 * Abstract (cannot be used on an entity): a function is declared without an implementation,
 * or externally stored values exist with no function to read them (TwinMaker's rule).
 */
function isAbstract(
  propertyDefinitions: Record<string, PropertyDefinitionResponse>,
  functions: Record<string, FunctionResponse>,
): boolean {
  if (Object.values(functions).some((fn) => !fn.implementedBy)) return true;
  const storedExternally = Object.values(propertyDefinitions).some((d) => d.isStoredExternally);
  return storedExternally && !readerFunctions.some((name) => functions[name]?.implementedBy);
}

/**
 * Refuses an `extendsFrom` that would make a cycle or too deep a hierarchy. `parentsOf`
 * returns the direct parents of an existing type.
 */
export function checkHierarchy(
  componentTypeId: string,
  extendsFrom: string[],
  parentsOf: (id: string) => string[],
  maxDepth: number,
): void {
  const seen = new Set<string>();
  for (const parent of extendsFrom) {
    if (seen.has(parent)) throw componentTypeInvalid(`extendsFrom lists ${parent} twice`);
    seen.add(parent);
    if (parent === componentTypeId || ancestorsOf(parent, parentsOf).has(componentTypeId)) {
      throw componentTypeInvalid(
        `extendsFrom: ${componentTypeId} cannot extend ${parent}, which already extends ${componentTypeId} (a cycle)`,
      );
    }
  }
  const depth = 1 + Math.max(0, ...extendsFrom.map((p) => depthOf(p, parentsOf)));
  if (depth > maxDepth) {
    throw componentTypeInvalid(`extendsFrom: the hierarchy would be ${depth} levels deep; the limit is ${maxDepth}`);
  }
}

/** Every ancestor of `id` (not including itself). */
export function ancestorsOf(id: string, parentsOf: (id: string) => string[]): Set<string> {
  const found = new Set<string>();
  const stack = [...parentsOf(id)];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (found.has(next)) continue;
    found.add(next);
    stack.push(...parentsOf(next));
  }
  return found;
}

function depthOf(id: string, parentsOf: (id: string) => string[], guard = 0): number {
  if (guard > 64) return guard; // defensive: stored data is acyclic by construction
  return 1 + Math.max(0, ...parentsOf(id).map((p) => depthOf(p, parentsOf, guard + 1)));
}
