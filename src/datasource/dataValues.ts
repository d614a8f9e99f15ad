import { FieldType } from '@grafana/data';

import type { DataType, DataTypeName, DataValue } from '../common/twinmaker';

/**
 * DataValue conversion for frames: TwinMaker DataValues to JavaScript values, data types to
 * Grafana field types, units and readable labels.
 */

/** The data type a DataValue carries, for values whose property definition is unknown. */
export function inferDataType(v: DataValue | undefined): DataTypeName | undefined {
  if (!v) return undefined;
  if (v.doubleValue !== undefined) return 'DOUBLE';
  if (v.integerValue !== undefined) return 'INTEGER';
  if (v.longValue !== undefined) return 'LONG';
  if (v.booleanValue !== undefined) return 'BOOLEAN';
  if (v.stringValue !== undefined) return 'STRING';
  if (v.listValue !== undefined) return 'LIST';
  if (v.mapValue !== undefined) return 'MAP';
  if (v.relationshipValue !== undefined) return 'RELATIONSHIP';
  return undefined;
}

/** Grafana field type for a TwinMaker data type. */
export function fieldTypeOf(type: DataTypeName | undefined): FieldType {
  switch (type) {
    case 'DOUBLE':
    case 'INTEGER':
    case 'LONG':
      return FieldType.number;
    case 'BOOLEAN':
      return FieldType.boolean;
    case 'STRING':
    case 'RELATIONSHIP':
      return FieldType.string;
    case 'LIST':
    case 'MAP':
      return FieldType.other;
    default:
      return FieldType.other;
  }
}

/** A relationship as one readable string: `entity` or `entity/component`. */
export function relationshipText(
  r: { targetEntityId?: string; targetComponentName?: string } | undefined,
): string | null {
  if (!r || !r.targetEntityId) return null;
  return r.targetComponentName ? `${r.targetEntityId}/${r.targetComponentName}` : r.targetEntityId;
}

/** Any DataValue as a plain JS value (lists → arrays, maps → objects, relationships → text). */
export function toJsValue(v: DataValue | undefined): unknown {
  if (!v) return null;
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.integerValue !== undefined) return Number(v.integerValue);
  if (v.longValue !== undefined) return Number(v.longValue);
  if (v.booleanValue !== undefined)
    return typeof v.booleanValue === 'string' ? v.booleanValue === 'true' : v.booleanValue;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.listValue !== undefined) return v.listValue.map(toJsValue);
  if (v.mapValue !== undefined) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v.mapValue)) out[k] = toJsValue(v.mapValue[k]);
    return out;
  }
  if (v.relationshipValue !== undefined) return relationshipText(v.relationshipValue);
  if (v.expression !== undefined) return v.expression;
  return null;
}

/**
 * A DataValue → field value converter for one data type. Chosen once per series so the
 * per-point work in big histories is one property read.
 */
export function valueReader(type: DataTypeName | undefined): (v: DataValue | undefined) => unknown {
  switch (type) {
    case 'DOUBLE':
      return (v) => (v ? (v.doubleValue ?? v.integerValue ?? v.longValue ?? null) : null);
    case 'INTEGER':
      return (v) => (v ? (v.integerValue ?? v.longValue ?? v.doubleValue ?? null) : null);
    case 'LONG':
      return (v) => (v ? (v.longValue ?? v.integerValue ?? v.doubleValue ?? null) : null);
    case 'STRING':
      return (v) => (v ? (v.stringValue ?? null) : null);
    case 'BOOLEAN':
      return (v) => (v ? (v.booleanValue ?? null) : null);
    default:
      return toJsValue;
  }
}

const UNITS: Record<string, string> = {
  '%': 'percent',
  percent: 'percent',
  '°c': 'celsius',
  c: 'celsius',
  celsius: 'celsius',
  '°f': 'fahrenheit',
  f: 'fahrenheit',
  fahrenheit: 'fahrenheit',
  k: 'kelvin',
  kelvin: 'kelvin',
  rpm: 'rotrpm',
  hz: 'rothz',
  s: 's',
  ms: 'ms',
  m: 'lengthm',
  mm: 'lengthmm',
  km: 'lengthkm',
  kg: 'masskg',
  g: 'massg',
  w: 'watt',
  kw: 'kwatt',
  kwh: 'kwatth',
  v: 'volt',
  a: 'amp',
  pa: 'pressurepa',
  kpa: 'pressurekpa',
  bar: 'pressurebar',
  psi: 'pressurepsi',
  l: 'litre',
  'm/s': 'velocityms',
  'km/h': 'velocitykmh',
  'l/min': 'flowlpm',
};

/** Grafana unit id for a TwinMaker `unitOfMeasure` (known units mapped, others as a suffix). */
export function grafanaUnit(unitOfMeasure: string | undefined): string | undefined {
  if (!unitOfMeasure) return undefined;
  return UNITS[unitOfMeasure.trim().toLowerCase()] ?? `suffix:${unitOfMeasure}`;
}

/** A data type as people read it: `DOUBLE`, `LIST<RELATIONSHIP>`, `MAP<LIST<STRING>>`. */
export function dataTypeLabel(dataType: DataType | undefined): string {
  if (!dataType) return '';
  return dataType.nestedType ? `${dataType.type}<${dataTypeLabel(dataType.nestedType)}>` : dataType.type;
}

/** The data type of a series: its definition's, or the one its first value carries when no definition is known. */
export function typeName(dataType: DataType | undefined, sample: DataValue | undefined): DataTypeName | undefined {
  return dataType?.type ?? inferDataType(sample);
}
