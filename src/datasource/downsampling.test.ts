import { dateTime, type DataQueryRequest, type DataSourceInstanceSettings } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import { DoppelApiError } from '../common/client';
import type { GetPropertyValueHistoryResponse } from '../common/twinmaker';
import { cookieWorkspace, fakeService } from '../test/fakeService';
import { fakeTemplateSrv } from '../test/templateSrv';
import { DoppelDataSource } from './datasource';
import { aggregationFor, downsampleFunction, parseResolution } from './downsampling';
import { type DoppelOptions, type DoppelQuery, QueryType } from './types';

describe('resolution', () => {
  it('is auto unless told raw or an interval', () => {
    expect(parseResolution(undefined)).toEqual({ kind: 'auto' });
    expect(parseResolution('raw')).toEqual({ kind: 'raw' });
    expect(parseResolution('5m')).toEqual({ kind: 'fixed', seconds: 300 });
    expect(() => parseResolution('fast')).toThrow(/not auto, raw or an interval/);
    expect(() => parseResolution('10ms')).toThrow(/at least 1s/);
  });

  it('picks minmax for graphs of numbers and last for state timelines and other types', () => {
    expect(downsampleFunction('timeseries', 'DOUBLE')).toBe('minmax');
    expect(downsampleFunction('state-timeline', 'DOUBLE')).toBe('last');
    expect(downsampleFunction('timeseries', 'STRING')).toBe('last');
    expect(aggregationFor('minmax', { kind: 'auto' }, 800)).toEqual({ function: 'minmax', maxPoints: 800 });
    expect(aggregationFor('last', { kind: 'fixed', seconds: 60 }, 800)).toEqual({
      function: 'last',
      intervalInSeconds: 60,
    });
  });
});

const settings = {
  id: 1,
  uid: 'ds1',
  type: 'doppel-twin-datasource',
  name: 'Doppel',
  url: '/api/datasources/proxy/uid/ds1',
  access: 'proxy',
  readOnly: false,
  meta: {} as any,
  jsonData: { serviceUrl: 'http://svc', accessKeyId: 'AKID', workspaceId: 'cookiefactory' },
} as DataSourceInstanceSettings<DoppelOptions>;

const T0 = Date.parse('2021-11-05T00:00:00Z');
const page = (body: any, n: number, nextToken?: string): GetPropertyValueHistoryResponse => ({
  propertyValues: body.selectedProperties.map((propertyName: string) => ({
    entityPropertyReference: { entityId: body.entityId, componentName: body.componentName, propertyName },
    values: Array.from({ length: n }, (_, i) => ({
      time: new Date(T0 + i * 1000).toISOString(),
      value: { doubleValue: i },
    })),
  })),
  nextToken,
});

/** A service whose window holds `stored` values of each series; aggregated requests answer maxPoints of them. */
function setup(stored: number) {
  const ws = cookieWorkspace();
  ws.history = (body): Record<string, GetPropertyValueHistoryResponse> =>
    body.aggregation
      ? { '': page(body, Math.min(stored, body.aggregation.maxPoints ?? 60)) }
      : stored > body.maxResults
        ? { '': page(body, body.maxResults, 't1'), t1: page(body, stored - body.maxResults) }
        : { '': page(body, stored) };
  const service = fakeService(ws);
  const ds = new DoppelDataSource(settings, { transport: service.transport, templateSrv: () => fakeTemplateSrv({}) });
  return { ds, seen: service.seen, ws };
}

async function run(ds: DoppelDataSource, q: Partial<DoppelQuery>, extra: Partial<DataQueryRequest> = {}) {
  const target = {
    refId: 'A',
    queryType: QueryType.EntityHistory,
    entityId: 'Mixer_0',
    componentName: 'MixerComponent',
    properties: ['RPM'],
    ...q,
  } as DoppelQuery;
  return lastValueFrom(
    ds.query({
      requestId: 'r1',
      interval: '1s',
      intervalMs: 1000,
      range: { from: dateTime(T0), to: dateTime(T0 + 3_600_000), raw: { from: 'now-1h', to: 'now' } },
      scopedVars: {},
      targets: [target],
      timezone: 'utc',
      app: 'dashboard',
      startTime: 0,
      maxDataPoints: 500,
      panelPluginId: 'timeseries',
      ...extra,
    } as DataQueryRequest<DoppelQuery>),
  );
}

