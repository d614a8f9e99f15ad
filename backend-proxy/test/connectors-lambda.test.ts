import {
  GetPropertyValueCommand,
  GetPropertyValueHistoryCommand,
  GetPropertyValueHistoryCommandOutput,
} from '@aws-sdk/client-iottwinmaker';
import { FastifyBaseLogger } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { Writable } from 'node:stream';
import { fixturesDir } from './fixture-workspace';
import { errorOf, sdkErrorCode, startTestService, TestService } from './harness';
import { startUdqServer, UdqServer } from './udq-reader-server';

const ws = 'cookiefactory';
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:timestream-udq-reader';
const SECRET = 'udq-s3cr3t-7f3a9c';
const MIXER = 'Mixer_0_cd81d9fd-3f74-437a-802b-9747ff240837';
const MIXER_ASSET = 'Mixer_0_35a2fc78-ca0a-46e1-a24d-9243acfa9ac5';
const window = { startTime: '2021-11-05T00:00:00Z', endTime: '2021-11-05T01:00:00Z' };

let svc: TestService;
let udq: UdqServer;
const logLines: string[] = [];

/** A sample component type file with its Lambda ARN placeholder filled in. */
function sampleType(file: string) {
  const text = fs.readFileSync(path.join(fixturesDir, file), 'utf8').replace('{lambdaArn}', ARN);
  const { componentTypeId, ...body } = JSON.parse(text);
  return { componentTypeId, body };
}

async function ok(res: Promise<{ status: number; body: unknown }>) {
  const r = await res;
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const useConnector = (urlPath: string, extra: Record<string, unknown> = {}) =>
  ok(
    svc.call('PUT', '/doppel/connectors/udq', {
      arn: ARN,
      url: udq.url + urlPath,
      timeoutMs: 300,
      headers: { Authorization: 'Bearer ${UDQ_TOKEN}' },
      ...extra,
    }),
  );

beforeAll(async () => {
  process.env.UDQ_TOKEN = SECRET;
  udq = await startUdqServer();
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  svc = await startTestService({
    logger: pino({ level: 'info' }, sink) as FastifyBaseLogger,
    config: { connectorPollMs: 150 },
  });
  await ok(svc.call('POST', `/workspaces/${ws}`, {}));
  for (const file of [
    'modules/timestream_component_type.json',
    'cookiefactory-v1/component_types/mixer_component_type.json',
    'cookiefactory-v1/component_types/alarm_component_type.json',
  ]) {
    const { componentTypeId, body } = sampleType(file);
    await ok(svc.call('POST', `/workspaces/${ws}/component-types/${componentTypeId}`, body));
  }
  // the sample's mixers with their mixer and alarm components, under the root
  const entities = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'cookiefactory-v1', 'entities.json'), 'utf8'))
    .entities as any[];
  for (const e of entities.filter((e) => /^Mixer_[0-3]_/.test(e.entityId))) {
    const components = Object.fromEntries(
      Object.entries(e.components as Record<string, any>).filter(([, c]) =>
        c.componentTypeId.startsWith('com.example'),
      ),
    );
    await ok(
      svc.call('POST', `/workspaces/${ws}/entities`, { entityId: e.entityId, entityName: e.entityName, components }),
    );
  }
  await useConnector('/udq');
});

afterAll(async () => {
  await svc.close();
  await udq.close();
  delete process.env.UDQ_TOKEN;
});

const expectedRows = (assetId: string, measure: string) =>
  udq.rows.filter((r) => r.assetId === assetId && r.measure === measure);

