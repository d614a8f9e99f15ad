import { FieldType } from '@grafana/data';

import type { DataTypeName, DataValue, PropertyDefinition } from '../common/twinmaker';
import { componentType, telemetry, telemetryHistoryPages } from '../test/fixtures';
import {
  entitiesToFrame,
  entityToFrames,
  historyToFrames,
  latestValuesToFrame,
  queryResultToFrame,
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

  it('types DOUBLE series from the sample cookie line definition (Speed)', () => {
    const speed = componentType('com.example.cookiefactory.cookieline.json').propertyDefinitions!.Speed;
    const f = oneSeries(speed, [{ doubleValue: 1.5 }, { doubleValue: 2.5 }]);
    expect(f.fields[1]).toMatchObject({ type: FieldType.number, values: [1.5, 2.5] });
  });

  it('types INTEGER series (rate equipment Total)', () => {
    const total = componentType('com.example.synthetic.bufferequipment.json').propertyDefinitions!.Total;
    expect(total!.dataType.type).toBe('INTEGER');
    const f = oneSeries(total, [{ integerValue: 7 }, { integerValue: 9 }]);
    expect(f.fields[1]).toMatchObject({ type: FieldType.number, values: [7, 9] });
  });

  it('types LONG series', () => {
    const f = oneSeries({ dataType: { type: 'LONG' } }, [{ longValue: 9007199254740 }, { longValue: 1 }]);
    expect(f.fields[1]).toMatchObject({ type: FieldType.number, values: [9007199254740, 1] });
  });

  it('types BOOLEAN series (rate equipment Blocked)', () => {
    const blocked = componentType('com.example.synthetic.cookieformerrateequipment.json').propertyDefinitions!.Blocked;
    const f = oneSeries(blocked, [{ booleanValue: true }, { booleanValue: false }]);
    expect(f.fields[1]).toMatchObject({ type: FieldType.boolean, values: [true, false] });
  });

  it('types STRING series (alarm_status)', () => {
    const status = componentType('com.example.cookiefactory.cookieline.json').propertyDefinitions!.alarm_status;
    const f = oneSeries(status, [{ stringValue: 'ACTIVE' }, { stringValue: 'NORMAL' }]);
    expect(f.fields[1]).toMatchObject({ type: FieldType.string, values: ['ACTIVE', 'NORMAL'] });
  });

  it('keeps LIST values as arrays (equipment belongTo: LIST<RELATIONSHIP>)', () => {
    const belongTo = componentType('com.example.cookiefactory.equipment.json').propertyDefinitions!.belongTo;
    const f = oneSeries(belongTo, [{ listValue: [{ relationshipValue: { targetEntityId: 'COOKIE_LINE' } }] }]);
    expect(f.fields[1]).toMatchObject({ type: FieldType.other, values: [['COOKIE_LINE']] });
  });

  it('keeps MAP values as objects (cookie line Resources: MAP<DOUBLE>)', () => {
    const resources = componentType('com.example.cookiefactory.cookieline.json').propertyDefinitions!.Resources;
    const f = oneSeries(resources, [{ mapValue: { flour: { doubleValue: 10 }, water: { doubleValue: 2 } } }]);
    expect(f.fields[1]).toMatchObject({ type: FieldType.other, values: [{ flour: 10, water: 2 }] });
  });

  it('shows RELATIONSHIP values as the target entity (space parent_space)', () => {
    const parent = componentType('com.example.cookiefactory.space.json').propertyDefinitions!.parent_space;
    const f = oneSeries(parent, [{ relationshipValue: { targetEntityId: 'FACTORY_FLOOR' } }]);
    expect(f.fields[1]).toMatchObject({ type: FieldType.string, values: ['FACTORY_FLOOR'] });
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

  it('turns a million points into frames quickly', () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => ({
      time: new Date(1636070400000 + i * 1000).toISOString(),
      value: { doubleValue: i },
    }));
    const pages = [{ propertyValues: [{ entityPropertyReference: ref, values }] }];
    const t0 = performance.now();
    const [frame] = historyToFrames(pages, { definitionOf: () => ({ dataType: { type: 'DOUBLE' } }) });
    const ms = performance.now() - t0;
    expect(frame!.length).toBe(1_000_000);
    expect(frame!.fields[0]!.values[999_999]).toBe(1636070400000 + 999_999 * 1000);
    // generous bound for a loaded CI machine under jest; the browser bench has the real target
    expect(ms).toBeLessThan(1500);
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
