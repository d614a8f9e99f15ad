import { FieldType } from '@grafana/data';

import type { DataType, DataTypeName, DataValue } from '../common/twinmaker';
import { dataTypeLabel, fieldTypeOf, grafanaUnit, inferDataType, toJsValue, typeName, valueReader } from './dataValues';

describe('fieldTypeOf', () => {
  it.each<[DataTypeName, FieldType]>([
    ['DOUBLE', FieldType.number],
    ['INTEGER', FieldType.number],
    ['LONG', FieldType.number],
    ['BOOLEAN', FieldType.boolean],
    ['STRING', FieldType.string],
    ['RELATIONSHIP', FieldType.string],
    ['LIST', FieldType.other],
    ['MAP', FieldType.other],
  ])('gives %s values the %s field type', (type, fieldType) => {
    expect(fieldTypeOf(type)).toBe(fieldType);
  });
});

describe('inferDataType', () => {
  it.each<[DataTypeName, DataValue]>([
    ['DOUBLE', { doubleValue: 1.5 }],
    ['INTEGER', { integerValue: 1 }],
    ['LONG', { longValue: 5 }],
    ['BOOLEAN', { booleanValue: true }],
    ['STRING', { stringValue: 's' }],
    ['LIST', { listValue: [] }],
    ['MAP', { mapValue: {} }],
    ['RELATIONSHIP', { relationshipValue: { targetEntityId: 'x' } }],
  ])('reads %s from the value when no definition is known', (type, value) => {
    expect(inferDataType(value)).toBe(type);
  });
});

describe('typeName', () => {
  it("prefers the definition's type over the value's", () => {
    expect(typeName({ type: 'DOUBLE' }, { integerValue: 3 })).toBe('DOUBLE');
  });

  it('infers the type from the first value when the definition is unknown', () => {
    expect(typeName(undefined, { booleanValue: false })).toBe('BOOLEAN');
  });
});

describe('toJsValue', () => {
  it('turns a list of relationships into their targets', () => {
    expect(
      toJsValue({
        listValue: [
          { relationshipValue: { targetEntityId: 'MIXER_1' } },
          { relationshipValue: { targetEntityId: 'MIXER_2', targetComponentName: 'c' } },
        ],
      }),
    ).toEqual(['MIXER_1', 'MIXER_2/c']);
  });

  it('turns a map into an object of plain values', () => {
    expect(toJsValue({ mapValue: { flour: { doubleValue: 1.5 }, sugar: { doubleValue: 2 } } })).toEqual({
      flour: 1.5,
      sugar: 2,
    });
  });
});

describe('valueReader', () => {
  it('reads numbers a DOUBLE property stores as integers', () => {
    expect(valueReader('DOUBLE')({ integerValue: 3 })).toBe(3);
  });

  it('reads a missing value as null', () => {
    expect(valueReader('DOUBLE')(undefined)).toBeNull();
  });
});

describe('grafanaUnit', () => {
  it.each([
    ['°C', 'celsius'],
    ['rpm', 'rotrpm'],
    ['%', 'percent'],
  ])('maps the common unit %s to Grafana unit %s', (unitOfMeasure, unit) => {
    expect(grafanaUnit(unitOfMeasure)).toBe(unit);
  });

  it('keeps another unit as a suffix', () => {
    expect(grafanaUnit('cookies/min')).toBe('suffix:cookies/min');
  });

  it('gives no unit when the property has none', () => {
    expect(grafanaUnit(undefined)).toBeUndefined();
  });
});

describe('dataTypeLabel', () => {
  it.each<[string, DataType | undefined]>([
    ['DOUBLE', { type: 'DOUBLE' }],
    ['LIST<RELATIONSHIP>', { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } }],
    ['MAP<LIST<STRING>>', { type: 'MAP', nestedType: { type: 'LIST', nestedType: { type: 'STRING' } } }],
    ['', undefined],
  ])('names nested types all the way down: "%s"', (label, dataType) => {
    expect(dataTypeLabel(dataType)).toBe(label);
  });
});
