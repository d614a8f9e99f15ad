import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir, loadCookieFactory } from './fixture-workspace';
import { startTestService, TestService } from './harness';
import { entry } from './values-fixture';

/**
 * GetPropertyValueHistory on the wire, recorded: the cookie factory v3 workspace with the
 * mixers' telemetry of the sample data (the 254 Temperature and RPM rows of
 * telemetry-head300.csv that join to a v3 mixer's telemetryAssetId), and a set of requests
 * whose responses are checked in under golden/. Each response is compared with its recording
 * field by field. A nextToken is signed with the data dir's own key, so it is recorded as
 * NEXT_TOKEN and a request that continues a page sends the token the previous answer gave.
 * DOPPEL_RECORD_GOLDEN=1 writes the recording anew (then `npm run format`, and review the diff).
 */
const goldenFile = path.join(__dirname, 'golden', 'get-property-value-history.json');
const NEXT_TOKEN = '<nextToken of this service>';
const ws = 'cookiefactory';
const start = '2021-11-05T00:00:00Z';
const end = '2021-11-05T00:30:00Z';
const mixer = { entityId: 'Mixer_6_9aa0cd6c-a8f7-4a8a-9881-9c3cb2a22bf1', componentName: 'MixerComponent' };

interface Exchange {
  name: string;
  /** `nextToken: NEXT_TOKEN` sends the token of the exchange before */
  request: Record<string, unknown>;
  status: number;
  contentType: string | null;
  errorType: string | null;
  body: unknown;
}

const requests: Omit<Exchange, 'status' | 'contentType' | 'errorType' | 'body'>[] = [
  {
    name: 'one mixer, two properties, first page of 6',
    request: { ...mixer, selectedProperties: ['Temperature', 'RPM'], startTime: start, endTime: end, maxResults: 6 },
  },
  {
    name: 'the same, next page',
    request: {
      ...mixer,
      selectedProperties: ['Temperature', 'RPM'],
      startTime: start,
      endTime: end,
      maxResults: 6,
      nextToken: NEXT_TOKEN,
    },
  },
  {
    name: 'every mixer by componentTypeId, newest first, with the external id property',
    request: {
      componentTypeId: 'com.example.cookiefactory.mixer',
      selectedProperties: ['RPM'],
      startTime: start,
      endTime: end,
      orderByTime: 'DESCENDING',
      maxResults: 7,
    },
  },
  {
    name: 'deprecated epoch-second window, a filter on Temperature',
    request: {
      ...mixer,
      selectedProperties: ['Temperature'],
      startDateTime: Date.parse(start) / 1000,
      endDateTime: Date.parse(end) / 1000,
      propertyFilters: [{ propertyName: 'Temperature', operator: '>', value: { doubleValue: 100 } }],
      maxResults: 10,
    },
  },
  {
    name: 'LINEAR interpolation every 2 s',
    request: {
      ...mixer,
      selectedProperties: ['RPM'],
      startTime: start,
      endTime: '2021-11-05T00:00:12Z',
      interpolation: { interpolationType: 'LINEAR', intervalInSeconds: 2 },
    },
  },
  {
    name: 'a static property is a ValidationException',
    request: { ...mixer, selectedProperties: ['telemetryAssetId'], startTime: start, endTime: end },
  },
];

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
  await loadCookieFactory(svc, ws);
  await putMixerTelemetry(svc);
}, 60_000);
afterAll(() => svc.close());

