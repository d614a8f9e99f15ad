// bench:frames, run inside Chromium by tests/e2e/bench-frames.mjs: the built data source
// (dist module.js, loaded like in Grafana) runs a "history by entity" query whose pages come
// from an in-memory transport holding already-parsed GetPropertyValueHistory responses, so
// the timing covers paging + turning the points into frames, not the network or JSON.parse.
import {
  CoreApp,
  dateTime,
  type DataFrame,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import { lastValueFrom, isObservable } from 'rxjs';

import { loadDataSourcePlugin, pluginMetas } from './plugins';

const DS_TYPE = 'doppel-twin-datasource';
const WORKSPACE = 'bench';
const WARM_UP_RUNS = 3;

interface BenchOptions {
  points?: number;
  runs?: number;
  /** values per page, as the service pages them (its MaxResults limit) */
  pageSize?: number;
}

export interface BenchResult {
  points: number;
  pages: number;
  runs: number;
  msPerRun: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  rowsOut: number;
  setupMs: number;
  userAgent: string;
}

/** Parsed history pages: one DOUBLE series, a value a second, ISO times as the service sends them. */
function buildPages(points: number, pageSize: number, start: number) {
  const pages: any[] = [];
  for (let offset = 0, page = 0; offset < points; offset += pageSize, page++) {
    const n = Math.min(pageSize, points - offset);
    const values = new Array(n);
    for (let i = 0; i < n; i++) {
      const t = start + (offset + i) * 1000;
      values[i] = { time: new Date(t).toISOString(), value: { doubleValue: 20 + ((offset + i) % 1000) / 100 } };
    }
    pages.push({
      propertyValues: [
        {
          entityPropertyReference: { entityId: 'Mixer_0', componentName: 'Mixer', propertyName: 'temperature' },
          values,
        },
      ],
      ...(offset + n < points ? { nextToken: String(page + 1) } : {}),
    });
  }
  return pages;
}

const ENTITY = {
  entityId: 'Mixer_0',
  entityName: 'Mixer 0',
  workspaceId: WORKSPACE,
  components: {
    Mixer: {
      componentName: 'Mixer',
      componentTypeId: 'com.example.mixer',
      properties: {
        temperature: { definition: { dataType: { type: 'DOUBLE', unitOfMeasure: 'Celsius' }, isTimeSeries: true } },
      },
    },
  },
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function runFramesBench({
  points = 1_000_000,
  runs = 7,
  pageSize = 200,
}: BenchOptions = {}): Promise<BenchResult> {
  const meta = pluginMetas()[DS_TYPE];
  if (!meta) throw new Error(`${DS_TYPE} is not in dist/`);
  const plugin = await loadDataSourcePlugin(meta);
  const setupStart = performance.now();
  const start = Date.UTC(2026, 0, 1);
  const pages = buildPages(points, pageSize, start);
  const setupMs = performance.now() - setupStart;

  const transport = async (request: { method: string; url: string; data?: any }) => {
    if (request.url.endsWith('/entity-properties/history')) return pages[Number(request.data?.nextToken ?? 0)];
    if (request.url.includes('/entities/')) return ENTITY;
    throw new Error(`bench transport: unexpected ${request.method} ${request.url}`);
  };
  const settings = {
    id: 1,
    uid: 'bench',
    type: DS_TYPE,
    name: 'bench',
    meta,
    url: '/api/datasources/proxy/uid/bench',
    jsonData: { serviceUrl: 'http://bench', accessKeyId: 'bench', workspaceId: WORKSPACE, maxResults: points },
    access: 'proxy',
    readOnly: true,
  } as unknown as DataSourceInstanceSettings;
  const ds = new (plugin.DataSourceClass as any)(settings, { transport });
  const range = { from: dateTime(start), to: dateTime(start + points * 1000), raw: { from: '', to: '' } };

  const runOnce = async () => {
    const request = {
      requestId: 'bench',
      app: CoreApp.Dashboard,
      range,
      interval: '1s',
      intervalMs: 1000,
      scopedVars: {},
      timezone: 'utc',
      startTime: Date.now(),
      targets: [
        {
          refId: 'A',
          queryType: 'EntityHistory',
          entityId: 'Mixer_0',
          componentName: 'Mixer',
          properties: ['temperature'],
        },
      ],
    };
    const t0 = performance.now();
    const result = ds.query(request);
    const response: DataQueryResponse = isObservable(result) ? await lastValueFrom(result) : await result;
    const ms = performance.now() - t0;
    if (response.error) throw new Error(`query failed: ${response.error.message}`);
    const rows = (response.data as DataFrame[]).reduce((n, f) => n + f.length, 0);
    return { ms, rows };
  };

  const gc = (globalThis as any).gc as (() => void) | undefined;
  for (let i = 0; i < WARM_UP_RUNS; i++) await runOnce(); // JIT, metadata cache
  const msPerRun: number[] = [];
  let rowsOut = 0;
  for (let i = 0; i < runs; i++) {
    gc?.();
    const { ms, rows } = await runOnce();
    msPerRun.push(Math.round(ms * 10) / 10);
    rowsOut = rows;
  }
  if (rowsOut !== points) throw new Error(`frames hold ${rowsOut} rows, expected ${points}`);
  return {
    points,
    pages: pages.length,
    runs,
    msPerRun,
    medianMs: Math.round(median(msPerRun) * 10) / 10,
    minMs: Math.min(...msPerRun),
    maxMs: Math.max(...msPerRun),
    rowsOut,
    setupMs: Math.round(setupMs),
    userAgent: navigator.userAgent,
  };
}