describe('the connector registry', () => {
  test('PUT writes connectors.yaml in the data dir, with header templates, never their values', async () => {
    const file = fs.readFileSync(path.join(svc.dataDir, 'connectors.yaml'), 'utf8');
    expect(file).toContain(ARN);
    expect(file).toContain('Bearer ${UDQ_TOKEN}');
    expect(file).not.toContain(SECRET);
    const listed = await svc.call('GET', '/doppel/connectors');
    expect(listed.body.connectors).toEqual([
      expect.objectContaining({
        name: 'udq',
        source: 'data',
        arn: ARN,
        headers: { Authorization: 'Bearer ${UDQ_TOKEN}' },
      }),
    ]);
  });

  test.each([
    [{ arn: ARN, url: 'ftp://x' }, 'url must start with http:// or https://'],
    [{ arn: ARN, arnPattern: 'arn:*', url: 'http://x' }, 'exactly one of arn or arnPattern'],
    [{ url: 'http://127.0.0.1:1' }, 'exactly one of arn or arnPattern'],
    [{ arn: ARN, url: 'http://u:p@x' }, 'not in the url'],
    [{ arn: ARN, url: 'http://x', headers: { 'X-Key': '${not a name}' } }, 'not an environment variable name'],
  ])('an invalid entry %j is refused naming what to fix', async (entry, says) => {
    const res = await svc.call('PUT', '/doppel/connectors/bad', entry);
    expect(errorOf(res)).toEqual({
      status: 400,
      type: 'ValidationException',
      code: 'DOPPEL_ERR_CONNECTOR_CONFIG_INVALID',
    });
    expect(res.body.message).toContain(says);
    expect((await svc.call('GET', '/doppel/connectors/bad')).errorCode).toBe('DOPPEL_ERR_CONNECTOR_NOT_FOUND');
  });

  test('only admin keys manage connectors', async () => {
    const key = await svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: ws, role: 'write' }] });
    const res = await svc.call('GET', '/doppel/connectors', undefined, {
      credentials: { accessKeyId: key.body.accessKeyId, secretAccessKey: key.body.secretAccessKey },
    });
    expect(res.status).toBe(403);
  });
});

