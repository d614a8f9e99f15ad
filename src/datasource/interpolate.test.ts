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
  it.each<[string, string, string[]]>([
    ['a single-value variable ($name)', '$entity', ['Mixer_0']],
    ['a single-value variable (${name})', '${entity}', ['Mixer_0']],
    ['a multi-value variable into one value each', '${mixers}', ['Mixer_0', 'Mixer_1']],
    ['a multi-value variable, keeping the text around it', 'site/${mixers}', ['site/Mixer_0', 'site/Mixer_1']],
    [
      'several multi-value variables into every combination',
      '${mixers}.${props}',
      ['Mixer_0.RPM', 'Mixer_0.Temperature', 'Mixer_1.RPM', 'Mixer_1.Temperature'],
    ],
    ['plain text as it is', 'Mixer_3', ['Mixer_3']],
    ['an unknown variable as it is', '$unknown', ['$unknown']],
    ['an empty text into no value', '', []],
  ])('expands %s', (_, text, values) => {
    expect(expandValues(text, {}, t)).toEqual(values);
  });

  it('lets scoped vars (repeated panels) win over dashboard variables', () => {
    expect(expandValues('$entity', { entity: { text: 'Mixer 9', value: 'Mixer_9' } }, t)).toEqual(['Mixer_9']);
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

  it('runs a get entity once per entity of a multi-value variable', () => {
    expect(interpolateQuery({ refId: 'A', queryType: QueryType.GetEntity, entityId: '$mixers' }, {}, t)).toHaveLength(
      2,
    );
  });

  it('interpolates the parent entity of list entities', () => {
    expect(
      interpolateQuery({ refId: 'A', queryType: QueryType.ListEntities, parentEntityId: '$entity' }, {}, t),
    ).toEqual([expect.objectContaining({ parentEntityId: 'Mixer_0' })]);
  });

  it.each([QueryType.ListScenes, QueryType.ListEntities])(
    'keeps a %s query without variable fields as one query',
    (queryType) => {
      expect(interpolateQuery({ refId: 'A', queryType } as DoppelQuery, {}, t)).toHaveLength(1);
    },
  );
});

describe('statements and free text', () => {
  it('puts a multi-value variable into an IN list', () => {
    expect(interpolateStatement("SELECT e FROM EntityGraph MATCH (e) WHERE e.entityId IN ('${mixers}')", {}, t)).toBe(
      "SELECT e FROM EntityGraph MATCH (e) WHERE e.entityId IN ('Mixer_0', 'Mixer_1')",
    );
  });

  it('escapes quotes in a value put into a string literal', () => {
    expect(interpolateStatement("WHERE e.entityName = '$quoted'", {}, t)).toBe("WHERE e.entityName = 'O''Brien'");
  });

  it('joins multi-values with commas in free text', () => {
    expect(interpolateText('$props', {}, t)).toBe('RPM,Temperature');
  });
});
