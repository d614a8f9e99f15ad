import {
  dateTime,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  FieldType,
  LoadingState,
} from '@grafana/data';
import { lastValueFrom, toArray } from 'rxjs';

import type { GetPropertyValueHistoryResponse } from '../common/twinmaker';
import { cookieWorkspace, fakeService } from '../test/fakeService';
import { fakeTemplateSrv } from '../test/templateSrv';
import { DoppelDataSource } from './datasource';
import { DEFAULT_MAX_RESULTS, type DoppelOptions, type DoppelQuery, QueryType } from './types';

const settings = (jsonData: Partial<DoppelOptions> = {}) =>
  ({
    id: 1,
    uid: 'ds1',
    type: 'doppel-twin-datasource',
    name: 'Doppel',
    url: '/api/datasources/proxy/uid/ds1',
    access: 'proxy',
    readOnly: false,
    meta: {} as any,
    jsonData: { serviceUrl: 'http://svc', accessKeyId: 'AKID', workspaceId: 'cookiefactory', ...jsonData },
  }) as DataSourceInstanceSettings<DoppelOptions>;

const range = {
  from: dateTime('2021-11-05T00:00:00Z'),
  to: dateTime('2021-11-05T01:00:00Z'),
  raw: { from: 'now-1h', to: 'now' },
};

function request(targets: DoppelQuery[]): DataQueryRequest<DoppelQuery> {
  return {
    requestId: 'r1',
    interval: '1s',
    intervalMs: 1000,
    range,
    scopedVars: {},
    targets,
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  } as DataQueryRequest<DoppelQuery>;
}

/** History pages of `pages` × `perPage` RPM values, chained by nextToken. */
function rpmHistory(pages: number, perPage: number) {
  return (body: any): Record<string, GetPropertyValueHistoryResponse> => {
    const out: Record<string, GetPropertyValueHistoryResponse> = {};
    for (let p = 0; p < pages; p++) {
      out[p === 0 ? '' : `t${p}`] = {
        propertyValues: body.selectedProperties.map((propertyName: string) => ({
          entityPropertyReference: { entityId: body.entityId, componentName: body.componentName, propertyName },
          values: Array.from({ length: perPage }, (_, i) => ({
            time: new Date(Date.parse('2021-11-05T00:00:00Z') + (p * perPage + i) * 1000).toISOString(),
            value: { doubleValue: p * perPage + i },
          })),
        })),
        nextToken: p + 1 < pages ? `t${p + 1}` : undefined,
      };
    }
    return out;
  };
}

function setup(jsonData: Partial<DoppelOptions> = {}, variables: Record<string, string | string[]> = {}) {
  const ws = cookieWorkspace();
  ws.history = rpmHistory(3, 4);
  const service = fakeService(ws);
  const ds = new DoppelDataSource(settings(jsonData), {
    transport: service.transport,
    templateSrv: () => fakeTemplateSrv(variables),
  });
  return { ds, ...service };
}

const run = async (ds: DoppelDataSource, targets: DoppelQuery[]): Promise<DataQueryResponse> =>
  lastValueFrom(ds.query(request(targets)) as any);

const history = (q: Partial<DoppelQuery> = {}): DoppelQuery =>
  ({
    refId: 'A',
    queryType: QueryType.EntityHistory,
    entityId: 'Mixer_0',
    componentName: 'MixerComponent',
    properties: ['RPM'],
    ...q,
  }) as DoppelQuery;

