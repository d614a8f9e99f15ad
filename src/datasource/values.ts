import { FieldType } from '@grafana/data';

import type { DataType, DataTypeName, DataValue } from '../common/twinmaker';

/**
 * Pure conversions of TwinMaker values for frames: ISO-8601 times to epoch ms, DataValues to
 * JavaScript values, data types to Grafana field types and units.
 */

let lastY = -1;
let lastMo = -1;
let lastD = -1;
let lastDayMs = 0;

function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Epoch milliseconds of a TwinMaker `time` string (`YYYY-MM-DDThh:mm[:ss[.fff…]](Z|±hh:mm)`).
 * A hand-rolled fast path (history frames parse millions of these), Date.parse otherwise.
 */
export function parseIsoTime(s: string): number {
  // The service's own form, `YYYY-MM-DDThh:mm:ss.fffZ`: fixed positions, no loops.
  // Inline on purpose: a helper here gets inlined by the minifier as a closure per call.
  if (s.length !== 24 || s.charCodeAt(23) !== 90 || s.charCodeAt(19) !== 46 || s.charCodeAt(16) !== 58) {
    return general(s);
  }
  const y0 = s.charCodeAt(0) - 48,
    y1 = s.charCodeAt(1) - 48,
    y2 = s.charCodeAt(2) - 48,
    y3 = s.charCodeAt(3) - 48;
  const m0 = s.charCodeAt(5) - 48,
    m1 = s.charCodeAt(6) - 48,
    d0 = s.charCodeAt(8) - 48,
    d1 = s.charCodeAt(9) - 48;
  const h0 = s.charCodeAt(11) - 48,
    h1 = s.charCodeAt(12) - 48,
    i0 = s.charCodeAt(14) - 48,
    i1 = s.charCodeAt(15) - 48;
  const s0 = s.charCodeAt(17) - 48,
    s1 = s.charCodeAt(18) - 48;
  const f0 = s.charCodeAt(20) - 48,
    f1 = s.charCodeAt(21) - 48,
    f2 = s.charCodeAt(22) - 48;
  // every digit 0..9: unsigned compare catches both below '0' and above '9'
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    m0 >>> 0 > 9 ||
    m1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9 ||
    h0 >>> 0 > 9 ||
    h1 >>> 0 > 9 ||
    i0 >>> 0 > 9 ||
    i1 >>> 0 > 9 ||
    s0 >>> 0 > 9 ||
    s1 >>> 0 > 9 ||
    f0 >>> 0 > 9 ||
    f1 >>> 0 > 9 ||
    f2 >>> 0 > 9
  ) {
    return general(s);
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const mo = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (y !== lastY || mo !== lastMo || d !== lastD) {
    lastY = y;
    lastMo = mo;
    lastD = d;
    lastDayMs = Date.UTC(y, mo - 1, d);
  }
  return (
    lastDayMs + (h0 * 10 + h1) * 3_600_000 + (i0 * 10 + i1) * 60_000 + (s0 * 10 + s1) * 1000 + f0 * 100 + f1 * 10 + f2
  );
}

/** Any other form: digits read by position where they sit, Date.parse for the rest. */
function general(s: string): number {
  if (s.length < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58)
    return Date.parse(s);
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return Date.parse(s);
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, 17, 2);
    if (sec < 0) return Date.parse(s);
    i = 19;
    if (s.charCodeAt(i) === 46) {
      i++;
      let scale = 100;
      for (let c = s.charCodeAt(i) - 48; c >= 0 && c <= 9; c = s.charCodeAt(++i) - 48) {
        if (scale >= 1) ms += c * scale;
        scale /= 10;
      }
    }
  }
  let offsetMs = 0;
  const z = s.charCodeAt(i);
  if (z === 43 || z === 45) {
    const oh = digits(s, i + 1, 2);
    const om = s.charCodeAt(i + 3) === 58 ? digits(s, i + 4, 2) : digits(s, i + 3, 2);
    if (oh < 0 || om < 0) return Date.parse(s);
    offsetMs = (z === 43 ? 1 : -1) * (oh * 3_600_000 + om * 60_000);
  } else if (z !== 90 && z !== 122) {
    return Date.parse(s);
  }
  if (y !== lastY || mo !== lastMo || d !== lastD) {
    lastY = y;
    lastMo = mo;
    lastD = d;
    lastDayMs = Date.UTC(y, mo - 1, d);
  }
  return lastDayMs + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms - offsetMs;
}

/** Epoch ms of a PropertyValue: its `time` string, or the deprecated epoch-seconds `timestamp`. */
export function valueTimeMs(v: { time?: string; timestamp?: number }): number {
  if (v.time !== undefined) return parseIsoTime(v.time);
  return v.timestamp !== undefined ? v.timestamp * 1000 : NaN;
}

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

/** The scalar type a property's values have (a LIST/MAP keeps its own type). */
/** A data type as people read it: `DOUBLE`, `LIST<RELATIONSHIP>`, `MAP<LIST<STRING>>`. */
export function dataTypeLabel(dataType: DataType | undefined): string {
  if (!dataType) return '';
  return dataType.nestedType ? `${dataType.type}<${dataTypeLabel(dataType.nestedType)}>` : dataType.type;
}

export function typeName(dataType: DataType | undefined, sample: DataValue | undefined): DataTypeName | undefined {
  return dataType?.type ?? inferDataType(sample);
}