const historyCalls = (seen: { path: string; body: any }[]) =>
  seen.filter((s) => s.path.endsWith('/entity-properties/history')).map((s) => s.body);

describe('history at the width of the panel', () => {
  it('keeps the raw values when the window holds no more than the panel draws', async () => {
    const { ds, seen } = setup(300);
    const res = await run(ds, {});
    expect(historyCalls(seen)).toEqual([expect.objectContaining({ maxResults: 500 })]);
    expect(res.data[0].length).toBe(300);
    expect(res.data[0].meta.notices).toBeUndefined();
  });

  it('asks the service for minmax at maxDataPoints when the window holds more, and says so', async () => {
    const { ds, seen } = setup(3600);
    const res = await run(ds, {});
    const calls = historyCalls(seen);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ aggregation: { function: 'minmax', maxPoints: 500 } });
    expect(res.data[0].length).toBeLessThanOrEqual(500);
    expect(res.data[0].meta.custom.downsampled).toEqual({ function: 'minmax', maxPoints: 500, reason: 'auto' });
    expect(res.data[0].meta.notices[0].text).toMatch(/Downsampled by the service to at most 500 points/);
  });

  it('keeps a max results cap below maxDataPoints: raw values up to the cap, and the notice', async () => {
    const { ds, seen } = setup(3600);
    const res = await run(ds, { maxResults: 250 });
    expect(historyCalls(seen)).toEqual([expect.objectContaining({ maxResults: 250 })]);
    expect(res.data[0].length).toBe(250);
    expect(res.data[0].meta.notices[0].text).toMatch(/cap 250/);
  });

  it('gives a state timeline each bucket’s last value', async () => {
    const { ds, seen } = setup(3600);
    await run(ds, {}, { panelPluginId: 'state-timeline' });
    expect(historyCalls(seen)[1]).toMatchObject({ aggregation: { function: 'last', maxPoints: 500 } });
  });

  it('reads every value at resolution raw, and fixed buckets without probing', async () => {
    const raw = setup(3600);
    const res = await run(raw.ds, { resolution: 'raw' } as Partial<DoppelQuery>);
    expect(res.data[0].length).toBe(3600);
    expect(historyCalls(raw.seen).every((b) => b.aggregation === undefined)).toBe(true);

    const fixed = setup(3600);
    const bucketed = await run(fixed.ds, { resolution: '1m' } as Partial<DoppelQuery>);
    expect(historyCalls(fixed.seen)).toEqual([
      expect.objectContaining({ aggregation: { function: 'minmax', intervalInSeconds: 60 } }),
    ]);
    expect(bucketed.data[0].meta.custom.downsampled.reason).toBe('fixed');
  });

  it('reads every value, and says why, when the service refuses to downsample', async () => {
    const { ds, seen, ws } = setup(3600);
    const raw = ws.history!;
    ws.history = (body) => {
      if (body.aggregation) throw new DoppelApiError('read them without aggregation', 400, 'ValidationException');
      return raw(body);
    };
    const res = await run(ds, {});
    expect(historyCalls(seen).at(-1).aggregation).toBeUndefined();
    expect(res.data[0].length).toBe(3600);
    expect(res.data[0].meta.notices.at(-1).text).toMatch(/Every value was read: the service did not downsample/);
  });

  it('explains a resolution it cannot read', async () => {
    const { ds } = setup(10);
    const res = await run(ds, { resolution: 'soon' } as Partial<DoppelQuery>);
    expect(res.error?.message).toMatch(/Resolution "soon" is not auto, raw or an interval/);
  });
});
