import { DataType, DataValue } from '../../api/common';
import { PropertyFilter } from '../../api/values';
import { checkValue, plainValue } from '../data-values';

export type FilterOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
const operators: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];

/** A property filter checked against the property's type, ready to test stored values. */
export interface ValueFilter {
  propertyName: string;
  test(value: DataValue): boolean;
}

/**
 * Compiles GetPropertyValueHistory `propertyFilters`. Operators are =, !=, <, <=, >, >=;
 * ordered operators need a number or string property. Returns a message on bad input.
 */
export function compileFilter(
  filter: PropertyFilter,
  dataType: DataType | undefined,
  where: string,
): ValueFilter | string {
  const { propertyName, operator, value } = filter;
  if (!propertyName) return `${where}.propertyName is required`;
  if (!operator || !operators.includes(operator)) {
    return `${where}.operator ${JSON.stringify(operator ?? null)} is not supported: use one of ${operators.join(' ')}`;
  }
  if (!value) return `${where}.value is required`;
  if (!dataType) return `${where}.propertyName ${propertyName} must be one of selectedProperties`;
  const problem = checkValue({ ...dataType, allowedValues: undefined }, value, `${where}.value`);
  if (problem) return problem;
  const ordered = operator !== '=' && operator !== '!=';
  if (ordered && !['DOUBLE', 'INTEGER', 'LONG', 'STRING'].includes(dataType.type)) {
    return `${where}.operator ${operator} needs a number or string property; ${propertyName} is ${dataType.type}`;
  }
  const wanted = plainValue(value);
  const wantedJson = JSON.stringify(wanted);
  const op = operator as FilterOperator;
  return {
    propertyName,
    test(candidate: DataValue): boolean {
      const actual = plainValue(candidate);
      if (op === '=') return JSON.stringify(actual) === wantedJson;
      if (op === '!=') return JSON.stringify(actual) !== wantedJson;
      if (typeof actual !== typeof wanted) return false;
      const a = actual as number | string;
      const b = wanted as number | string;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    },
  };
}
