import { DataValue } from '../../api/common';
import { PropertyDefinitionRequest } from '../../api/component-types';
import { entityInvalid } from '../../errors';
import { checkValue, describe } from '../data-values';
import { PropertyDefinitionResponse, ResolvedComponentType } from '../types';

export type PropertyUpdateType = 'CREATE' | 'UPDATE' | 'DELETE' | 'RESET_VALUE';

export interface PropertyRequest {
  definition?: PropertyDefinitionRequest;
  value?: DataValue;
  updateType?: PropertyUpdateType;
  /** set by the schemaInitializer for definitions its connector imported (never read from a caller) */
  imported?: boolean;
}

/** One property of a component as stored: its resolved definition and its static value. */
export interface PropertyState {
  definition: PropertyDefinitionResponse;
  value?: DataValue;
}

export type ComponentProperties = Map<string, PropertyState>;

/**
 * The properties a new component starts with: every definition of its type, with the
 * default value where there is one.
 */
export function initialProperties(type: ResolvedComponentType): ComponentProperties {
  const properties: ComponentProperties = new Map();
  for (const [name, definition] of Object.entries(type.propertyDefinitions)) {
    properties.set(name, { definition, ...(definition.defaultValue && { value: definition.defaultValue }) });
  }
  return properties;
}

/**
 * Applies property requests (CreateEntity `properties` or UpdateEntity `propertyUpdates`)
 * to a component's properties and returns the result; the input is not changed. `where`
 * names the component in messages, e.g. `components.Mixer`.
 */
export function applyPropertyRequests(
  type: ResolvedComponentType,
  current: ComponentProperties,
  requests: Record<string, PropertyRequest>,
  where: string,
): ComponentProperties {
  const next: ComponentProperties = new Map(current);
  for (const [name, request] of Object.entries(requests)) {
    const at = `${where}.properties.${name}`;
    const typeDefinition = type.propertyDefinitions[name];
    const existing = next.get(name);
    const updateType = request.updateType ?? 'UPDATE';
    if (updateType === 'DELETE') {
      if (!existing) throw entityInvalid(`${at}: there is no property ${name} to delete`);
      if (typeDefinition) {
        // a property of the type stays; deleting it clears its value
        next.set(name, { definition: existing.definition });
      } else {
        next.delete(name);
      }
      continue;
    }
    if (updateType === 'RESET_VALUE') {
      if (!existing) throw entityInvalid(`${at}: there is no property ${name} to reset`);
      const definition = existing.definition;
      next.set(name, { definition, ...(definition.defaultValue && { value: definition.defaultValue }) });
      continue;
    }
    let definition = existing?.definition;
    if (!definition) {
      // a property the type does not define: the request must say what it is
      if (!request.definition?.dataType) {
        throw entityInvalid(
          `${at}: ${name} is not a property of component type and has no definition: add definition.dataType or fix the name`,
        );
      }
      definition = extraDefinition(request.definition, request.imported === true);
    } else if (
      request.definition?.dataType &&
      describe(request.definition.dataType) !== describe(definition.dataType)
    ) {
      throw entityInvalid(
        `${at}.definition.dataType is ${describe(request.definition.dataType)} but the property is ${describe(definition.dataType)}`,
      );
    }
    if (updateType === 'CREATE' && existing && !typeDefinition && request.definition) {
      throw entityInvalid(`${at}: property ${name} already exists; use updateType UPDATE`);
    }
    if (request.value !== undefined) {
      if (definition.isTimeSeries) {
        throw entityInvalid(
          `${at}.value: ${name} is a time-series property; write its values with BatchPutPropertyValues instead`,
        );
      }
      const problem = checkValue(definition.dataType, request.value, `${at}.value`);
      if (problem) throw entityInvalid(problem);
      next.set(name, { definition, value: request.value });
    } else {
      next.set(name, { ...existing, definition });
    }
  }
  return next;
}

function extraDefinition(request: PropertyDefinitionRequest, imported: boolean): PropertyDefinitionResponse {
  return {
    dataType: request.dataType!,
    isTimeSeries: request.isTimeSeries ?? false,
    isRequiredInEntity: request.isRequiredInEntity ?? false,
    isExternalId: request.isExternalId ?? false,
    isStoredExternally: request.isStoredExternally ?? false,
    isImported: imported,
    isFinal: false,
    isInherited: false,
    ...(request.defaultValue && { defaultValue: request.defaultValue }),
    ...(request.configuration && { configuration: request.configuration }),
    ...(request.displayName !== undefined && { displayName: request.displayName }),
  };
}

/**
 * Every required property that holds no value. Time-series and externally stored
 * properties get their values elsewhere, so only static ones count.
 */
export function checkRequired(properties: ComponentProperties, where: string): void {
  for (const [name, { definition, value }] of properties) {
    if (
      definition.isRequiredInEntity &&
      !definition.isTimeSeries &&
      !definition.isStoredExternally &&
      value === undefined
    ) {
      throw entityInvalid(`${where}.properties.${name} is required by the component type: give it a value`);
    }
  }
}

/**
 * A component's properties after its type (or an ancestor) changed: definitions follow the
 * type, properties the type dropped go away, the component's own extra properties stay.
 * A value the new definition refuses makes the type change fail, naming the entity.
 */
export function followTypeChange(
  before: ResolvedComponentType,
  after: ResolvedComponentType,
  current: ComponentProperties,
  where: string,
): ComponentProperties {
  const next: ComponentProperties = new Map();
  for (const [name, state] of current) {
    if (before.propertyDefinitions[name] && !after.propertyDefinitions[name]) continue;
    next.set(name, state);
  }
  for (const [name, definition] of Object.entries(after.propertyDefinitions)) {
    const existing = next.get(name);
    const value = existing?.value ?? definition.defaultValue;
    if (value !== undefined && !definition.isTimeSeries) {
      const problem = checkValue(definition.dataType, value, `${where}.properties.${name}.value`);
      if (problem) throw entityInvalid(`The change conflicts with an existing entity: ${problem}`);
    }
    next.set(name, { definition, ...(value !== undefined && !definition.isTimeSeries && { value }) });
  }
  return next;
}
