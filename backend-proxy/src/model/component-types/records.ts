import { ComponentTypeResponse, ComponentTypeSummary } from '../../api/component-types';
import { ResolvedComponentType } from '../types';
import { ancestorsOf } from './resolve';

/** A stored component type as every store keeps it: its own columns and the resolved definition as JSON. */
export interface ComponentTypeRecord {
  workspace_id: string;
  component_type_id: string;
  arn: string;
  description: string | null;
  component_type_name: string | null;
  resolved_json: string;
  creation_time: number;
  update_time: number;
}

/** GetComponentType's answer for a stored type (the same whichever store holds it). */
export function componentTypeResponse(row: ComponentTypeRecord): ComponentTypeResponse {
  const resolved = JSON.parse(row.resolved_json) as ResolvedComponentType;
  return {
    workspaceId: row.workspace_id,
    componentTypeId: row.component_type_id,
    arn: row.arn,
    isSingleton: resolved.isSingleton,
    ...(row.description !== null && { description: row.description }),
    ...(row.component_type_name !== null && { componentTypeName: row.component_type_name }),
    propertyDefinitions: resolved.propertyDefinitions,
    extendsFrom: resolved.extendsFrom,
    functions: resolved.functions,
    propertyGroups: resolved.propertyGroups,
    compositeComponentTypes: resolved.compositeComponentTypes,
    isAbstract: resolved.isAbstract,
    isSchemaInitialized: false,
    status: { state: 'ACTIVE', error: {} },
    creationDateTime: row.creation_time,
    updateDateTime: row.update_time,
  };
}

/** ListComponentTypes' item for a stored type. */
export function componentTypeSummary(row: ComponentTypeRecord): ComponentTypeSummary {
  return {
    arn: row.arn,
    componentTypeId: row.component_type_id,
    creationDateTime: row.creation_time,
    updateDateTime: row.update_time,
    ...(row.description !== null && { description: row.description }),
    status: { state: 'ACTIVE', error: {} },
    ...(row.component_type_name !== null && { componentTypeName: row.component_type_name }),
  };
}

/**
 * Every type below `componentTypeId`, each after all of its parents (topological order): the
 * order an update re-resolves descendants in, so each resolves against its updated parents.
 */
export function descendantsInOrder(
  componentTypeId: string,
  childrenOf: (id: string) => string[],
  parentsOf: (id: string) => string[],
): string[] {
  const below = new Set<string>();
  const stack = childrenOf(componentTypeId);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (below.has(id)) continue;
    below.add(id);
    stack.push(...childrenOf(id));
  }
  const ordered: string[] = [];
  const placed = new Set<string>([componentTypeId]);
  while (ordered.length < below.size) {
    for (const id of below) {
      if (placed.has(id)) continue;
      const ancestors = ancestorsOf(id, parentsOf);
      if ([...ancestors].every((a) => !below.has(a) || placed.has(a))) {
        ordered.push(id);
        placed.add(id);
      }
    }
  }
  return ordered;
}
