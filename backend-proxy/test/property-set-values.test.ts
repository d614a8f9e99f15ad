// values:latest and values:stream: every binding of a scene read in one request and followed
// on one connection, as of a time or live.
import { startTestService, TestService } from './harness';
import { entry, seedPlant } from './values-fixture';

let svc: TestService;
const ws = 'plant';
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const ref = (entityId: string, propertyName: string) => ({ entityId, componentName: 'sensor', propertyName });
const latest = (body: unknown) => svc.call('POST', `/doppel/workspaces/${ws}/values:latest`, body);

beforeAll(async () => {
  svc = await startTestService();
  await seedPlant(svc, ws, 3);
  const temps = (entityId: string, base: number) =>
    entry(
      entityId,
      'temperature',
      [0, 1, 2].map((i) => ({ time: iso(T0 + i * 60_000), value: { doubleValue: base + i } })),
    );
  const r = await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
    entries: [
      temps('pump-1', 10),
      temps('pump-2', 20),
      entry('pump-1', 'state', [
        { time: iso(T0), value: { stringValue: 'OK' } },
        { time: iso(T0 + 90_000), value: { stringValue: 'ALARM' } },
      ]),
    ],
  });
  expect(r.body.errorEntries).toEqual([]);
});
afterAll(() => svc.close());

describe('POST values:latest', () => {
  test('answers the newest value of every reference in one request', async () => {
    const r = await latest({
      properties: [ref('pump-1', 'temperature'), ref('pump-2', 'temperature'), ref('pump-1', 'state')],
    });
    expect(r.status).toBe(200);
    expect(r.body.errors).toEqual([]);
    expect(r.body.values).toEqual([
      { ...ref('pump-1', 'temperature'), time: iso(T0 + 120_000), value: { doubleValue: 12 } },
      { ...ref('pump-2', 'temperature'), time: iso(T0 + 120_000), value: { doubleValue: 22 } },
      { ...ref('pump-1', 'state'), time: iso(T0 + 90_000), value: { stringValue: 'ALARM' } },
    ]);
  });

  test('time travel: the last value at or before the time, none before the first', async () => {
    const at = (time: number) =>
      latest({ properties: [ref('pump-1', 'temperature'), ref('pump-1', 'state')], time: iso(time) });
    const past = await at(T0 + 60_000);
    expect(past.body.values.map((v: any) => [v.propertyName, v.time, v.value])).toEqual([
      ['temperature', iso(T0 + 60_000), { doubleValue: 11 }],
      ['state', iso(T0), { stringValue: 'OK' }],
    ]);
    expect((await at(T0 - 1)).body.values).toEqual([]);
  });

  test('a static property answers its current value, dated at the epoch so it holds at any time', async () => {
    const r = await latest({ properties: [ref('pump-2', 'serial'), ref('pump-2', 'location')], time: iso(T0) });
    expect(r.body.errors).toEqual([]);
    expect(r.body.values).toEqual([
      { ...ref('pump-2', 'serial'), time: '1970-01-01T00:00:00Z', value: { stringValue: 'SN-2' } },
      { ...ref('pump-2', 'location'), time: '1970-01-01T00:00:00Z', value: { stringValue: 'hall A' } },
    ]);
  });

  test('a reference the store refuses is reported by itself; the others still answer', async () => {
    const r = await latest({
      properties: [ref('pump-1', 'temperature'), ref('pump-9', 'temperature'), ref('pump-1', 'nope')],
    });
    expect(r.status).toBe(200);
    expect(r.body.values).toHaveLength(1);
    expect(r.body.errors.map((e: any) => [e.entityId, e.propertyName, e.errorCode])).toEqual([
      ['pump-9', 'temperature', 'ResourceNotFoundException'],
      ['pump-1', 'nope', expect.any(String)],
    ]);
  });

  test('bad requests answer a ValidationException that says what to fix', async () => {
    const empty = await latest({ properties: [] });
    expect(empty.status).toBe(400);
    expect(empty.errorType).toBe('ValidationException');
    const badTime = await latest({ properties: [ref('pump-1', 'temperature')], time: 'yesterday' });
    expect(badTime.status).toBe(400);
    expect(badTime.body.message).toMatch(/time "yesterday" is not an ISO-8601/);
    const extra = await latest({ properties: [{ ...ref('pump-1', 'temperature'), foo: 1 }] });
    expect(extra.status).toBe(400);
  });

  test('aggregation is refused with the route that applies it, not ignored', async () => {
    const r = await latest({
      properties: [ref('pump-1', 'temperature')],
      aggregation: { function: 'avg', intervalInSeconds: 60 },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('x-doppel-error-code')).toBe('DOPPEL_ERR_AGGREGATION_INVALID');
    expect(r.body.message).toMatch(/GetPropertyValueHistory/);
  });

  test('a read-only key of another workspace cannot read', async () => {
    await svc.call('POST', '/workspaces/other', {});
    const key = await svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'other', role: 'read' }] });
    const r = await svc.call(
      'POST',
      `/doppel/workspaces/${ws}/values:latest`,
      { properties: [ref('pump-1', 'temperature')] },
      {
        credentials: { accessKeyId: key.body.accessKeyId, secretAccessKey: key.body.secretAccessKey },
      },
    );
    expect([403, 404]).toContain(r.status);
  });
});

