import { type DataFrame, type Field, FieldType, MappingType, type QueryResultMetaNotice } from '@grafana/data';

import { ALARM_STATUS_COLOURS, ALARM_STATUSES, type AlarmRecord } from '../common/alarms';

import type {
  DataValue,
  EntityPropertyReference,
  EntitySummary,
  ExecuteQueryResponse,
  GetEntityResponse,
  GetPropertyValueHistoryResponse,
  GetPropertyValueResponse,
  DataTypeName,
  PropertyDefinition,
  PropertyValueHistory,
  SceneSummary,
  WorkspaceSummary,
} from '../common/twinmaker';
import { dataTypeLabel, fieldTypeOf, grafanaUnit, toJsValue, typeName, valueReader } from './dataValues';
import { parseIsoTime, valueTimeMs } from './isoTime';

/**
 * Pure response → data frame builders: the one module that names, types and labels frames.
 * No React, no fetching: the data source fetches pages and hands them here, the live stream
 * starts a new series' frame here and only appends to it; tests and the frames benchmark
 * call these directly.
 */

/** How a query's series frames are named and labelled; the stream keeps it for series first seen live. */
export interface SeriesContext {
  refId?: string;
  /** the property's definition (data type, unit, display name), when known */
  definitionOf?: (ref: EntityPropertyReference) => PropertyDefinition | undefined;
  /** label set to add (e.g. componentTypeId for cross-entity queries) */
  extraLabels?: Record<string, string>;
  /** include the entity in display names (several entities in one result) */
  nameWithEntity?: boolean;
}

/**
 * The identity of a series: entity (its id, or its external ids when it has no id),
 * component, component path and property. Pages are merged and live values find their
 * frame by this key.
 */
export function seriesKey(r: EntityPropertyReference): string {
  const entity = r.entityId ?? (r.externalIdProperty ? JSON.stringify(r.externalIdProperty) : '');
  return `${entity}\u0000${r.componentName ?? ''}\u0000${r.componentPath ?? ''}\u0000${r.propertyName}`;
}

function displayName(ref: EntityPropertyReference, definition: PropertyDefinition | undefined, withEntity: boolean) {
  const property = definition?.displayName || ref.propertyName;
  const entity = ref.entityId ?? (ref.externalIdProperty ? Object.values(ref.externalIdProperty).join(',') : undefined);
  return withEntity && entity ? `${entity} ${property}` : property;
}

function labelsOf(ref: EntityPropertyReference, extra?: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = { ...extra };
  if (ref.entityId) labels.entityId = ref.entityId;
  if (ref.componentName) labels.componentName = ref.componentName;
  if (ref.componentPath) labels.componentPath = ref.componentPath;
  labels.propertyName = ref.propertyName;
  for (const [k, v] of Object.entries(ref.externalIdProperty ?? {})) labels[k] = v;
  return labels;
}

/**
 * One frame per property series (time + value), merging the series across all pages,
 * typed by the property's data type, unit from `unitOfMeasure`, labelled
 * entityId/componentName/propertyName.
 */
export function historyToFrames(pages: GetPropertyValueHistoryResponse[], ctx: SeriesContext = {}): DataFrame[] {
  const series = new Map<string, { ref: EntityPropertyReference; chunks: Chunk[] }>();
  for (const page of pages) {
    for (const pv of page.propertyValues ?? []) {
      const key = seriesKey(pv.entityPropertyReference);
      let s = series.get(key);
      if (!s) series.set(key, (s = { ref: pv.entityPropertyReference, chunks: [] }));
      if (pv.values && pv.values.length) s.chunks.push(pv.values);
    }
  }
  const frames: DataFrame[] = [];
  for (const { ref, chunks } of series.values()) {
    const frame = seriesFrame(ref, ctx, chunks[0]?.[0]?.value);
    const { times, values } = readValues(chunks, frame.meta!.custom!.dataType);
    frame.fields[0]!.values = times;
    frame.fields[1]!.values = values;
    frame.length = times.length;
    frames.push(frame);
  }
  return frames;
}

