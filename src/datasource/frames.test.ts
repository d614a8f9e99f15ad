import { type DataFrame, FieldType } from '@grafana/data';

import type { DataTypeName, DataValue, PropertyDefinition } from '../common/twinmaker';
import { componentType, telemetry, telemetryHistoryPages } from '../test/fixtures';
import { inferDataType } from './dataValues';
import {
  entitiesToFrame,
  entityToFrames,
  historyToFrames,
  latestValuesToFrame,
  queryResultToFrame,
  seriesFrame,
  seriesKey,
  seriesReferenceOf,
  seriesValueReader,
  workspacesToFrame,
} from './frames';

const ref = { entityId: 'COOKIE_LINE', componentName: 'CookieLineComponent', propertyName: 'p' };

function oneSeries(definition: PropertyDefinition | undefined, values: DataValue[]) {
  const frames = historyToFrames(
    [
      {
        propertyValues: [
          {
            entityPropertyReference: ref,
            values: values.map((value, i) => ({ time: `2021-11-05T00:00:0${i}Z`, value })),
          },
        ],
      },
    ],
    { definitionOf: () => definition },
  );
  expect(frames).toHaveLength(1);
  return frames[0]!;
}

describe('historyToFrames', () => {
  it('builds one time + value frame per series from the sample telemetry, merged across pages', () => {
    const pages = telemetryHistoryPages(37);
    expect(pages.length).toBeGreaterThan(5);
    const frames = historyToFrames(pages);
    const rows = telemetry();
    const seriesCount = new Set(rows.map((r) => `${r.assetId}/${r.measure}`)).size;
    expect(frames).toHaveLength(seriesCount);
    const total = frames.reduce((n, f) => n + f.length, 0);
    expect(total).toBe(rows.length);

    const mixer = rows.find((r) => r.measure === 'Temperature')!;
    const frame = frames.find((f) => f.fields[1]!.labels!.entityId === mixer.assetId && f.name === 'Temperature')!;
    expect(frame.fields[0]).toMatchObject({ name: 'time', type: FieldType.time });
    expect(frame.fields[0]!.values[0]).toBe(mixer.epochMillis);
    expect(frame.fields[1]).toMatchObject({ name: 'Temperature', type: FieldType.number });
    expect(frame.fields[1]!.values[0]).toBe(Number(mixer.value));
    expect(frame.fields[1]!.labels).toEqual({
      entityId: mixer.assetId,
      componentName: 'MixerComponent',
      propertyName: 'Temperature',
    });
  });

  const definition = (file: string, property: string) => componentType(file).propertyDefinitions![property];

  it.each<[string, PropertyDefinition | undefined, DataValue[], FieldType, unknown[]]>([
    [
      'DOUBLE (cookie line Speed)',
      definition('com.example.cookiefactory.cookieline.json', 'Speed'),
      [{ doubleValue: 1.5 }, { doubleValue: 2.5 }],
      FieldType.number,
      [1.5, 2.5],
    ],
    [
      'INTEGER (rate equipment Total)',
      definition('com.example.synthetic.bufferequipment.json', 'Total'),
      [{ integerValue: 7 }, { integerValue: 9 }],
      FieldType.number,
      [7, 9],
    ],
    [
      'LONG',
      { dataType: { type: 'LONG' } },
      [{ longValue: 9007199254740 }, { longValue: 1 }],
      FieldType.number,
      [9007199254740, 1],
    ],
    [
      'BOOLEAN (rate equipment Blocked)',
      definition('com.example.synthetic.cookieformerrateequipment.json', 'Blocked'),
      [{ booleanValue: true }, { booleanValue: false }],
      FieldType.boolean,
      [true, false],
    ],
    [
      'STRING (alarm_status)',
      definition('com.example.cookiefactory.cookieline.json', 'alarm_status'),
      [{ stringValue: 'ACTIVE' }, { stringValue: 'NORMAL' }],
      FieldType.string,
      ['ACTIVE', 'NORMAL'],
    ],
    [
      'LIST as arrays (equipment belongTo: LIST<RELATIONSHIP>)',
      definition('com.example.cookiefactory.equipment.json', 'belongTo'),
      [{ listValue: [{ relationshipValue: { targetEntityId: 'COOKIE_LINE' } }] }],
      FieldType.other,
      [['COOKIE_LINE']],
    ],
    [
      'MAP as objects (cookie line Resources: MAP<DOUBLE>)',
      definition('com.example.cookiefactory.cookieline.json', 'Resources'),
      [{ mapValue: { flour: { doubleValue: 10 }, water: { doubleValue: 2 } } }],
      FieldType.other,
      [{ flour: 10, water: 2 }],
    ],
    [
      'RELATIONSHIP as the target entity (space parent_space)',
      definition('com.example.cookiefactory.space.json', 'parent_space'),
      [{ relationshipValue: { targetEntityId: 'FACTORY_FLOOR' } }],
      FieldType.string,
      ['FACTORY_FLOOR'],
    ],
  ])('types and reads %s series', (_, propertyDefinition, values, fieldType, read) => {
    expect(propertyDefinition).toBeDefined();
    const f = oneSeries(propertyDefinition, values);
    expect(f.fields[1]).toMatchObject({ type: fieldType, values: read });
  });

  it.each<[DataTypeName, DataValue]>([
    ['DOUBLE', { doubleValue: 1 }],
    ['BOOLEAN', { booleanValue: true }],
    ['STRING', { stringValue: 's' }],
  ])('infers %s from the values when the definition is unknown', (type, value) => {
    expect(oneSeries(undefined, [value]).meta?.custom?.dataType).toBe(type);
  });

  it('takes the unit from unitOfMeasure and a readable display name', () => {
    const f = oneSeries({ dataType: { type: 'DOUBLE', unitOfMeasure: '°C' }, displayName: 'Temperature' }, [
      { doubleValue: 20 },
    ]);
    expect(f.fields[1]!.config).toEqual({ unit: 'celsius', displayNameFromDS: 'Temperature' });
  });

  it('names series by entity and property when a result spans entities', () => {
    const frames = historyToFrames(
      [
        {
          propertyValues: [
            {
              entityPropertyReference: { ...ref, entityId: 'Mixer_0', propertyName: 'RPM' },
              values: [{ time: '2021-11-05T00:00:00Z', value: { doubleValue: 1 } }],
            },
            {
              entityPropertyReference: { ...ref, entityId: 'Mixer_1', propertyName: 'RPM' },
              values: [{ time: '2021-11-05T00:00:00Z', value: { doubleValue: 2 } }],
            },
          ],
        },
      ],
      { nameWithEntity: true, extraLabels: { componentTypeId: 'com.example.cookiefactory.mixer' } },
    );
    expect(frames.map((f) => f.fields[1]!.config.displayNameFromDS)).toEqual(['Mixer_0 RPM', 'Mixer_1 RPM']);
    expect(frames[0]!.fields[1]!.labels!.componentTypeId).toBe('com.example.cookiefactory.mixer');
  });

  it('merges pages of one series by its reference, entity given by id or by external ids', () => {
    const byExternalId = { externalIdProperty: { assetId: 'a1' }, componentName: 'c', propertyName: 'p' };
    const frames = historyToFrames([
      {
        propertyValues: [
          {
            entityPropertyReference: byExternalId,
            values: [{ time: '2021-11-05T00:00:00Z', value: { doubleValue: 1 } }],
          },
        ],
      },
      {
        propertyValues: [
          {
            entityPropertyReference: byExternalId,
            values: [{ time: '2021-11-05T00:00:01Z', value: { doubleValue: 2 } }],
          },
        ],
      },
    ]);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.fields[1]!.values).toEqual([1, 2]);
    expect(frames[0]!.fields[1]!.labels).toEqual({ componentName: 'c', propertyName: 'p', assetId: 'a1' });
  });

  it('keeps the reference each series frame was built for', () => {
    expect(seriesReferenceOf(oneSeries(undefined, [{ doubleValue: 1 }]))).toEqual(ref);
  });
});

