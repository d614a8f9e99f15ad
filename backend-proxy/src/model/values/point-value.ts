import { DataType, DataValue } from '../../api/common';
import { checkValue } from '../data-values';

const scalarMember: Record<string, string> = {
  STRING: 'stringValue',
  DOUBLE: 'doubleValue',
  INTEGER: 'integerValue',
  LONG: 'longValue',
  BOOLEAN: 'booleanValue',
};
/** `{"doubleValue":` and so on, built once rather than per value */
const memberPrefix: Record<string, string> = Object.fromEntries(
  Object.values(scalarMember).map((member) => [member, '{"' + member + '":']),
);

/**
 * Checks one time-series value against its property's data type and returns the JSON text
 * to store, or `{ problem }`. Scalars without allowed values (the ingest hot path) are
 * checked inline; everything else goes through the shared `checkValue` rules.
 */
export function storableValue(dataType: DataType, value: DataValue, where: string): string | { problem: string } {
  const member = scalarMember[dataType.type];
  if (member !== undefined && !(dataType.allowedValues && dataType.allowedValues.length > 0)) {
    const v = (value as Record<string, unknown>)[member];
    if (v !== undefined && onlyMember(value, member) && scalarOk(dataType.type, v)) {
      // a finite number or a boolean prints as JSON does; only strings need escaping
      return memberPrefix[member] + (typeof v === 'string' ? JSON.stringify(v) : String(v)) + '}';
    }
  }
  if (value && typeof value === 'object' && value.expression !== undefined) {
    return { problem: `${where} is an expression: time-series values must be data, not expressions` };
  }
  const problem = checkValue(dataType, value, where) ?? wellTyped(dataType, value, where);
  if (problem) return { problem };
  return JSON.stringify(value);
}

/**
 * The JSON types inside a value that `checkValue` already matched member by member: a
 * BatchPut body is not schema-checked value by value, so a bad value is an entry error.
 */
function wellTyped(dataType: DataType, value: DataValue, where: string): string | undefined {
  const member = scalarMember[dataType.type];
  if (member !== undefined) {
    const v = (value as Record<string, unknown>)[member];
    if (typeof v === 'string' && v.length > 2048) return `${where}.stringValue is longer than 2048 characters`;
    if (!scalarOk(dataType.type, v)) return `${where}.${member} must be ${expectation[dataType.type]}`;
    return undefined;
  }
  if (dataType.type === 'LIST' && dataType.nestedType) {
    const list = value.listValue as unknown;
    if (!Array.isArray(list)) return `${where}.listValue must be an array`;
    if (list.length > 50) return `${where}.listValue has more than 50 elements`;
    for (let i = 0; i < list.length; i++) {
      const problem = wellTyped(dataType.nestedType, list[i] as DataValue, `${where}.listValue[${i}]`);
      if (problem) return problem;
    }
  }
  if (dataType.type === 'MAP' && dataType.nestedType) {
    const map = value.mapValue as unknown;
    if (!map || typeof map !== 'object' || Array.isArray(map)) return `${where}.mapValue must be an object`;
    const entries = Object.entries(map);
    if (entries.length > 50) return `${where}.mapValue has more than 50 entries`;
    for (const [key, element] of entries) {
      const problem = wellTyped(dataType.nestedType, element as DataValue, `${where}.mapValue.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

const expectation: Record<string, string> = {
  DOUBLE: 'a finite number',
  INTEGER: 'a whole number between -2147483648 and 2147483647',
  LONG: 'a whole number',
  BOOLEAN: 'true or false',
  STRING: 'a string',
};

function onlyMember(value: object, member: string): boolean {
  for (const key in value) {
    if (
      key !== member &&
      (value as Record<string, unknown>)[key] !== undefined &&
      (value as Record<string, unknown>)[key] !== null
    ) {
      return false;
    }
  }
  return true;
}

function scalarOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'DOUBLE':
      return typeof v === 'number' && Number.isFinite(v);
    case 'INTEGER':
      return Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647;
    case 'LONG':
      return Number.isInteger(v);
    case 'BOOLEAN':
      return typeof v === 'boolean';
    default:
      return typeof v === 'string' && v.length <= 2048;
  }
}

/** A stored value as a number when it is numeric (interpolation, ordered filters). */
export function numericOf(value: DataValue): number | undefined {
  if (typeof value.doubleValue === 'number') return value.doubleValue;
  if (typeof value.integerValue === 'number') return value.integerValue;
  if (typeof value.longValue === 'number') return value.longValue;
  return undefined;
}
