import { GetPropertyValueCommand, GetPropertyValueHistoryCommand } from '@aws-sdk/client-iottwinmaker';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { errorOf, startTestService, TestService } from './harness';

const PROMETHEUS = '/usr/bin/prometheus';
// CI installs it (scripts/ensure-system-packages.sh): there a missing binary is a failure, not a skip
const available = fs.existsSync(PROMETHEUS) || process.env.CI !== undefined;
if (!available) {
  console.warn(`Prometheus connector test skipped: ${PROMETHEUS} is not installed (apt-get install prometheus)`);
}
const maybe = available ? describe : describe.skip;

const ws = 'plant';
let svc: TestService;
let prometheus: ChildProcess;
let exporter: http.Server;
let promUrl: string;
let dir: string;
let scrapes = 0;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function promQuery(endpoint: string, params: Record<string, string>) {
  const res = await fetch(`${promUrl}/api/v1/${endpoint}?${new URLSearchParams(params)}`);
  return (await res.json()) as any;
}

async function ok(res: Promise<{ status: number; body: unknown }>) {
  const r = await res;
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

maybe('the Prometheus connector against a real Prometheus scraping a local exporter', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-prom-'));
    // a tiny exporter: each scrape sees the ovens one degree warmer
    exporter = http.createServer((req, res) => {
      scrapes++;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        '# TYPE oven_temperature_celsius gauge\n' +
          `oven_temperature_celsius{machine="oven-1"} ${100 + scrapes}\n` +
          `oven_temperature_celsius{machine="oven-2"} ${200 + scrapes}\n`,
      );
    });
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', r));
    const exporterPort = (exporter.address() as net.AddressInfo).port;
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    fs.writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: ovens\n    static_configs:\n      - targets: ['127.0.0.1:${exporterPort}']\n`,
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: 'ignore' },
    );
    svc = await startTestService();
    // at least four samples of each series
    const until = Date.now() + 25_000;
    for (;;) {
      try {
        const r = await promQuery('query', {
          query: 'count_over_time(oven_temperature_celsius{machine="oven-1"}[5m])',
        });
        if (Number(r.data?.result?.[0]?.value?.[1] ?? 0) >= 4) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > until) throw new Error('Prometheus did not scrape the exporter in time');
      await new Promise((r) => setTimeout(r, 250));
    }
    await ok(svc.call('PUT', '/doppel/connectors/prometheus', { type: 'prometheus', url: promUrl, timeoutMs: 5000 }));
    await ok(svc.call('POST', `/workspaces/${ws}`, {}));
    const series = (promql: string) => ({
      dataType: { type: 'DOUBLE' },
      isTimeSeries: true,
      configuration: { promql },
    });
    await ok(
      svc.call('POST', `/workspaces/${ws}/component-types/com.acme.oven`, {
        extendsFrom: ['doppel.connector.prometheus'],
        propertyDefinitions: {
          temperature: series('oven_temperature_celsius{machine="${entityId}"}'),
          everyOven: series('oven_temperature_celsius'),
          broken: series('rate(oven_temperature_celsius[1m'),
          label: { dataType: { type: 'STRING' }, defaultValue: { stringValue: 'oven' } },
        },
      }),
    );
    for (const id of ['oven-1', 'oven-2']) {
      await ok(
        svc.call('POST', `/workspaces/${ws}/entities`, {
          entityId: id,
          entityName: id,
          components: { Oven: { componentTypeId: 'com.acme.oven' } },
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    prometheus?.kill('SIGTERM');
    await new Promise((r) => (prometheus?.exitCode !== null ? r(undefined) : prometheus.once('exit', r)));
    await new Promise((r) => exporter?.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('GetPropertyValueHistory reads the series through query_range, step from the interpolation interval', async () => {
    const end = Math.floor(Date.now() / 1000);
    const start = end - 30;
    const out = await svc.sdk().send(
      new GetPropertyValueHistoryCommand({
        workspaceId: ws,
        entityId: 'oven-1',
        componentName: 'Oven',
        selectedProperties: ['temperature'],
        startTime: new Date(start * 1000).toISOString(),
        endTime: new Date(end * 1000).toISOString(),
        interpolation: { interpolationType: 'LINEAR', intervalInSeconds: 2 },
        maxResults: 1000,
      }),
    );
    const direct = await promQuery('query_range', {
      query: 'oven_temperature_celsius{machine="oven-1"}',
      start: String(start),
      end: String(end),
      step: '2',
    });
    const expected = direct.data.result[0].values.map(([t, v]: [number, string]) => [
      new Date(t * 1000).toISOString(),
      Number(v),
    ]);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(out.propertyValues).toHaveLength(1);
    expect(out.propertyValues![0]!.entityPropertyReference).toEqual({
      entityId: 'oven-1',
      componentName: 'Oven',
      propertyName: 'temperature',
    });
    expect(out.propertyValues![0]!.values!.map((v) => [v.time, v.value!.doubleValue])).toEqual(expected);
  });

  test('pages are cut by the service and add up to the whole, by componentTypeId across entities', async () => {
    const end = Math.floor(Date.now() / 1000);
    const body = {
      componentTypeId: 'com.acme.oven',
      selectedProperties: ['temperature'],
      startTime: new Date((end - 20) * 1000).toISOString(),
      endTime: new Date(end * 1000).toISOString(),
      interpolation: { interpolationType: 'LINEAR', intervalInSeconds: 1 },
    };
    const whole = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, { ...body, maxResults: 1000 });
    const all = whole.body.propertyValues.flatMap((p: any) =>
      p.values.map((v: any) => `${p.entityPropertyReference.entityId}@${v.time}=${v.value.doubleValue}`),
    );
    expect(new Set(whole.body.propertyValues.map((p: any) => p.entityPropertyReference.entityId))).toEqual(
      new Set(['oven-1', 'oven-2']),
    );
    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
        ...body,
        maxResults: 7,
        nextToken,
      });
      for (const p of page.body.propertyValues)
        for (const v of p.values) paged.push(`${p.entityPropertyReference.entityId}@${v.time}=${v.value.doubleValue}`);
      nextToken = page.body.nextToken;
    } while (nextToken);
    expect(paged).toEqual(all);
  });

  test('GetPropertyValue reads the value now through query', async () => {
    const out = await svc.sdk().send(
      new GetPropertyValueCommand({
        workspaceId: ws,
        entityId: 'oven-2',
        componentName: 'Oven',
        selectedProperties: ['temperature', 'label'],
      }),
    );
    const now = await promQuery('query', { query: 'oven_temperature_celsius{machine="oven-2"}' });
    const value = out.propertyValues!.temperature!.propertyValue!.doubleValue!;
    // a scrape may land between the two reads
    expect(Math.abs(value - Number(now.data.result[0].value[1]))).toBeLessThanOrEqual(1);
    expect(out.propertyValues!.label!.propertyValue).toEqual({ stringValue: 'oven' });
  });

  test('Prometheus errors answer 424 with its message; a PromQL giving several series says to aggregate', async () => {
    const window = { startTime: new Date(Date.now() - 60_000).toISOString(), endTime: new Date().toISOString() };
    const broken = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
      entityId: 'oven-1',
      componentName: 'Oven',
      selectedProperties: ['broken'],
      ...window,
    });
    expect(errorOf(broken)).toEqual({
      status: 424,
      type: 'ConnectorFailureException',
      code: 'DOPPEL_ERR_CONNECTOR_FAILURE',
    });
    expect(broken.body.message).toContain('bad_data');
    expect(broken.body.message).toContain('parse error');
    const many = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
      entityId: 'oven-1',
      componentName: 'Oven',
      selectedProperties: ['everyOven'],
      ...window,
    });
    expect(many.status).toBe(424);
    expect(many.body.message).toContain('aggregate it to one');
  });
});
