import { DataValue } from '../../api/common';
import { ComponentTypeResponse } from '../../api/component-types';
import { ComponentResponse } from '../../api/entities';
import { HistoryQuery } from '../../model/values/history-query';
import { formatTime } from '../../model/values/time';

/**
 * The history-reader event of TwinMaker's data-connector contract (reference §7), exactly as
 * TwinMaker sends it to dataReader / dataReaderByEntity / dataReaderByComponentType: one
 * component (entityId, componentName and its properties with values) or a component type
 * (componentTypeId and the type's definitions with their default values); ISO times plus
 * the deprecated epoch seconds, which TwinMaker still sends.
 */
export function historyReaderEvent(
  workspaceId: string,
  query: HistoryQuery,
  target: { component: ComponentResponse; entityId: string } | { type: ComponentTypeResponse },
  page: { maxResults: number; nextToken?: string },
): Record<string, unknown> {
  const event: Record<string, unknown> = { workspaceId };
  if ('component' in target) {
    event.entityId = target.entityId;
    event.componentName = target.component.componentName;
    event.componentTypeId = target.component.componentTypeId;
  } else {
    event.componentTypeId = target.type.componentTypeId;
  }
  event.selectedProperties = query.propertyNames;
  if (query.filters.length > 0) event.propertyFilters = query.filters;
  event.startTime = formatTime(query.from.ms, query.from.ns);
  event.endTime = formatTime(query.to.ms, query.to.ns);
  event.startDateTime = Math.floor(query.from.ms / 1000);
  event.endDateTime = Math.floor(query.to.ms / 1000);
  if (query.intervalMs !== undefined) {
    event.interpolation = { interpolationType: 'LINEAR', intervalInSeconds: query.intervalMs / 1000 };
  }
  event.orderByTime = query.descending ? 'DESCENDING' : 'ASCENDING';
  event.maxResults = page.maxResults;
  if (page.nextToken !== undefined) event.nextToken = page.nextToken;
  event.properties = 'component' in target ? componentProperties(target.component) : typeProperties(target.type);
  return event;
}

/** The attribute reader's event: one component's non-time-series properties stored externally. */
export function attributeReaderEvent(
  workspaceId: string,
  entityId: string,
  component: ComponentResponse,
  selectedProperties: string[],
): Record<string, unknown> {
  return {
    workspaceId,
    entityId,
    componentName: component.componentName,
    selectedProperties,
    properties: componentProperties(component),
  };
}

/** `{name: {definition, value?}}` with the Java-bean duplicates real events carry beside the is* fields. */
export function componentProperties(component: {
  properties: Record<string, { definition?: object; value?: DataValue }>;
}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(component.properties).map(([name, p]) => [
      name,
      {
        ...(p.definition && { definition: withBeanNames(p.definition as Record<string, any>) }),
        ...(p.value && { value: p.value }),
      },
    ]),
  );
}

function typeProperties(type: ComponentTypeResponse): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(type.propertyDefinitions ?? {}).map(([name, d]) => [
      name,
      { definition: withBeanNames(d), ...(d.defaultValue && { value: d.defaultValue }) },
    ]),
  );
}

function withBeanNames<D extends Record<string, any>>(d: D): D & Record<string, unknown> {
  return {
    ...d,
    imported: d.isImported,
    requiredInEntity: d.isRequiredInEntity,
    inherited: d.isInherited,
    final: d.isFinal,
    storedExternally: d.isStoredExternally,
    externalId: d.isExternalId,
    timeSeries: d.isTimeSeries,
  };
}