describe('seriesFrame', () => {
  const ctx = {
    refId: 'A',
    definitionOf: () => ({ dataType: { type: 'DOUBLE' as const, unitOfMeasure: 'rpm' }, displayName: 'Speed' }),
    nameWithEntity: true,
    extraLabels: { componentTypeId: 'com.example.cookiefactory.mixer' },
  };

  it('is the frame historyToFrames builds for the same series, without its points', () => {
    const [filled] = historyToFrames(
      [
        {
          propertyValues: [
            { entityPropertyReference: ref, values: [{ time: '2021-11-05T00:00:00Z', value: { doubleValue: 1 } }] },
          ],
        },
      ],
      ctx,
    );
    const empty = seriesFrame(ref, ctx, { doubleValue: 1 });
    const withoutPoints = (frame: DataFrame) => ({
      ...frame,
      length: undefined,
      fields: frame.fields.map((field) => ({ ...field, values: undefined })),
    });
    expect(empty.length).toBe(0);
    expect(withoutPoints(empty)).toEqual(withoutPoints(filled!));
  });

  it('takes the type from the definition, not from the first value', () => {
    expect(seriesFrame(ref, ctx, { integerValue: 3 }).meta?.custom?.dataType).toBe('DOUBLE');
  });
});

describe('seriesValueReader', () => {
  it.each<[string, DataValue, unknown]>([
    ['a DOUBLE series reads an integer as its number', { integerValue: 3 }, 3],
    ['a STRING series reads the string', { stringValue: 'ACTIVE' }, 'ACTIVE'],
  ])('%s', (_, value, read) => {
    const frame = seriesFrame(ref, { definitionOf: () => ({ dataType: { type: inferDataType(value)! } }) }, value);
    expect(seriesValueReader(frame)(value)).toBe(read);
  });
});