type Chunk = NonNullable<PropertyValueHistory['values']>;

/**
 * Times and values of a series' chunks. Hot path of big histories: one loop
 * per value kind, so numbers land in packed double arrays with no per-value closure call.
 */
function readValues(chunks: Chunk[], type: DataTypeName | undefined): { times: number[]; values: unknown[] } {
  let n = 0;
  for (const c of chunks) n += c.length;
  // preallocated (not `length =`, which can leave a big array in slow dictionary mode)
  const times = new Array<number>(n);
  let i = 0;
  if (type === 'DOUBLE' || type === 'INTEGER' || type === 'LONG') {
    const values = new Array<number | null>(n);
    for (const c of chunks) {
      for (let j = 0; j < c.length; j++, i++) {
        const v = c[j]!;
        times[i] = v.time !== undefined ? parseIsoTime(v.time) : valueTimeMs(v);
        const dv = v.value;
        values[i] = dv ? (dv.doubleValue ?? dv.integerValue ?? dv.longValue ?? null) : null;
      }
    }
    return { times, values };
  }
  const read = valueReader(type);
  const values = new Array<unknown>(n);
  for (const c of chunks) {
    for (let j = 0; j < c.length; j++, i++) {
      const v = c[j]!;
      times[i] = valueTimeMs(v);
      values[i] = read(v.value);
    }
  }
  return { times, values };
}

/**
 * The value field of a property: typed by its definition or else by `sample` (its first
 * value), unit from `unitOfMeasure`, labelled and display-named as the context says.
 */
function propertyField(
  ref: EntityPropertyReference,
  ctx: SeriesContext,
  sample: DataValue | undefined,
): { field: Field; type: DataTypeName | undefined } {
  const definition = ctx.definitionOf?.(ref);
  const type = typeName(definition?.dataType, sample);
  const unit = grafanaUnit(definition?.dataType?.unitOfMeasure);
  const field: Field = {
    name: ref.propertyName,
    type: fieldTypeOf(type),
    values: [],
    labels: labelsOf(ref, ctx.extraLabels),
    config: {
      displayNameFromDS: displayName(ref, definition, Boolean(ctx.nameWithEntity)),
      ...(unit ? { unit } : {}),
    },
  };
  return { field, type };
}

/**
 * A series' frame (time + value) with no points yet. History fills it; the live stream
 * starts a series it had no history for with it, so both name, type and label it alike.
 */
export function seriesFrame(
  ref: EntityPropertyReference,
  ctx: SeriesContext,
  sample: DataValue | undefined,
): DataFrame {
  const { field, type } = propertyField(ref, ctx, sample);
  return {
    name: ref.propertyName,
    refId: ctx.refId,
    fields: [{ name: 'time', type: FieldType.time, values: [], config: {} }, field],
    length: 0,
    meta: {
      custom: {
        dataType: type,
        entityId: ref.entityId,
        componentName: ref.componentName,
        entityPropertyReference: ref,
      },
    },
  };
}

/** The reference a series frame was built for, undefined for any other frame. */
export function seriesReferenceOf(frame: DataFrame): EntityPropertyReference | undefined {
  return frame.meta?.custom?.entityPropertyReference;
}

/** Reads a DataValue of a series frame's data type into the value its field holds, as the history reads it. */
export function seriesValueReader(frame: DataFrame): (v: DataValue | undefined) => unknown {
  return valueReader(frame.meta?.custom?.dataType);
}

/** Latest values as one single-row frame: a field per property, typed and labelled like history. */
export function latestValuesToFrame(pages: GetPropertyValueResponse[], ctx: SeriesContext = {}): DataFrame {
  const fields: Field[] = [];
  for (const page of pages) {
    for (const [name, latest] of Object.entries(page.propertyValues ?? {})) {
      const ref = { ...latest.propertyReference, propertyName: latest.propertyReference?.propertyName ?? name };
      const { field, type } = propertyField(ref, ctx, latest.propertyValue);
      field.values = [valueReader(type)(latest.propertyValue)];
      fields.push(field);
    }
  }
  return { name: 'property values', refId: ctx.refId, fields, length: fields.length ? 1 : 0 };
}

