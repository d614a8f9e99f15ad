import { DataType, DataValue } from '../api/common';

/**
 * DataType and DataValue rules shared by component types (definitions, allowed and default
 * values), entities (property values) and the value store. Every check returns a message
 * that names where the problem is (`where`), or undefined when the input is fine.
 */

const scalarMember: Record<string, keyof DataValue> = {
  STRING: 'stringValue',
  DOUBLE: 'doubleValue',
  INTEGER: 'integerValue',
  LONG: 'longValue',
  BOOLEAN: 'booleanValue',
};

const valueMembers: (keyof DataValue)[] = [
  'booleanValue',
  'doubleValue',
  'integerValue',
  'longValue',
  'stringValue',
  'listValue',
  'mapValue',
  'relationshipValue',
  'expression',
];

/**
 * Checks that a DataType is well formed: LIST/MAP need a nestedType, scalars must not have
 * one, allowed values match the type. `where` names the dataType itself in messages.
 */
export function checkDataType(dataType: DataType | undefined, where: string): string | undefined {
  if (!dataType || typeof dataType !== 'object') return `${where} is required`;
  const { type, nestedType } = dataType;
  if (type === 'LIST' || type === 'MAP') {
    if (!nestedType) return `${where} of type ${type} needs a nestedType (the type of its elements)`;
    const nested = checkDataType(nestedType, `${where}.nestedType`);
    if (nested) return nested;
  } else if (nestedType) {
    return `${where} of type ${type} must not have a nestedType: only LIST and MAP do`;
  }
  if (dataType.relationship && type !== 'RELATIONSHIP' && !(type === 'LIST' && nestedType?.type === 'RELATIONSHIP')) {
    return `${where}.relationship is only allowed on RELATIONSHIP properties`;
  }
  for (const [i, allowed] of (dataType.allowedValues ?? []).entries()) {
    const problem = checkValue({ ...dataType, allowedValues: undefined }, allowed, `${where}.allowedValues[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** The one member a DataValue sets; undefined when it sets none or several. */
export function memberOf(value: DataValue): keyof DataValue | undefined {
  const set = valueMembers.filter((m) => value[m] !== undefined && value[m] !== null);
  return set.length === 1 ? set[0] : undefined;
}

/** Checks a value against a data type, including allowedValues and nested list/map elements. */
export function checkValue(dataType: DataType, value: DataValue, where: string): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `${where} must be a DataValue object`;
  const member = memberOf(value);
  if (!member) {
    return `${where} must set exactly one of ${valueMembers.join(', ')}`;
  }
  // expressions (${Parameters.x}) are resolved by connectors, not checked against the type
  if (member === 'expression') return undefined;
  const expected = expectedMember(dataType);
  if (member !== expected) {
    return `${where} is a ${member} but the property's type is ${describe(dataType)}: send ${expected}`;
  }
  if (dataType.type === 'LIST') {
    for (const [i, element] of value.listValue!.entries()) {
      const problem = checkValue(dataType.nestedType!, element, `${where}.listValue[${i}]`);
      if (problem) return problem;
    }
  } else if (dataType.type === 'MAP') {
    for (const [key, element] of Object.entries(value.mapValue!)) {
      const problem = checkValue(dataType.nestedType!, element, `${where}.mapValue.${key}`);
      if (problem) return problem;
    }
  } else if (dataType.type === 'INTEGER' && !isInt32(value.integerValue)) {
    return `${where}.integerValue must be a whole number between -2147483648 and 2147483647`;
  } else if (dataType.type === 'LONG' && !Number.isInteger(value.longValue)) {
    return `${where}.longValue must be a whole number`;
  } else if (dataType.type === 'RELATIONSHIP' && !value.relationshipValue!.targetEntityId) {
    return `${where}.relationshipValue.targetEntityId is required`;
  }
  const allowed = dataType.allowedValues;
  if (allowed && allowed.length > 0 && !allowed.some((a) => sameValue(a, value))) {
    const choices = allowed.map((a) => JSON.stringify(plainValue(a))).join(', ');
    return `${where} ${JSON.stringify(plainValue(value))} is not one of the allowed values (${choices})`;
  }
  return undefined;
}

function isInt32(n: unknown): boolean {
  return Number.isInteger(n) && (n as number) >= -2147483648 && (n as number) <= 2147483647;
}

function expectedMember(dataType: DataType): keyof DataValue {
  if (dataType.type === 'LIST') return 'listValue';
  if (dataType.type === 'MAP') return 'mapValue';
  if (dataType.type === 'RELATIONSHIP') return 'relationshipValue';
  return scalarMember[dataType.type]!;
}

/** `LIST<DOUBLE>`, `MAP<STRING>`, `STRING` … for messages. */
export function describe(dataType: DataType): string {
  return dataType.nestedType ? `${dataType.type}<${describe(dataType.nestedType)}>` : dataType.type;
}

/** Structural equality of two DataValues (allowedValues checks, equality of definitions). */
export function sameValue(a: DataValue, b: DataValue): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Structural equality of two DataTypes, ignoring member order. */
export function sameDataType(a: DataType, b: DataType): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/**
 * A DataValue as plain JSON: what the knowledge-graph query compares against and what
 * frames show. A relationship becomes `{targetEntityId, targetComponentName?}`.
 */
export function plainValue(value: DataValue): PlainValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.integerValue !== undefined) return value.integerValue;
  if (value.longValue !== undefined) return value.longValue;
  if (value.booleanValue !== undefined) return value.booleanValue;
  if (value.listValue !== undefined) return value.listValue.map(plainValue);
  if (value.mapValue !== undefined) {
    return Object.fromEntries(Object.entries(value.mapValue).map(([k, v]) => [k, plainValue(v)]));
  }
  if (value.relationshipValue !== undefined) {
    const { targetEntityId, targetComponentName } = value.relationshipValue;
    return { targetEntityId: targetEntityId ?? null, ...(targetComponentName && { targetComponentName }) };
  }
  if (value.expression !== undefined) return value.expression;
  return null;
}

/** Every relationship a value holds (one for RELATIONSHIP, one per element of a LIST<RELATIONSHIP>). */
export function relationshipsOf(
  value: DataValue | undefined,
): { listIndex: number | null; targetEntityId: string; targetComponentName?: string }[] {
  if (!value) return [];
  if (value.relationshipValue?.targetEntityId) {
    return [{ listIndex: null, ...value.relationshipValue, targetEntityId: value.relationshipValue.targetEntityId }];
  }
  if (value.listValue) {
    return value.listValue.flatMap((element, i) =>
      element.relationshipValue?.targetEntityId
        ? [{ listIndex: i, ...element.relationshipValue, targetEntityId: element.relationshipValue.targetEntityId }]
        : [],
    );
  }
  return [];
}