describe('seriesKey', () => {
  it('tells series of different entities apart', () => {
    expect(seriesKey({ ...ref, entityId: 'a' })).not.toBe(seriesKey({ ...ref, entityId: 'b' }));
  });

  it('tells series of different component paths apart', () => {
    expect(seriesKey({ ...ref, componentPath: 'a/b' })).not.toBe(seriesKey(ref));
  });

  it('is the same for a live value, which names the entity by id only, as for a history reference that adds its external ids', () => {
    expect(seriesKey(ref)).toBe(seriesKey({ ...ref, externalIdProperty: { assetId: 'a1' } }));
  });
});

describe('other frames', () => {
  it('latest values: one row, a typed field per property', () => {
    const frame = latestValuesToFrame([
      {
        propertyValues: {
          telemetryAssetType: {
            propertyReference: { ...ref, propertyName: 'telemetryAssetType' },
            propertyValue: { stringValue: 'Mixer' },
          },
          position: {
            propertyReference: { ...ref, propertyName: 'position' },
            propertyValue: { listValue: [{ doubleValue: 1 }, { doubleValue: 2 }] },
          },
        },
      },
    ]);
    expect(frame.length).toBe(1);
    expect(frame.fields.map((f) => [f.name, f.type, f.values[0]])).toEqual([
      ['telemetryAssetType', FieldType.string, 'Mixer'],
      ['position', FieldType.other, [1, 2]],
    ]);
  });

  it('lists: epoch-second timestamps become time fields', () => {
    const frame = workspacesToFrame([
      { workspaceId: 'w', arn: 'a', creationDateTime: 1700000000.5, updateDateTime: 1700000001 },
    ]);
    expect(frame.fields.find((f) => f.name === 'created')).toMatchObject({
      type: FieldType.time,
      values: [1700000000500],
    });
    const entities = entitiesToFrame([
      { entityId: 'e', entityName: 'E', arn: 'a', status: { state: 'ACTIVE' }, creationDateTime: 1, updateDateTime: 2 },
    ]);
    expect(entities.fields.find((f) => f.name === 'state')!.values).toEqual(['ACTIVE']);
  });

  it('an entity: summary and one row per component property', () => {
    const [summary, components] = entityToFrames({
      entityId: 'Mixer_0',
      entityName: 'Mixer 0',
      arn: 'a',
      status: { state: 'ACTIVE' },
      workspaceId: 'w',
      parentEntityId: '$ROOT',
      hasChildEntities: false,
      creationDateTime: 1,
      updateDateTime: 2,
      components: {
        Space: {
          componentTypeId: 'com.example.cookiefactory.space',
          properties: {
            position: {
              definition: { dataType: { type: 'LIST', nestedType: { type: 'DOUBLE' } } },
              value: { listValue: [{ doubleValue: 1 }] },
            },
          },
        },
      },
    });
    expect(summary!.length).toBe(1);
    expect(components!.fields.map((f) => f.values[0])).toEqual([
      'Space',
      'com.example.cookiefactory.space',
      'position',
      'LIST<DOUBLE>',
      false,
      null,
      '[1]',
    ]);
  });

  it('knowledge-graph results: VALUE columns typed, NODE columns kept as documents, rows from every page', () => {
    const frame = queryResultToFrame([
      {
        columnDescriptions: [
          { name: 'e', type: 'NODE' },
          { name: 'n', type: 'VALUE' },
        ],
        rows: [{ rowData: [{ entityId: 'a' }, 1] }],
        nextToken: 't',
      },
      { rows: [{ rowData: [{ entityId: 'b' }, 2] }] },
    ]);
    expect(frame.length).toBe(2);
    expect(frame.fields[0]).toMatchObject({ name: 'e', type: FieldType.other });
    expect(frame.fields[1]).toMatchObject({ name: 'n', type: FieldType.number, values: [1, 2] });
  });
});
