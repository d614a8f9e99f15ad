import { lastValueFrom } from 'rxjs';

import { cookieWorkspace, fakeService } from '../test/fakeService';
import { testDataSource } from '../test/testDataSource';
import { type PropertyKind, VariableQueryType } from './types';

function setup(variables: Record<string, string | string[]> = {}) {
  const svc = fakeService(cookieWorkspace());
  const ds = testDataSource(svc, { variables });
  return { ds, seen: svc.seen };
}

describe('template variable queries', () => {
  it('lists every entity (name as text, id as value) through all pages', async () => {
    const { ds } = setup();
    expect(await ds.metricFindQuery({ refId: 'v', variableType: VariableQueryType.Entities })).toEqual([
      { text: 'Factory', value: 'Factory' },
      { text: 'Mixer 0', value: 'Mixer_0' },
      { text: 'Mixer 1', value: 'Mixer_1' },
    ]);
  });

  it('lists entities under a parent given by another variable', async () => {
    const { ds, seen } = setup({ site: 'Factory' });
    const values = await ds.metricFindQuery({
      refId: 'v',
      variableType: VariableQueryType.Entities,
      entityId: '$site',
    });
    expect(values.map((v) => v.value)).toEqual(['Mixer_0', 'Mixer_1']);
    expect(seen[0]!.body.filters).toEqual([{ parentEntityId: 'Factory' }]);
  });

  it('lists entities having a component type', async () => {
    const { ds, seen } = setup();
    const values = await ds.metricFindQuery({
      refId: 'v',
      variableType: VariableQueryType.Entities,
      componentTypeId: 'com.example.cookiefactory.mixer',
    });
    expect(values.map((v) => v.value)).toEqual(['Mixer_0', 'Mixer_1']);
    expect(seen[0]!.body.filters).toEqual([{ componentTypeId: 'com.example.cookiefactory.mixer' }]);
  });

  it('lists the component names of an entity', async () => {
    const { ds } = setup({ entity: 'Mixer_0' });
    expect(
      await ds.metricFindQuery({ refId: 'v', variableType: VariableQueryType.ComponentNames, entityId: '$entity' }),
    ).toEqual([{ text: 'MixerComponent', value: 'MixerComponent' }]);
  });

  it.each<[string, PropertyKind | undefined, string[]]>([
    ['every property', undefined, ['RPM', 'Temperature', 'telemetryAssetType']],
    ['time-series properties only', 'timeSeries', ['RPM', 'Temperature']],
    ['static properties only', 'static', ['telemetryAssetType']],
  ])('lists the property names of a component: %s', async (_, propertyKind, names) => {
    const { ds } = setup({ entity: 'Mixer_0' });
    const values = await ds.metricFindQuery({
      refId: 'v',
      variableType: VariableQueryType.PropertyNames,
      entityId: '$entity',
      componentName: 'MixerComponent',
      propertyKind,
    });
    expect(values.map((p) => p.value)).toEqual(names);
  });

  it('lists component types', async () => {
    const { ds } = setup();
    expect(
      (await ds.metricFindQuery({ refId: 'v', variableType: VariableQueryType.ComponentTypes })).map((v) => v.value),
    ).toEqual(['com.example.cookiefactory.mixer', 'com.example.timestream-telemetry']);
  });

  it('lists scenes', async () => {
    const { ds } = setup();
    expect(await ds.metricFindQuery({ refId: 'v', variableType: VariableQueryType.Scenes })).toEqual([
      { text: 'CookieFactory', value: 'CookieFactory' },
    ]);
  });

  it('answers the custom variable support with a text/value frame', async () => {
    const { ds } = setup();
    const support = ds.variables as any;
    const res = await lastValueFrom(
      support.query({ targets: [{ refId: 'v', variableType: VariableQueryType.Scenes }], scopedVars: {} }),
    );
    expect((res as any).data[0].fields.map((f: any) => [f.name, f.values])).toEqual([
      ['text', ['CookieFactory']],
      ['value', ['CookieFactory']],
    ]);
  });
});
