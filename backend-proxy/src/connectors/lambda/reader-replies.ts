import { DataType, DataValue } from '../../api/common';
import { EntityPropertyReference } from '../../api/values';
import { storableValue } from '../../model/values/point-value';
import { formatTime, fromEpochSeconds, Instant, parseTime } from '../../model/values/time';

/** One value of a reader reply, its time made canonical and its value typed. */
export interface ReaderPoint {
  at: Instant;
  /** `{"time":"…","value":{…}}`, as the history response and the live stream carry it */
  point: string;
}

/** One `propertyValues[]` item of a reader reply, checked. */
export interface ReaderSeries {
  reference: EntityPropertyReference;
  points: ReaderPoint[];
}

export interface ReaderReply {
  series: ReaderSeries[];
  nextToken?: string;
}

/** Thrown with a message naming the member of the reply that breaks the contract. */
export class ReplyProblem extends Error {}

const SCALAR_MEMBER: Record<string, keyof DataValue> = {
  STRING: 'stringValue',
  DOUBLE: 'doubleValue',
  INTEGER: 'integerValue',
  LONG: 'longValue',
  BOOLEAN: 'booleanValue',
};

/**
 * A data reader's reply (`{propertyValues: [{entityPropertyReference, values: [{time, value}]}],
 * nextToken}`) mapped the way TwinMaker maps it: values that come back string-encoded — the
 * samples' udq_utils send every scalar as a string — are coerced to the property's type,
 * `time` (or the deprecated epoch-second `timestamp`) made canonical, `nextToken: null`
 * taken as the last page. `dataTypeOf` gives the selected properties' types; a value that
 * still does not fit, or a property that was not selected, is a ReplyProblem.
 */
export function readerReply(reply: unknown, dataTypeOf: (propertyName: string) => DataType | undefined): ReaderReply {
  if (!isObject(reply)) throw new ReplyProblem('the reply is not a JSON object');
  const { propertyValues, nextToken } = reply;
  if (!Array.isArray(propertyValues)) throw new ReplyProblem('propertyValues is not an array');
  if (nextToken !== undefined && nextToken !== null && (typeof nextToken !== 'string' || nextToken === '')) {
    throw new ReplyProblem('nextToken is neither a non-empty string nor null');
  }
  const series = propertyValues.map((item, i) => readerSeries(item, `propertyValues[${i}]`, dataTypeOf));
  return typeof nextToken === 'string' ? { series, nextToken } : { series };
}

function readerSeries(
  item: unknown,
  where: string,
  dataTypeOf: (propertyName: string) => DataType | undefined,
): ReaderSeries {
  if (!isObject(item)) throw new ReplyProblem(`${where} is not an object`);
  const ref = item.entityPropertyReference;
  if (!isObject(ref) || typeof ref.propertyName !== 'string') {
    throw new ReplyProblem(`${where}.entityPropertyReference.propertyName is missing`);
  }
  const dataType = dataTypeOf(ref.propertyName);
  if (!dataType) throw new ReplyProblem(`${where} names property ${ref.propertyName}, which was not selected`);
  const reference: EntityPropertyReference = { propertyName: ref.propertyName };
  for (const member of ['entityId', 'componentName'] as const) {
    if (ref[member] === undefined || ref[member] === null) continue;
    if (typeof ref[member] !== 'string')
      throw new ReplyProblem(`${where}.entityPropertyReference.${member} is not a string`);
    reference[member] = ref[member];
  }
  if (ref.externalIdProperty !== undefined && ref.externalIdProperty !== null) {
    const ids = ref.externalIdProperty;
    if (!isObject(ids) || !Object.values(ids).every((v) => typeof v === 'string')) {
      throw new ReplyProblem(`${where}.entityPropertyReference.externalIdProperty is not a map of strings`);
    }
    reference.externalIdProperty = ids as Record<string, string>;
  }
  if (!Array.isArray(item.values)) throw new ReplyProblem(`${where}.values is not an array`);
  const points = item.values.map((v, j) => readerPoint(v, `${where}.values[${j}]`, dataType));
  return { reference, points };
}

function readerPoint(v: unknown, where: string, dataType: DataType): ReaderPoint {
  if (!isObject(v)) throw new ReplyProblem(`${where} is not an object`);
  const at =
    v.time !== undefined && v.time !== null ? timeOf(v.time, `${where}.time`) : timestampOf(v.timestamp, where);
  if (!isObject(v.value)) throw new ReplyProblem(`${where}.value is not a DataValue object`);
  const value = coerce(dataType, v.value as DataValue);
  const stored = storableValue(dataType, value, `${where}.value`);
  if (typeof stored !== 'string') throw new ReplyProblem(stored.problem);
  return { at, point: `{"time":"${formatTime(at.ms, at.ns)}","value":${stored}}` };
}

/**
 * The value with string-encoded scalars turned into the property's type: `{"doubleValue":
 * "12.5"}` → 12.5, `{"booleanValue": "True"}` → true, and a scalar sent under another scalar
 * member (`{"stringValue": "7"}` for an INTEGER) moved to the right one. Lists and maps are
 * coerced element by element.
 */
export function coerce(dataType: DataType, value: DataValue): DataValue {
  const member = SCALAR_MEMBER[dataType.type];
  if (member) {
    const present = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    if (present.length !== 1) return value;
    const raw = (value as Record<string, unknown>)[present[0]!];
    const converted = scalar(dataType.type, raw);
    return converted === undefined ? value : ({ [member]: converted } as DataValue);
  }
  if (dataType.type === 'LIST' && dataType.nestedType && Array.isArray(value.listValue)) {
    return { listValue: value.listValue.map((v) => (isObject(v) ? coerce(dataType.nestedType!, v) : v)) };
  }
  if (dataType.type === 'MAP' && dataType.nestedType && isObject(value.mapValue)) {
    const nested = dataType.nestedType;
    return {
      mapValue: Object.fromEntries(
        Object.entries(value.mapValue).map(([k, v]) => [k, isObject(v) ? coerce(nested, v as DataValue) : v]),
      ) as Record<string, DataValue>,
    };
  }
  return value;
}

function scalar(type: string, raw: unknown): string | number | boolean | undefined {
  if (type === 'STRING') return typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
  if (type === 'BOOLEAN') {
    if (typeof raw === 'boolean') return raw;
    if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return raw.trim().toLowerCase() === 'true';
    return undefined;
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) return undefined;
  if (type === 'DOUBLE') return n;
  return Number.isInteger(n) ? n : undefined;
}

function timeOf(time: unknown, where: string): Instant {
  const parsed = parseTime(time);
  if (typeof parsed !== 'string') return parsed;
  // Java's formatter drops zero seconds (2022-04-07T04:04Z): TwinMaker's own clients patch it
  if (typeof time === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(Z|[+-]\d\d:\d\d)$/.test(time)) {
    const ms = Date.parse(time);
    if (Number.isFinite(ms)) return { ms, ns: 0 };
  }
  throw new ReplyProblem(`${where} ${parsed}`);
}

function timestampOf(timestamp: unknown, where: string): Instant {
  if (timestamp === undefined || timestamp === null) throw new ReplyProblem(`${where} has neither time nor timestamp`);
  const parsed = fromEpochSeconds(timestamp);
  if (typeof parsed === 'string') throw new ReplyProblem(`${where}.timestamp ${parsed}`);
  return parsed;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