describe('POST values:stream', () => {
  async function open(body: unknown) {
    const abort = new AbortController();
    const res = await fetch(`${svc.url}/doppel/workspaces/${ws}/values:stream`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${svc.admin.accessKeyId}:${svc.admin.secretAccessKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: abort.signal,
    });
    let text = '';
    if (res.ok)
      void (async () => {
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            text += decoder.decode(value, { stream: true });
          }
        } catch {
          /* aborted */
        }
      })();
    const events = () =>
      text
        .split('\n\n')
        .filter((b) => /^event: /m.test(b))
        .map((b) => ({
          id: /^id: (.*)$/m.exec(b)?.[1],
          event: /^event: (.*)$/m.exec(b)![1],
          data: JSON.parse(/^data: (.*)$/m.exec(b)![1]!),
        }));
    const waitFor = async (n: number) => {
      const deadline = Date.now() + 5000;
      while (events().length < n) {
        if (Date.now() > deadline) throw new Error(`timed out: ${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return events();
    };
    return { res, events, waitFor, close: () => abort.abort() };
  }

  test('one connection delivers new values of properties of several entities; others are not sent', async () => {
    const stream = await open({ properties: [ref('pump-1', 'temperature'), ref('pump-2', 'state')] });
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/text\/event-stream/);
    await new Promise((r) => setTimeout(r, 50));
    const now = Date.now();
    await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
      entries: [
        entry('pump-3', 'temperature', [{ time: iso(now), value: { doubleValue: 99 } }]),
        entry('pump-1', 'temperature', [{ time: iso(now), value: { doubleValue: 31 } }]),
        entry('pump-2', 'state', [{ time: iso(now), value: { stringValue: 'ALARM' } }]),
      ],
    });
    const events = await stream.waitFor(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.events().map((e) => [e.event, e.data.entityId, e.data.propertyName, e.data.value])).toEqual([
      ['value', 'pump-1', 'temperature', { doubleValue: 31 }],
      ['value', 'pump-2', 'state', { stringValue: 'ALARM' }],
    ]);
    stream.close();

    // reconnecting after the first event replays the second
    const again = await open({
      properties: [ref('pump-1', 'temperature'), ref('pump-2', 'state')],
      lastEventId: events[0]!.id,
    });
    const replayed = await again.waitFor(1);
    expect(replayed[0]!.data).toMatchObject({ entityId: 'pump-2', propertyName: 'state' });
    again.close();
  });

  test('a static property beside time-series ones of its component is skipped alone', async () => {
    const stream = await open({ properties: [ref('pump-3', 'serial'), ref('pump-3', 'temperature')] });
    const [skipped] = await stream.waitFor(1);
    expect(skipped!.data.errors).toEqual([expect.objectContaining({ entityId: 'pump-3', propertyName: 'serial' })]);
    await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
      entries: [entry('pump-3', 'temperature', [{ time: iso(Date.now()), value: { doubleValue: 5 } }])],
    });
    const events = await stream.waitFor(2);
    expect(events[1]!.data).toMatchObject({
      entityId: 'pump-3',
      propertyName: 'temperature',
      value: { doubleValue: 5 },
    });
    stream.close();
  });

  test('unknown references are named in a skipped event; all unknown is a 400', async () => {
    const stream = await open({ properties: [ref('pump-1', 'temperature'), ref('pump-9', 'temperature')] });
    const [skipped] = await stream.waitFor(1);
    expect(skipped!.event).toBe('skipped');
    expect(skipped!.data.errors).toEqual([
      expect.objectContaining({ entityId: 'pump-9', errorCode: 'ResourceNotFoundException' }),
    ]);
    stream.close();
    const none = await open({ properties: [ref('pump-9', 'temperature')] });
    expect(none.res.status).toBe(400);
    expect(await none.res.json()).toEqual({ message: expect.stringMatching(/None of the properties can be streamed/) });
  });

  test('aggregation is refused with the route that applies it, not ignored', async () => {
    const r = await open({
      properties: [ref('pump-1', 'temperature')],
      aggregation: { function: 'last', maxPoints: 10 },
    });
    expect(r.res.status).toBe(400);
    expect(r.res.headers.get('x-doppel-error-code')).toBe('DOPPEL_ERR_AGGREGATION_INVALID');
  });
});