type Column = { name: string; type: FieldType; get: (row: any) => unknown; display?: string };

function tableFrame<T>(name: string, refId: string | undefined, rows: T[], columns: Column[]): DataFrame {
  return {
    name,
    refId,
    length: rows.length,
    fields: columns.map((c) => ({
      name: c.name,
      type: c.type,
      values: rows.map(c.get),
      config: c.display ? { displayNameFromDS: c.display } : {},
    })),
  };
}

const seconds = (v: number | undefined) => (v === undefined || v === null ? null : v * 1000);
const created: Column = { name: 'created', type: FieldType.time, get: (r) => seconds(r.creationDateTime) };
const updated: Column = { name: 'updated', type: FieldType.time, get: (r) => seconds(r.updateDateTime) };
const text = (name: string, display?: string): Column => ({
  name,
  type: FieldType.string,
  get: (r) => r[name] ?? null,
  display,
});

export function workspacesToFrame(rows: WorkspaceSummary[], refId?: string): DataFrame {
  return tableFrame('workspaces', refId, rows, [
    text('workspaceId'),
    text('description'),
    text('arn'),
    created,
    updated,
  ]);
}

export function scenesToFrame(rows: SceneSummary[], refId?: string): DataFrame {
  return tableFrame('scenes', refId, rows, [
    text('sceneId'),
    text('description'),
    text('contentLocation'),
    text('arn'),
    created,
    updated,
  ]);
}

export function entitiesToFrame(rows: EntitySummary[], refId?: string): DataFrame {
  return tableFrame('entities', refId, rows, [
    text('entityId'),
    text('entityName'),
    text('description'),
    text('parentEntityId'),
    { name: 'hasChildEntities', type: FieldType.boolean, get: (r) => r.hasChildEntities ?? false },
    { name: 'state', type: FieldType.string, get: (r) => r.status?.state ?? null },
    text('arn'),
    created,
    updated,
  ]);
}

/** An entity as two frames: its summary row, and one row per component property. */
export function entityToFrames(entity: GetEntityResponse, refId?: string): DataFrame[] {
  const summary = entitiesToFrame([entity as EntitySummary], refId);
  summary.name = 'entity';
  const rows: Array<Record<string, unknown>> = [];
  for (const [componentName, component] of Object.entries(entity.components ?? {})) {
    for (const [propertyName, property] of Object.entries(component.properties ?? {})) {
      const dataType = property.definition?.dataType;
      rows.push({
        componentName,
        componentTypeId: component.componentTypeId ?? null,
        propertyName,
        dataType: dataType ? dataTypeLabel(dataType) : null,
        isTimeSeries: property.definition?.isTimeSeries ?? false,
        unit: dataType?.unitOfMeasure ?? null,
        value: property.value ? displayValue(toJsValue(property.value)) : null,
      });
    }
  }
  const components = tableFrame('components', refId, rows, [
    text('componentName'),
    text('componentTypeId'),
    text('propertyName'),
    text('dataType'),
    { name: 'isTimeSeries', type: FieldType.boolean, get: (r) => r.isTimeSeries },
    text('unit'),
    text('value'),
  ]);
  return [summary, components];
}

const displayValue = (v: unknown) =>
  v === null || typeof v !== 'object' ? (v === null ? null : String(v)) : JSON.stringify(v);

/**
 * A knowledge-graph result as one table: a field per column; VALUE columns typed from their
 * values, NODE/EDGE/PATH columns kept as JSON documents.
 */
export function queryResultToFrame(pages: ExecuteQueryResponse[], refId?: string): DataFrame {
  const columns = pages.find((p) => p.columnDescriptions?.length)?.columnDescriptions ?? [];
  const rows = pages.flatMap((p) => p.rows ?? []);
  const fields: Field[] = columns.map((column, index) => {
    const values = rows.map((r) => r.rowData?.[index] ?? null);
    return { name: column.name ?? `col${index}`, type: columnFieldType(column.type, values), values, config: {} };
  });
  return {
    name: 'query result',
    refId,
    fields,
    length: rows.length,
    meta: { custom: { columnTypes: columns.map((c) => c.type) } },
  };
}

