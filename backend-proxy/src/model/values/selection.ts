import { compositeNotSupported, tabularNotSupported, valueSelectionInvalid } from '../../errors';

/**
 * What a value request names: one entity's component, or every component of a type. The
 * store resolves either against the knowledge graph.
 */
export type ValueSelection =
  | { entityId: string; componentName: string; componentTypeId?: undefined }
  | { componentTypeId: string; entityId?: undefined; componentName?: undefined };

/**
 * The one rule GetPropertyValue, GetPropertyValueHistory and the live stream share: either
 * entityId and componentName together, or componentTypeId alone.
 */
export function valueSelection(request: {
  entityId?: string;
  componentName?: string;
  componentTypeId?: string;
}): ValueSelection {
  const { entityId, componentName, componentTypeId } = request;
  if (entityId !== undefined || componentName !== undefined) {
    if (componentTypeId !== undefined) {
      throw valueSelectionInvalid(
        'Specify either entityId and componentName (one component) or componentTypeId (every component of that type), not both',
      );
    }
    if (!entityId || !componentName) {
      throw valueSelectionInvalid('entityId and componentName go together: give both, or componentTypeId alone');
    }
    return { entityId, componentName };
  }
  if (componentTypeId === undefined) {
    throw valueSelectionInvalid(
      'Specify entityId and componentName (one component) or componentTypeId (every component of that type)',
    );
  }
  return { componentTypeId };
}

/** Members of the TwinMaker request this service does not offer yet; each refusal says so. */
export function refuseUnsupportedMembers(request: {
  componentPath?: string;
  propertyGroupName?: string;
  tabularConditions?: unknown;
}): void {
  if (request.propertyGroupName !== undefined || request.tabularConditions !== undefined) throw tabularNotSupported();
  if (request.componentPath !== undefined) throw compositeNotSupported('componentPath');
}
