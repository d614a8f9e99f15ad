import { ComponentRequest } from '../../api/entities';
import { entityInvalid } from '../../errors';
import { PropertyGroupResponse, ResolvedComponentType } from '../types';

/** The component's own property groups (stored JSON) on top of those its type defines (inherited). */
export function propertyGroupsOf(
  ownJson: string | null,
  type: ResolvedComponentType | undefined,
): Record<string, PropertyGroupResponse> {
  const groups: Record<string, PropertyGroupResponse> = {};
  for (const [name, group] of Object.entries(type?.propertyGroups ?? {}))
    groups[name] = { ...group, isInherited: true };
  const own = ownJson ? (JSON.parse(ownJson) as Record<string, PropertyGroupResponse>) : {};
  return { ...groups, ...own };
}

/** The component's own property groups after applying group requests; JSON for the row (null when none). */
export function ownGroups(
  requests: ComponentRequest['propertyGroups'],
  properties: Map<string, unknown>,
  where: string,
  current: Record<string, PropertyGroupResponse>,
): string | null {
  const groups = { ...current };
  for (const [name, request] of Object.entries(requests ?? {})) {
    if (request.updateType === 'DELETE') {
      delete groups[name];
      continue;
    }
    const propertyNames = request.propertyNames ?? groups[name]?.propertyNames ?? [];
    for (const property of propertyNames) {
      if (!properties.has(property))
        throw entityInvalid(`${where}.propertyGroups.${name} names ${property}, which the component does not have`);
    }
    groups[name] = { groupType: 'TABULAR', propertyNames, isInherited: false };
  }
  return Object.keys(groups).length > 0 ? JSON.stringify(groups) : null;
}