describe('history through the samples’ UDQ reader, re-hosted behind HTTP', () => {
  test('by entity: the Lambda event TwinMaker sends, and the values typed from their strings', async () => {
    const before = udq.events.length;
    const out = await svc.sdk().send(
      new GetPropertyValueHistoryCommand({
        workspaceId: ws,
        entityId: MIXER,
        componentName: 'MixerComponent',
        selectedProperties: ['RPM', 'Temperature'],
        ...{ startTime: window.startTime, endTime: window.endTime },
        maxResults: 200,
      }),
    );
    const event = udq.events[before];
    expect(event).toMatchObject({
      workspaceId: ws,
      entityId: MIXER,
      componentName: 'MixerComponent',
      componentTypeId: 'com.example.cookiefactory.mixer',
      selectedProperties: ['RPM', 'Temperature'],
      startTime: '2021-11-05T00:00:00.000Z',
      endTime: '2021-11-05T01:00:00.000Z',
      startDateTime: 1636070400,
      endDateTime: 1636074000,
      orderByTime: 'ASCENDING',
      maxResults: 200,
      properties: {
        telemetryAssetId: { value: { stringValue: MIXER_ASSET }, definition: { isExternalId: true, externalId: true } },
        telemetryAssetType: { value: { stringValue: 'Mixer' } },
      },
    });
    expect(udq.lastHeaders.authorization).toBe(`Bearer ${SECRET}`);
    const rpm = out.propertyValues!.find((p) => p.entityPropertyReference!.propertyName === 'RPM')!;
    expect(rpm.entityPropertyReference).toEqual({
      entityId: MIXER,
      componentName: 'MixerComponent',
      propertyName: 'RPM',
    });
    const expected = expectedRows(MIXER_ASSET, 'RPM');
    expect(expected.length).toBeGreaterThan(2);
    expect(rpm.values!.map((v) => [v.time, v.value!.doubleValue])).toEqual(
      expected.map((r) => [new Date(r.ms).toISOString(), Number(r.value)]),
    );
    expect(out.nextToken).toBeUndefined();
  });

  test('paging: the connector’s nextToken goes out and back, and the pages add up to the whole', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out: GetPropertyValueHistoryCommandOutput = await svc.sdk().send(
        new GetPropertyValueHistoryCommand({
          workspaceId: ws,
          entityId: MIXER,
          componentName: 'MixerComponent',
          selectedProperties: ['RPM', 'Temperature'],
          ...window,
          maxResults: 3,
          nextToken,
        }),
      );
      for (const p of out.propertyValues!) {
        for (const v of p.values!)
          seen.push(`${p.entityPropertyReference!.propertyName}@${v.time}=${v.value!.doubleValue}`);
      }
      nextToken = out.nextToken;
      pages++;
    } while (nextToken);
    const all = [...expectedRows(MIXER_ASSET, 'RPM'), ...expectedRows(MIXER_ASSET, 'Temperature')];
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(
      all.map((r) => `${r.measure}@${new Date(r.ms).toISOString()}=${Number(r.value)}`).sort(),
    );
  });

  test('a nextToken changed by the caller is refused, not passed to the connector', async () => {
    const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
      entityId: MIXER,
      componentName: 'MixerComponent',
      selectedProperties: ['RPM'],
      ...window,
      nextToken: 'bm90IG91cnM',
    });
    expect(res.status).toBe(400);
  });

  test('aggregation of connector-backed properties is refused, not ignored', async () => {
    const before = udq.events.length;
    const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
      entityId: MIXER,
      componentName: 'MixerComponent',
      selectedProperties: ['RPM'],
      ...window,
      aggregation: { function: 'avg', maxPoints: 100 },
    });
    expect(res.status).toBe(400);
    expect(res.errorCode).toBe('DOPPEL_ERR_AGGREGATION_INVALID');
    expect(res.body.message).toMatch(/read through a data connector/);
    expect(udq.events.length).toBe(before);
  });

  test('by component type: external ids come back mapped to their entities, as TwinMaker answers', async () => {
    const before = udq.events.length;
    const out = await svc.sdk().send(
      new GetPropertyValueHistoryCommand({
        workspaceId: ws,
        componentTypeId: 'com.example.cookiefactory.alarm',
        selectedProperties: ['alarm_status'],
        ...window,
        orderByTime: 'DESCENDING',
        maxResults: 100,
      }),
    );
    const event = udq.events[before];
    expect(event.entityId).toBeUndefined();
    expect(event).toMatchObject({
      componentTypeId: 'com.example.cookiefactory.alarm',
      orderByTime: 'DESCENDING',
      properties: { telemetryAssetType: { value: { stringValue: 'Alarm' } } },
    });
    const mixer0 = out.propertyValues!.find((p) => p.entityPropertyReference!.entityId === MIXER)!;
    expect(mixer0.entityPropertyReference).toEqual({
      entityId: MIXER,
      componentName: 'AlarmComponent',
      externalIdProperty: { alarm_key: 'Mixer_0_237685e2-3f33-42f9-8cff-5f761c94aa73' },
      propertyName: 'alarm_status',
    });
    const newest = expectedRows('Mixer_0_237685e2-3f33-42f9-8cff-5f761c94aa73', 'alarm_status').sort(
      (a, b) => b.ms - a.ms,
    );
    expect(mixer0.values!.map((v) => v.value!.stringValue)).toEqual(newest.map((r) => r.value));
    // alarms of mixers that are not in this workspace keep their external id alone
    const unmapped = out.propertyValues!.filter((p) => p.entityPropertyReference!.entityId === undefined);
    expect(unmapped.length).toBeGreaterThan(0);
    expect(unmapped.every((p) => p.entityPropertyReference!.externalIdProperty!.alarm_key)).toBe(true);
  });

  test('GetPropertyValue of a connector-backed time series answers its newest value', async () => {
    const out = await svc.sdk().send(
      new GetPropertyValueCommand({
        workspaceId: ws,
        entityId: MIXER,
        componentName: 'MixerComponent',
        selectedProperties: ['Temperature', 'telemetryAssetId'],
      }),
    );
    const newest = expectedRows(MIXER_ASSET, 'Temperature').sort((a, b) => b.ms - a.ms)[0]!;
    expect(out.propertyValues!.Temperature!.propertyValue).toEqual({ doubleValue: Number(newest.value) });
    expect(out.propertyValues!.telemetryAssetId!.propertyValue).toEqual({ stringValue: MIXER_ASSET });
  });
});

