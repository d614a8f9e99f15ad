import { fakeTemplateSrv } from '../test/templateSrv';
import { expandValues, interpolateQuery, interpolateStatement, interpolateText } from './interpolate';
import { type DoppelQuery, QueryType } from './types';

const t = fakeTemplateSrv({
  entity: 'Mixer_0',
  mixers: ['Mixer_0', 'Mixer_1'],
  comp: 'MixerComponent',
  props: ['RPM', 'Temperature'],
  type: 'com.example.cookiefactory.mixer',
  limit: '90',
  quoted: "O'Brien",
});

describe('expandValues', () => {
  it('replaces a single-value variable', () => {
    expect(expandValues('$entity', {}, t)).toEqual(['Mixer_0']);
    expect(expandValues('${entity}', {}, t)).toEqual(['Mixer_0']);
  });

  it('expands a multi-value variable into one value each, keeping surrounding text', () => {
    expect(expandValues('${mixers}', {}, t)).toEqual(['Mixer_0', 'Mixer_1']);
    expect(expandValues('site/${mixers}', {}, t)).toEqual(['site/Mixer_0', 'site/Mixer_1']);
  });

  it('combines several multi-value variables', () => {
    expect(expandValues('${mixers}.${props}', {}, t)).toEqual([
      'Mixer_0.RPM',
      'Mixer_0.Temperature',
      'Mixer_1.RPM',
      'Mixer_1.Temperature',
    ]);
  });

  it('lets scoped vars (repeated panels) win over dashboard variables', () => {
    expect(expandValues('$entity', { entity: { text: 'Mixer 9', value: 'Mixer_9' } }, t)).toEqual(['Mixer_9']);
  });

  it('leaves plain text and unknown variables alone, drops empty', () => {
    expect(expandValues('Mixer_3', {}, t)).toEqual(['Mixer_3']);
    expect(expandValues('$unknown', {}, t)).toEqual(['$unknown']);
    expect(expandValues('', {}, t)).toEqual([]);
  });
});

describe('interpolateQuery', () => {
  it('runs an entity history once per entity of a multi-value variable, with every property', () => {
    const q: DoppelQuery = {
      refId: 'A',
      queryType: QueryType.EntityHistory,
      entityId: '${mixers}',
      componentName: '$comp',
      properties: ['${props}', 'State'],
      filter: [{ name: 'Temperature', op: '>', value: '$limit' }],
    };
    const out = interpolateQuery(q, {}, t);
    expect(out.map((o) => (o as any).entityId)).toEqual(['Mixer_0', 'Mixer_1']);
    expect(out.every((o) => (o as any).componentName === 'MixerComponent')).toBe(true);
    expect((out[0] as any).properties).toEqual(['RPM', 'Temperature', 'State']);
    expect((out[0] as any).filter).toEqual([{ name: 'Temperature', op: '>', value: '90' }]);
  });

  it('interpolates the component type of a cross-entity history', () => {
    const out = interpolateQuery(
      { refId: 'A', queryType: QueryType.ComponentHistory, componentTypeId: '$type', properties: ['RPM'] },
      {},
      t,
    );
    expect(out).toEqual([expect.objectContaining({ componentTypeId: 'com.example.cookiefactory.mixer' })]);
  });

  it('interpolates get entity and list entities fields', () => {
    expect(interpolateQuery({ refId: 'A', queryType: QueryType.GetEntity, entityId: '$mixers' }, {}, t)).toHaveLength(
      2,
    );
    expect(
      interpolateQuery({ refId: 'A', queryType: QueryType.ListEntities, parentEntityId: '$entity' }, {}, t),
    ).toEqual([expect.objectContaining({ parentEntityId: 'Mixer_0' })]);
  });

  it('a query without the variable fields set stays one query', () => {
    expect(interpolateQuery({ refId: 'A', queryType: QueryType.ListScenes }, {}, t)).toHaveLength(1);
    expect(interpolateQuery({ refId: 'A', queryType: QueryType.ListEntities }, {}, t)).toHaveLength(1);
  });
});

describe('statements and free text', () => {
  it('puts a multi-value variable into an IN list and escapes quotes', () => {
    expect(interpolateStatement("SELECT e FROM EntityGraph MATCH (e) WHERE e.entityId IN ('${mixers}')", {}, t)).toBe(
      "SELECT e FROM EntityGraph MATCH (e) WHERE e.entityId IN ('Mixer_0', 'Mixer_1')",
    );
    expect(interpolateStatement("WHERE e.entityName = '$quoted'", {}, t)).toBe("WHERE e.entityName = 'O''Brien'");
  });

  it('joins multi-values with commas in free text', () => {
    expect(interpolateText('$props', {}, t)).toBe('RPM,Temperature');
  });
});