/** The telemetry rows of the sample data that belong to a v3 mixer, written by BatchPutPropertyValues. */
async function putMixerTelemetry(service: TestService): Promise<void> {
  const raw = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'cookiefactory-v3', 'entities.json'), 'utf8')) as {
    entityId: string;
    components?: Record<string, { componentTypeId: string; properties?: Record<string, { value?: any }> }>;
  }[];
  const mixers = new Map<string, { entityId: string; componentName: string }>();
  for (const e of raw) {
    for (const [componentName, c] of Object.entries(e.components ?? {})) {
      const assetId = c.properties?.telemetryAssetId?.value?.stringValue;
      if (c.componentTypeId === 'com.example.cookiefactory.mixer' && assetId)
        mixers.set(assetId, { entityId: e.entityId, componentName });
    }
  }
  const csv = fs.readFileSync(path.join(fixturesDir, 'cookiefactory-v1', 'telemetry-head300.csv'), 'utf8');
  const series = new Map<string, { time: string; value: { doubleValue: number } }[]>();
  for (const line of csv.split('\n')) {
    const [epochMillis, , assetId, measure, value] = line.split(',');
    const target = assetId && mixers.get(assetId);
    if (!target || (measure !== 'Temperature' && measure !== 'RPM')) continue;
    const key = `${target.entityId}\u0000${target.componentName}\u0000${measure}`;
    if (!series.has(key)) series.set(key, []);
    series.get(key)!.push({ time: new Date(Number(epochMillis)).toISOString(), value: { doubleValue: Number(value) } });
  }
  const entries = [...series].flatMap(([key, values]) => {
    const [entityId, componentName, propertyName] = key.split('\u0000') as [string, string, string];
    const chunks = [];
    for (let i = 0; i < values.length; i += 10) {
      const e = entry(entityId, propertyName, values.slice(i, i + 10));
      chunks.push({ ...e, entityPropertyReference: { ...e.entityPropertyReference, componentName } });
    }
    return chunks;
  });
  expect(entries.reduce((n, e) => n + e.propertyValues.length, 0)).toBe(254);
  for (let i = 0; i < entries.length; i += 10) {
    const res = await service.call('POST', `/workspaces/${ws}/entity-properties`, {
      entries: entries.slice(i, i + 10),
    });
    expect(res.body).toEqual({ errorEntries: [] });
  }
}

/** The exchanges as this service answers them now, nextTokens replaced by NEXT_TOKEN. */
async function exchanges(): Promise<{ exchange: Exchange; token?: string }[]> {
  const out: { exchange: Exchange; token?: string }[] = [];
  let previousToken: string | undefined;
  for (const { name, request } of requests) {
    const sent = request.nextToken === NEXT_TOKEN ? { ...request, nextToken: previousToken } : request;
    const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, sent);
    const token = typeof res.body?.nextToken === 'string' ? (res.body.nextToken as string) : undefined;
    const body = token === undefined ? res.body : { ...res.body, nextToken: NEXT_TOKEN };
    const contentType = res.headers.get('content-type');
    out.push({ exchange: { name, request, status: res.status, contentType, errorType: res.errorType, body }, token });
    previousToken = token;
  }
  return out;
}

/** Every path where `actual` and `expected` differ, as "path: actual ≠ expected". */
function fieldDifferences(actual: unknown, expected: unknown, at = ''): string[] {
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return Object.is(actual, expected)
      ? []
      : [`${at || '(root)'}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return [`${at}: array ≠ object`];
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].flatMap((k) =>
    fieldDifferences(
      (actual as Record<string, unknown>)[k],
      (expected as Record<string, unknown>)[k],
      Array.isArray(actual) ? `${at}[${k}]` : at ? `${at}.${k}` : k,
    ),
  );
}

const recording = process.env.DOPPEL_RECORD_GOLDEN === '1';

test('GetPropertyValueHistory answers field by field what was recorded', async () => {
  const now = await exchanges();
  if (recording) {
    fs.writeFileSync(
      goldenFile,
      JSON.stringify(
        now.map((n) => n.exchange),
        null,
        2,
      ) + '\n',
    );
    return;
  }
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8')) as Exchange[];
  expect(now.map((n) => n.exchange.name)).toEqual(golden.map((g) => g.name));
  const differences = now.flatMap(({ exchange }, i) =>
    fieldDifferences(exchange, golden[i]).map((d) => `${exchange.name} → ${d}`),
  );
  expect(differences).toEqual([]);
});

test('a recorded nextToken is a string the service takes back', async () => {
  const [first] = await exchanges();
  expect(first!.token).toEqual(expect.stringMatching(/^[\w-]+\.[\w-]+$/));
});

test('the field comparison names where two answers differ', () => {
  expect(fieldDifferences({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }], c: true })).toEqual([
    'a[1].b: "x" ≠ "y"',
    'c: undefined ≠ true',
  ]);
});