describe('connector failures answer 424 naming the connector, never its secret', () => {
  const read = () =>
    svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
      entityId: MIXER,
      componentName: 'MixerComponent',
      selectedProperties: ['RPM'],
      ...window,
    });
  afterAll(() => useConnector('/udq'));

  test('a connector that does not answer in its timeout: ConnectorTimeoutException', async () => {
    await useConnector('/slow');
    const res = await read();
    expect(errorOf(res)).toEqual({
      status: 424,
      type: 'ConnectorTimeoutException',
      code: 'DOPPEL_ERR_CONNECTOR_TIMEOUT',
    });
    expect(res.body.message).toContain('udq');
    expect(res.body.message).toContain('300 ms');
  });

  test('an HTTP 500 that echoes the Authorization header: ConnectorFailureException with the secret masked', async () => {
    await useConnector('/fail');
    const res = await read();
    expect(errorOf(res)).toEqual({
      status: 424,
      type: 'ConnectorFailureException',
      code: 'DOPPEL_ERR_CONNECTOR_FAILURE',
    });
    expect(res.body.message).toContain('HTTP 500');
    expect(res.body.message).toContain('credentials ***');
    expect(res.body.message).not.toContain(SECRET);
    // the same through the SDK: its typed exception
    await expect(
      svc.sdk().send(
        new GetPropertyValueHistoryCommand({
          workspaceId: ws,
          entityId: MIXER,
          componentName: 'MixerComponent',
          selectedProperties: ['RPM'],
          ...window,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConnectorFailureException', $metadata: { httpStatusCode: 424 } });
    expect(logLines.join('')).toContain('HTTP 500');
    expect(logLines.join('')).not.toContain(SECRET);
  });

  test('a reply that is not JSON, or breaks the contract: ConnectorFailureException saying what', async () => {
    await useConnector('/garbage');
    const garbage = await read();
    expect(errorOf(garbage)).toEqual({
      status: 424,
      type: 'ConnectorFailureException',
      code: 'DOPPEL_ERR_CONNECTOR_REPLY_INVALID',
    });
    expect(garbage.body.message).toContain('not JSON');
    await useConnector('/bad-shape');
    const badShape = await read();
    expect(badShape.errorCode).toBe('DOPPEL_ERR_CONNECTOR_REPLY_INVALID');
    expect(badShape.body.message).toContain('propertyValues[0].values[0].time');
  });

  test('an ARN no connector serves: ConnectorFailureException telling how to register one', async () => {
    await ok(svc.call('DELETE', '/doppel/connectors/udq'));
    const res = await read();
    expect(errorOf(res)).toEqual({
      status: 424,
      type: 'ConnectorFailureException',
      code: 'DOPPEL_ERR_CONNECTOR_NOT_REGISTERED',
    });
    expect(res.body.message).toContain(ARN);
    try {
      await svc.sdk().send(
        new GetPropertyValueHistoryCommand({
          workspaceId: ws,
          componentTypeId: 'com.example.cookiefactory.alarm',
          selectedProperties: ['alarm_status'],
          ...window,
        }),
      );
      throw new Error('expected a failure');
    } catch (e) {
      expect(sdkErrorCode(e)).toBe('DOPPEL_ERR_CONNECTOR_NOT_REGISTERED');
    }
  });
});

describe('a live stream of connector-backed properties', () => {
  test('polls the connector and says so in each event', async () => {
    const controller = new AbortController();
    const res = await fetch(
      `${svc.url}/doppel/workspaces/${ws}/stream?entityId=${MIXER}&componentName=MixerComponent&selectedProperties=RPM`,
      {
        headers: { authorization: `Bearer ${svc.admin.accessKeyId}:${svc.admin.secretAccessKey}` },
        signal: controller.signal,
      },
    );
    expect(res.status).toBe(200);
    const now = Date.now();
    udq.rows.push({
      ms: now + 200,
      assetType: 'Mixer',
      assetId: MIXER_ASSET,
      measure: 'RPM',
      value: '77.5',
      valueType: 'DOUBLE',
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"value":{"doubleValue":77.5}')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    controller.abort();
    const data = text.split('\n').find((l) => l.startsWith('data:') && l.includes('77.5'))!;
    expect(JSON.parse(data.slice(5))).toEqual({
      entityId: MIXER,
      componentName: 'MixerComponent',
      propertyName: 'RPM',
      polled: { connector: 'udq', intervalMs: 150 },
      time: new Date(now + 200).toISOString(),
      value: { doubleValue: 77.5 },
    });
    expect(text).toContain(`id: ${now + 200}`);
  });
});
