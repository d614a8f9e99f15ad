import { ResolvedComponentType } from '../../model/types';
import { ValueSelection } from '../../model/values/selection';
import { componentTypeNotFound, propertyNotInType } from '../../errors';
import { PropertyLookup } from './property-lookup';

/** A value selection resolved against the knowledge graph: a type selection carries its type. */
export type ResolvedSelection =
  | { entityId: string; componentName: string; componentTypeId?: undefined }
  | { componentTypeId: string; type: ResolvedComponentType; entityId?: undefined };

/**
 * What GetPropertyValue, GetPropertyValueHistory and the live stream share once the request
 * names one form (model/values/selection): a type that does not exist is a
 * ResourceNotFoundException, as TwinMaker answers; selected properties must be defined by the
 * type (whether the kind of property suits the request is the caller's check).
 */
export function resolveSelection(
  resolver: PropertyLookup,
  workspaceId: string,
  selection: ValueSelection,
  selectedProperties: readonly string[] = [],
): ResolvedSelection {
  if (selection.entityId !== undefined) return selection;
  const { componentTypeId } = selection;
  const type = resolver.componentType(workspaceId, componentTypeId);
  if (!type) throw componentTypeNotFound(workspaceId, componentTypeId);
  for (const name of selectedProperties) {
    if (!type.propertyDefinitions[name]) throw propertyNotInType(name, componentTypeId);
  }
  return { componentTypeId, type };
}
