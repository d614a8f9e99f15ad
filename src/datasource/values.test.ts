import { FieldType } from '@grafana/data';

import { dataTypeLabel, fieldTypeOf, grafanaUnit, inferDataType, parseIsoTime, toJsValue, valueReader } from './values';

describe('parseIsoTime', () => {
  it.each([
    '2021-11-05T00:00:00Z',
    '2021-11-05T00:00:00.001Z',
    '2021-11-05T23:59:59.999Z',
    '2024-02-29T12:30:45.5Z',
    '2021-11-05T01:00:00+01:00',
    '2021-11-05T00:00:00.123-05:30',
    '1999-12-31T23:59:59Z',
  ])('agrees with Date.parse for %s', (s) => {
    expect(parseIsoTime(s)).toBe(Date.parse(s));
  });

  it('keeps milliseconds and drops finer digits (nanosecond precision strings)', () => {
    expect(parseIsoTime('2021-11-05T00:00:00.123456789Z')).toBe(Date.parse('2021-11-05T00:00:00.123Z'));
  });

  it('reads times without seconds, as TwinMaker sometimes sends them', () => {
    expect(parseIsoTime('2022-04-07T04:04Z')).toBe(Date.parse('2022-04-07T04:04:00Z'));
  });

  it('switches days correctly across consecutive calls (day cache)', () => {
    expect(parseIsoTime('2021-11-05T10:00:00Z')).toBe(Date.parse('2021-11-05T10:00:00Z'));
    expect(parseIsoTime('2021-11-06T10:00:00Z')).toBe(Date.parse('2021-11-06T10:00:00Z'));
  });

  it('refuses a non-digit in the service form instead of guessing', () => {
    expect(Number.isNaN(parseIsoTime('2021-11-05T0a:00:00.000Z'))).toBe(true);
    expect(Number.isNaN(parseIsoTime('2021-11-05T0::00:00.000Z'))).toBe(true);
  });

  it('falls back to Date.parse for other forms', () => {
    expect(Number.isNaN(parseIsoTime('not a time'))).toBe(true);
  });
});

describe('data values', () => {
  it('types every TwinMaker data type', () => {
    expect(fieldTypeOf('DOUBLE')).toBe(FieldType.number);
    expect(fieldTypeOf('INTEGER')).toBe(FieldType.number);
    expect(fieldTypeOf('LONG')).toBe(FieldType.number);
    expect(fieldTypeOf('BOOLEAN')).toBe(FieldType.boolean);
    expect(fieldTypeOf('STRING')).toBe(FieldType.string);
    expect(fieldTypeOf('RELATIONSHIP')).toBe(FieldType.string);
    expect(fieldTypeOf('LIST')).toBe(FieldType.other);
    expect(fieldTypeOf('MAP')).toBe(FieldType.other);
  });

  it('infers the type from the value when no definition is known', () => {
    expect(inferDataType({ longValue: 5 })).toBe('LONG');
    expect(inferDataType({ mapValue: {} })).toBe('MAP');
    expect(inferDataType({ relationshipValue: { targetEntityId: 'x' } })).toBe('RELATIONSHIP');
  });

  it('converts nested lists, maps and relationships to plain values', () => {
    expect(
      toJsValue({
        listValue: [
          { relationshipValue: { targetEntityId: 'MIXER_1' } },
          { relationshipValue: { targetEntityId: 'MIXER_2', targetComponentName: 'c' } },
        ],
      }),
    ).toEqual(['MIXER_1', 'MIXER_2/c']);
    expect(toJsValue({ mapValue: { flour: { doubleValue: 1.5 }, sugar: { doubleValue: 2 } } })).toEqual({
      flour: 1.5,
      sugar: 2,
    });
  });

  it('reads numbers a DOUBLE property stores as integers, and null for missing values', () => {
    const read = valueReader('DOUBLE');
    expect(read({ integerValue: 3 })).toBe(3);
    expect(read(undefined)).toBeNull();
  });

  it('maps common units to Grafana units and keeps others as a suffix', () => {
    expect(grafanaUnit('°C')).toBe('celsius');
    expect(grafanaUnit('rpm')).toBe('rotrpm');
    expect(grafanaUnit('%')).toBe('percent');
    expect(grafanaUnit('cookies/min')).toBe('suffix:cookies/min');
    expect(grafanaUnit(undefined)).toBeUndefined();
  });
});

describe('dataTypeLabel', () => {
  it('names nested types all the way down', () => {
    expect(dataTypeLabel({ type: 'DOUBLE' })).toBe('DOUBLE');
    expect(dataTypeLabel({ type: 'LIST', nestedType: { type: 'RELATIONSHIP' } })).toBe('LIST<RELATIONSHIP>');
    expect(dataTypeLabel({ type: 'MAP', nestedType: { type: 'LIST', nestedType: { type: 'STRING' } } })).toBe(
      'MAP<LIST<STRING>>',
    );
    expect(dataTypeLabel(undefined)).toBe('');
  });
});