describe('DoppelDataSource.query', () => {
  it('follows nextToken to the end and sends the dashboard time range', async () => {
    const { ds, seen } = setup();
    const res = await run(ds, [history()]);
    const calls = seen.filter((s) => s.path.endsWith('/entity-properties/history'));
    expect(calls.map((c) => c.body.nextToken)).toEqual([undefined, 't1', 't2']);
    expect(calls[0]!.body).toMatchObject({
      entityId: 'Mixer_0',
      componentName: 'MixerComponent',
      selectedProperties: ['RPM'],
      startTime: '2021-11-05T00:00:00.000Z',
      endTime: '2021-11-05T01:00:00.000Z',
      orderByTime: 'ASCENDING',
      maxResults: 200,
    });
    expect(res.state).toBe(LoadingState.Done);
    expect(res.data).toHaveLength(1);
    expect(res.data[0].length).toBe(12);
    expect(res.data[0].refId).toBe('A');
    expect(res.data[0].fields[1].config.unit).toBe('rotrpm');
    expect(res.data[0].meta?.notices).toBeUndefined();
  });

  it('stops at the max results cap and says so on the frame', async () => {
    const { ds, seen } = setup();
    const res = await run(ds, [history({ maxResults: 5 })]);
    // each page asks for no more than the cap still allows
    expect(seen.filter((s) => s.path.endsWith('/history')).map((s) => s.body.maxResults)).toEqual([5, 1]);
    expect(res.data[0].length).toBe(8);
    expect(res.data[0].meta.notices[0]).toMatchObject({ severity: 'warning' });
    expect(res.data[0].meta.notices[0].text).toMatch(/Stopped after 8 values \(cap 5\)/);
  });

  it.each<[string, Partial<DoppelOptions>, number]>([
    ['its own setting', { maxResults: 4 }, 4],
    ['DEFAULT_MAX_RESULTS without one', {}, DEFAULT_MAX_RESULTS],
  ])('gives a query without a cap the data source default: %s', (_, jsonData, cap) => {
    expect(setup(jsonData).ds.defaultMaxResults).toBe(cap);
  });

  it('uses the data source default cap when the query sets none', async () => {
    const { ds } = setup({ maxResults: 4 });
    const res = await run(ds, [history()]);
    expect(res.data[0].length).toBe(4);
    expect(res.data[0].meta.notices).toHaveLength(1);
  });

  it('runs a multi-value entity variable as one request per entity', async () => {
    const { ds, seen } = setup({}, { mixers: ['Mixer_0', 'Mixer_1'], prop: ['RPM', 'Temperature'] });
    const res = await run(ds, [history({ entityId: '${mixers}', properties: ['$prop'] })]);
    const firstPages = seen.filter((s) => s.path.endsWith('/history') && !s.body.nextToken);
    expect(firstPages.map((c) => c.body.entityId)).toEqual(['Mixer_0', 'Mixer_1']);
    expect(firstPages[0]!.body.selectedProperties).toEqual(['RPM', 'Temperature']);
    expect(res.data).toHaveLength(4);
    expect(res.data[0].fields[1].config.displayNameFromDS).toBe('Mixer_0 RPM');
    expect(res.data.map((f: any) => `${f.fields[1].labels.entityId}/${f.fields[1].labels.propertyName}`)).toEqual([
      'Mixer_0/RPM',
      'Mixer_0/Temperature',
      'Mixer_1/RPM',
      'Mixer_1/Temperature',
    ]);
  });

  it('orders series as the properties were picked', async () => {
    const ws = cookieWorkspace();
    const service = fakeService(ws);
    ws.history = (body) => ({
      '': {
        propertyValues: ['Temperature', 'RPM'].map((propertyName) => ({
          entityPropertyReference: { entityId: body.entityId, componentName: body.componentName, propertyName },
          values: [{ time: '2021-11-05T00:00:00Z', value: { doubleValue: 1 } }],
        })),
      },
    });
    const ds = new DoppelDataSource(settings(), {
      transport: service.transport,
      templateSrv: () => fakeTemplateSrv({}),
    });
    const res = await run(ds, [history({ properties: ['RPM', 'Temperature'] })]);
    expect(res.data.map((f: any) => f.name)).toEqual(['RPM', 'Temperature']);
  });

  it('types filter values by the property data type', async () => {
    const { ds, seen } = setup({}, { limit: '90' });
    await run(ds, [history({ filter: [{ name: 'RPM', op: '>', value: '$limit' }] } as any)]);
    expect(seen.find((s) => s.path.endsWith('/history'))!.body.propertyFilters).toEqual([
      { propertyName: 'RPM', operator: '>', value: { doubleValue: 90 } },
    ]);
  });

  it('runs a component type history with entity-qualified names and the componentTypeId label', async () => {
    const { ds, seen } = setup();
    const res = await run(ds, [
      {
        refId: 'B',
        queryType: QueryType.ComponentHistory,
        componentTypeId: 'com.example.cookiefactory.mixer',
        properties: ['RPM'],
      },
    ]);
    expect(seen.find((s) => s.path.endsWith('/history'))!.body.componentTypeId).toBe('com.example.cookiefactory.mixer');
    expect(res.data[0].fields[1].labels.componentTypeId).toBe('com.example.cookiefactory.mixer');
  });

  it('reads latest values of static properties', async () => {
    const { ds } = setup();
    const res = await run(ds, [
      {
        refId: 'A',
        queryType: QueryType.GetPropertyValue,
        entityId: 'Mixer_0',
        componentName: 'MixerComponent',
        properties: ['telemetryAssetType'],
      },
    ]);
    expect(res.data[0].fields[0]).toMatchObject({
      name: 'telemetryAssetType',
      type: FieldType.string,
      values: ['Mixer'],
    });
  });

  it.each<[string, QueryType, string, string[]]>([
    ['entities', QueryType.ListEntities, '/entities-list', ['Factory', 'Mixer_0', 'Mixer_1']],
    ['workspaces', QueryType.ListWorkspaces, '/workspaces-list', ['cookiefactory', 'other', 'third']],
  ])('lists %s through every page', async (_, queryType, path, ids) => {
    const { ds, seen } = setup();
    const res = await run(ds, [{ refId: 'A', queryType } as DoppelQuery]);
    expect(res.data[0].fields[0].values).toEqual(ids);
    expect(seen.filter((s) => s.path.endsWith(path))).toHaveLength(2);
  });

  it('lists scenes', async () => {
    const { ds } = setup();
    const scenes = await run(ds, [{ refId: 'A', queryType: QueryType.ListScenes }]);
    expect(scenes.data[0].fields[0].values).toEqual(['CookieFactory']);
  });

  it('links entity ids to the app workspace explorer', async () => {
    const { ds } = setup();
    const res = await run(ds, [{ refId: 'A', queryType: QueryType.ListEntities }]);
    const entityId = res.data[0].fields.find((f: any) => f.name === 'entityId');
    expect(entityId.config.links).toEqual([
      {
        title: 'Open in Doppel workspaces',
        url: '/a/doppel-twin-app/workspaces?ws=cookiefactory&entity=${__value.raw}',
      },
    ]);
  });

  it('gets an entity as summary and component frames', async () => {
    const { ds } = setup();
    const res = await run(ds, [{ refId: 'A', queryType: QueryType.GetEntity, entityId: 'Mixer_0' }]);
    expect(res.data.map((f: any) => f.name)).toEqual(['entity', 'components']);
  });

  it('runs a knowledge-graph statement with variables, across pages', async () => {
    const { ds, seen } = setup({}, { name: 'Mixer%' });
    const res = await run(ds, [
      {
        refId: 'A',
        queryType: QueryType.KnowledgeGraph,
        queryStatement: "SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName LIKE '$name'",
      },
    ]);
    expect(seen.find((s) => s.path === '/queries/execution')!.body).toMatchObject({
      workspaceId: 'cookiefactory',
      queryStatement: "SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'Mixer%'",
    });
    expect(res.data[0].length).toBe(3);
  });

  it('says what to fill in for an incomplete query', async () => {
    const { ds } = setup();
    const incomplete = await run(ds, [history({ entityId: undefined })]);
    expect(incomplete.error!.message).toBe('Pick an entity to run this query');
  });

  it('reports service errors with their type', async () => {
    const { ds } = setup();
    const missing = await run(ds, [{ refId: 'A', queryType: QueryType.GetEntity, entityId: 'Nope' }]);
    expect(missing.state).toBe(LoadingState.Error);
    expect(missing.error!.message).toBe('ResourceNotFoundException (404): Entity Nope not found');
  });

  it('asks for a workspace when none is configured', async () => {
    const { ds } = setup({ workspaceId: '' });
    const res = await run(ds, [history()]);
    expect(res.error!.message).toMatch(/No workspace is selected/);
  });

  it('skips hidden queries', async () => {
    const { ds, seen } = setup();
    const res = await run(ds, [history({ hide: true })]);
    expect(res.data).toEqual([]);
    expect(seen).toHaveLength(0);
  });

  it('emits the initial frames once per query target', async () => {
    const { ds } = setup();
    const all = await lastValueFrom((ds.query(request([history(), history({ refId: 'B' })])) as any).pipe(toArray()));
    expect((all as DataQueryResponse[]).map((r) => r.data[0].refId).sort()).toEqual(['A', 'B']);
  });
});

describe('getQueryDisplayText', () => {
  it.each<[string, DoppelQuery]>([
    [
      'History of Mixer_0/MixerComponent [RPM, Temperature] (live)',
      history({ properties: ['RPM', 'Temperature'], stream: true } as Partial<DoppelQuery>),
    ],
    ['Children of Factory', { refId: 'A', queryType: QueryType.ListEntities, parentEntityId: 'Factory' }],
    [
      'Entities with com.example.cookiefactory.mixer',
      { refId: 'A', queryType: QueryType.ListEntities, componentTypeId: 'com.example.cookiefactory.mixer' },
    ],
    ['Entity Mixer_0', { refId: 'A', queryType: QueryType.GetEntity, entityId: 'Mixer_0' }],
  ])('reads "%s"', (text, query) => {
    const { ds } = setup();
    expect(ds.getQueryDisplayText(query)).toBe(text);
  });
});
