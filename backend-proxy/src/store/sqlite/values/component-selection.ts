import { ResolvedComponentType } from '../../../model/types';
import { notFound, validation } from '../../../errors';
import { PropertyResolver } from './resolver';

/** What a value request names: one entity's component, or every component of a type. */
export type ComponentSelection =
  | { entityId: string; componentName: string; componentTypeId?: undefined }
  | { componentTypeId: string; type: ResolvedComponentType; entityId?: undefined };

/**
 * The one rule GetPropertyValue, GetPropertyValueHistory and the live stream share: either
 * entityId and componentName together, or componentTypeId alone. A type that does not exist
 * is a ResourceNotFoundException, as TwinMaker answers; selected properties must be defined
 * by the type (whether the kind of property suits the request is the caller's check).
 */
export function selectComponents(
  resolver: PropertyResolver,
  workspaceId: string,
  request: { entityId?: string; componentName?: string; componentTypeId?: string },
  selectedProperties: readonly string[] = [],
): ComponentSelection {
  const { entityId, componentName, componentTypeId } = request;
  if (entityId !== undefined || componentName !== undefined) {
    if (componentTypeId !== undefined) {
      throw validation(
        'Specify either entityId and componentName (one component) or componentTypeId (every component of that type), not both',
      );
    }
    if (!entityId || !componentName) {
      throw validation('entityId and componentName go together: give both, or componentTypeId alone');
    }
    return { entityId, componentName };
  }
  if (componentTypeId === undefined) {
    throw validation(
      'Specify entityId and componentName (one component) or componentTypeId (every component of that type)',
    );
  }
  const type = resolver.componentType(workspaceId, componentTypeId);
  if (!type) {
    throw notFound(
      `Component type ${componentTypeId} not found in workspace ${workspaceId}: give the id of an existing component type`,
    );
  }
  for (const name of selectedProperties) {
    if (!type.propertyDefinitions[name])
      throw validation(`Property ${name} is not defined by component type ${componentTypeId}`);
  }
  return { componentTypeId, type };
}
