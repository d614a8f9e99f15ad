import { DataValue } from '../../api/common';
import { BulkPoint, PropertyValueEntry } from '../../api/values';
import { connectorWrittenProblem } from '../../model/component-types/value-source';
import { storableValue } from '../../model/values/point-value';
import { fromEpochSeconds, Instant, isCanonicalTime, parseTime, TimeFormatter } from '../../model/values/time';
import { PropertyInfo, PropertyLookup } from './property-lookup';

/** Rows of one write, as parallel arrays (ingest allocates as little as it can). */
export interface PendingRows {
  properties: PropertyInfo[];
  seriesIds: number[];
  ms: number[];
  ns: number[];
  values: string[];
  /** the write sequence of each row, set when written */
  seqs?: number[];
  /** row indexes in the order they were written (ascending seq) */
  order?: number[];
}

const MESSAGE_LIMIT = 256;

/**
 * Checks what a write brings against the knowledge graph (entity, component, property,
 * time series, data type, time) and collects the good values as rows ready to store, each
 * already as the JSON point it will be served as. Errors come back as [errorCode, message].
 */
export class IngestChecker {
  private readonly formatter = new TimeFormatter();

  constructor(private readonly resolver: PropertyLookup) {}

  /** Checks one BatchPut entry; adds its rows when every value is good, else returns problems. */
  addEntry(workspaceId: string, entry: PropertyValueEntry, rows: PendingRows): [string, string][] {
    const ref = entry.entityPropertyReference;
    if (ref.componentPath !== undefined)
      return [['ValidationException', 'componentPath (composite components) is not supported yet']];
    let entityId = ref.entityId;
    if (entityId === undefined) {
      const external = Object.entries(ref.externalIdProperty ?? {});
      if (external.length !== 1) {
        return [
          [
            'ValidationException',
            'entityPropertyReference needs entityId (or one externalIdProperty) and componentName',
          ],
        ];
      }
      entityId = this.resolver.entityByExternalId(workspaceId, ref.componentName, external[0]![0], external[0]![1]);
      if (entityId === undefined) {
        return [['ResourceNotFoundException', `No entity has external id ${external[0]![0]} = ${external[0]![1]}`]];
      }
    }
    const resolved = this.property(workspaceId, entityId, ref.componentName, ref.propertyName);
    if (!Array.isArray(resolved)) {
      const problems: [string, string][] = [];
      const start = rows.values.length;
      for (let i = 0; i < entry.propertyValues.length; i++) {
        const problem = this.addValue(resolved, entry.propertyValues[i]!, `propertyValues[${i}]`, rows);
        if (problem) problems.push(['ValidationException', problem]);
      }
      if (problems.length > 0) truncate(rows, start);
      return problems;
    }
    return [resolved];
  }

  addPoint(workspaceId: string, point: BulkPoint, rows: PendingRows): [string, string] | undefined {
    if (!point || typeof point !== 'object') return ['ValidationException', 'each point must be a JSON object'];
    const { entityId, componentName, propertyName } = point;
    if (typeof entityId !== 'string' || typeof componentName !== 'string' || typeof propertyName !== 'string') {
      return ['ValidationException', 'entityId, componentName and propertyName are required strings'];
    }
    const resolved = this.property(workspaceId, entityId, componentName, propertyName);
    if (Array.isArray(resolved)) return resolved;
    const problem = this.addValue(
      resolved,
      point as { time?: string; timestamp?: number; value: DataValue },
      'point',
      rows,
    );
    return problem ? ['ValidationException', problem] : undefined;
  }

  /** The time-series property an entry writes to, or its error. */
  private property(
    workspaceId: string,
    entityId: string,
    componentName: string | undefined,
    propertyName: string,
  ): PropertyInfo | [string, string] {
    if (componentName === undefined)
      return ['ValidationException', 'entityPropertyReference.componentName is required'];
    const component = this.resolver.component(workspaceId, entityId, componentName);
    if (component === 'no-entity') return ['ResourceNotFoundException', `Entity ${entityId} not found`];
    if (component === 'no-component')
      return ['ResourceNotFoundException', `Entity ${entityId} has no component ${componentName}`];
    const property = component.properties.get(propertyName);
    if (!property)
      return [
        'ResourceNotFoundException',
        `Component ${componentName} of entity ${entityId} has no property ${propertyName}`,
      ];
    if (!property.definition.isTimeSeries) {
      return [
        'ValidationException',
        `Property ${propertyName} is not a time-series property: set it with UpdateEntity`,
      ];
    }
    if (!property.native) {
      return connectorWrittenProblem(propertyName, property.componentTypeId);
    }
    return property;
  }

  private addValue(
    property: PropertyInfo,
    point: { time?: unknown; timestamp?: unknown; value?: unknown },
    where: string,
    rows: PendingRows,
  ): string | undefined {
    let at: Instant | string;
    if (point.time !== undefined) at = parseTime(point.time);
    else if (point.timestamp !== undefined) at = fromEpochSeconds(point.timestamp);
    else return `${where}.time is required (ISO-8601 with Z or an offset)`;
    if (typeof at === 'string') return `${where}.${point.time !== undefined ? 'time' : 'timestamp'} ${at}`;
    const value = point.value;
    if (!value || typeof value !== 'object') return `${where}.value must be a DataValue object`;
    const stored = storableValue(property.definition.dataType, value as DataValue, `${where}.value`);
    if (typeof stored !== 'string') return stored.problem;
    rows.properties.push(property);
    rows.seriesIds.push(property.seriesId ?? -1);
    rows.ms.push(at.ms);
    rows.ns.push(at.ns);
    const time =
      typeof point.time === 'string' && isCanonicalTime(point.time, at)
        ? point.time
        : this.formatter.format(at.ms, at.ns);
    rows.values.push('{"time":"' + time + '","value":' + stored + '}');
    return undefined;
  }
}

export function pendingRows(): PendingRows {
  return { properties: [], seriesIds: [], ms: [], ns: [], values: [] };
}

function truncate(rows: PendingRows, length: number): void {
  rows.properties.length = length;
  rows.seriesIds.length = length;
  rows.ms.length = length;
  rows.ns.length = length;
  rows.values.length = length;
}

export function clip(message: string): string {
  return message.length <= MESSAGE_LIMIT ? message : message.slice(0, MESSAGE_LIMIT - 1) + '…';
}
