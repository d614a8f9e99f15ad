import { notTimeSeries, propertyNotDefined } from '../../errors';
import { StreamSelection } from '../values';
import { ResolvedComponentType } from '../../model/types';
import { resolveSelection } from './component-selection';
import { PropertyInfo, PropertyLookup } from './property-lookup';

/**
 * The properties a stream follows, resolved once when it opens: a component-type stream
 * covers the components of that type that exist now (an entity created later is not added;
 * the client reopens the stream to see it). Throws a ValidationException that says what to
 * fix for a property that is not defined or not a time-series one; an unknown entity or type
 * is a ResourceNotFoundException.
 */
export function streamProperties(
  resolver: PropertyLookup,
  workspaceId: string,
  selection: StreamSelection,
): PropertyInfo[] {
  const names =
    selection.propertyNames && selection.propertyNames.length > 0 ? [...new Set(selection.propertyNames)] : undefined;
  const chosen = resolveSelection(resolver, workspaceId, selection.selection, names);
  return chosen.entityId !== undefined
    ? componentProperties(resolver, workspaceId, chosen.entityId, chosen.componentName, names)
    : componentTypeProperties(resolver, workspaceId, chosen.componentTypeId, chosen.type, names);
}

function componentProperties(
  resolver: PropertyLookup,
  workspaceId: string,
  entityId: string,
  componentName: string,
  names: string[] | undefined,
): PropertyInfo[] {
  const component = resolver.existingComponent(workspaceId, entityId, componentName);
  if (!names) return [...component.properties.values()].filter((p) => p.definition.isTimeSeries);
  return names.map((name) => {
    const p = component.properties.get(name);
    if (!p) throw propertyNotDefined(name, componentName, entityId);
    if (!p.definition.isTimeSeries) throw noStream(name);
    return p;
  });
}

/**
 * Every component whose type is exactly `componentTypeId`: the components
 * GetPropertyValueHistory by componentTypeId reads (types extending it are not included
 * there either, so a stream and the history it continues cover the same series).
 */
function componentTypeProperties(
  resolver: PropertyLookup,
  workspaceId: string,
  componentTypeId: string,
  type: ResolvedComponentType,
  names: string[] | undefined,
): PropertyInfo[] {
  for (const name of names ?? []) if (!type.propertyDefinitions[name]!.isTimeSeries) throw noStream(name);
  const properties: PropertyInfo[] = [];
  for (const { entityId, componentName } of resolver.componentsOfType(workspaceId, componentTypeId)) {
    const component = resolver.component(workspaceId, entityId, componentName);
    if (typeof component === 'string') continue;
    for (const p of component.properties.values()) {
      if (names ? names.includes(p.propertyName) : p.definition.isTimeSeries) properties.push(p);
    }
  }
  return properties;
}

const noStream = (name: string) =>
  notTimeSeries(`Property ${name} is not a time-series property: it has no stream; select time-series properties only`);