function columnFieldType(type: string | undefined, values: unknown[]): FieldType {
  if (type && type !== 'VALUE') return FieldType.other;
  const sample = values.find((v) => v !== null && v !== undefined);
  switch (typeof sample) {
    case 'number':
      return FieldType.number;
    case 'boolean':
      return FieldType.boolean;
    case 'string':
      return FieldType.string;
    default:
      return FieldType.other;
  }
}

const isoMs = (t: string | null | undefined) => (t ? parseIsoTime(t) : null);

/**
 * The Get Alarms frame: TwinMaker's fields (`alarmName`, `alarmId`, `entityId`, `entityName`,
 * `alarmStatus` shown as "Status" with its colours, `Time` of the last transition) plus
 * `severity`, `since` and `message`. The records ride along in `meta.custom.alarms`, row for
 * row, for the alarms panel (threshold, source value, snooze end).
 */
export function alarmsToFrame(alarms: AlarmRecord[], refId?: string): DataFrame {
  const status: Column = { name: 'alarmStatus', type: FieldType.string, get: (a: AlarmRecord) => a.status };
  const frame = tableFrame('alarms', refId, alarms, [
    text('alarmName'),
    { name: 'alarmId', type: FieldType.string, get: (a: AlarmRecord) => a.alarmKey ?? null },
    text('entityId'),
    text('entityName'),
    status,
    { name: 'Time', type: FieldType.time, get: (a: AlarmRecord) => isoMs(a.since) },
    { name: 'severity', type: FieldType.number, get: (a: AlarmRecord) => a.severity ?? null },
    { name: 'since', type: FieldType.time, get: (a: AlarmRecord) => isoMs(a.since) },
    text('message'),
  ]);
  const statusField = frame.fields[4]!;
  statusField.config = {
    displayName: 'Status',
    // `displayMode` for older table panels, `cellOptions` for Grafana 10+
    custom: { displayMode: 'color-text', cellOptions: { type: 'color-text' } },
    mappings: [
      {
        type: MappingType.ValueToText,
        options: Object.fromEntries(
          ALARM_STATUSES.map((s) => [s, { text: s, color: ALARM_STATUS_COLOURS[s], index: ALARM_ORDER.indexOf(s) }]),
        ),
      },
    ],
  };
  frame.meta = { preferredVisualisationType: 'table', custom: { alarms } };
  return frame;
}

/** TwinMaker's mapping order (NORMAL first). */
const ALARM_ORDER = ['NORMAL', 'ACTIVE', 'SNOOZE_DISABLED', 'ACKNOWLEDGED'];

/** Adds a visible notice (Grafana shows it on the panel/query) to a frame. */
export function addNotice(frame: DataFrame, notice: QueryResultMetaNotice): DataFrame {
  frame.meta = { ...frame.meta, notices: [...(frame.meta?.notices ?? []), notice] };
  return frame;
}

/** An empty frame that only carries a notice, for results with no data. */
export function noticeFrame(refId: string, notice: QueryResultMetaNotice): DataFrame {
  return addNotice({ name: 'notice', refId, fields: [], length: 0 }, notice);
}

/** Where the app's workspace explorer lives; entity links open it on the entity. */
export const EXPLORER_PATH = '/a/doppel-twin-app/workspaces';

/** Links every `entityId` cell to the app's workspace explorer, opened on that entity. */
export function linkEntities(frame: DataFrame, workspaceId: string): DataFrame {
  for (const field of frame.fields) {
    if (field.name !== 'entityId') continue;
    field.config = {
      ...field.config,
      links: [
        {
          title: 'Open in Doppel workspaces',
          url: `${EXPLORER_PATH}?ws=${encodeURIComponent(workspaceId)}&entity=\${__value.raw}`,
        },
      ],
    };
  }
  return frame;
}
