import { errorOf, startTestService, TestService } from './harness';
import { seedPlant } from './values-fixture';

// History with `aggregation` (our downsampling extension) against the same computation done
// here over the raw points that were written.

let svc: TestService;
const ws = 'agg';
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();

type Raw = { ms: number; v: number | string };
/** what was written, by property of pump-1 */
const written: Record<string, Raw[]> = { temperature: [], count: [], total: [], state: [] };

/** a deterministic pseudo-random sequence (the test must fail the same way twice) */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

beforeAll(async () => {
  svc = await startTestService();
  await seedPlant(svc, ws, 2);
  const next = random(17);
  const points: string[] = [];
  let ms = T0;
  // two hours of irregular samples (0.2 s to 9 s apart) with a 20-minute hole; values are
  // quarters, so sums and averages are exact in floating point whatever the order
  while (ms < T0 + 2 * 3_600_000) {
    ms += 200 + Math.floor(next() * 8800);
    if (ms > T0 + 3_000_000 && ms < T0 + 4_200_000) continue;
    const quarter = Math.floor(next() * 8000) - 4000;
    written.temperature!.push({ ms, v: quarter / 4 });
    written.count!.push({ ms, v: quarter });
    written.state!.push({ ms, v: quarter % 3 === 0 ? 'ALARM' : 'OK' });
  }
  // values exactly on bucket edges (every whole minute) for the LONG property
  for (let k = 0; k <= 120; k++) written.total!.push({ ms: T0 + k * 60_000, v: k * 1000 + (k % 7) });
  const member: Record<string, string> = {
    temperature: 'doubleValue',
    count: 'integerValue',
    total: 'longValue',
    state: 'stringValue',
  };
  for (const [propertyName, raws] of Object.entries(written)) {
    for (const r of raws) {
      points.push(
        JSON.stringify({
          entityId: 'pump-1',
          componentName: 'sensor',
          propertyName,
          time: iso(r.ms),
          value: { [member[propertyName]!]: r.v },
        }),
      );
    }
  }
  // pump-2 holds a single point
  points.push(
    JSON.stringify({
      entityId: 'pump-2',
      componentName: 'sensor',
      propertyName: 'temperature',
      time: iso(T0 + 90_500),
      value: { doubleValue: 42.25 },
    }),
  );
  const res = await svc.call('POST', `/doppel/workspaces/${ws}/values:bulk`, undefined, {
    headers: { 'content-type': 'application/x-ndjson' },
    rawBody: points.join('\n'),
  });
  expect(res.body).toMatchObject({ rejected: 0 });
});
afterAll(() => svc.close());

type Value = { time: string; value: Record<string, unknown> };

/** Every value of a history request, following nextToken with pages of `maxResults`. */
async function all(body: Record<string, unknown>, maxResults = 10_000): Promise<Value[]> {
  const values: Value[] = [];
  let nextToken: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
      ...body,
      maxResults,
      nextToken,
    });
    expect(res.status).toBe(200);
    const page = res.body as { propertyValues: { values: Value[] }[]; nextToken?: string };
    const count = page.propertyValues.reduce((n, p) => n + p.values.length, 0);
    expect(count).toBeLessThanOrEqual(maxResults);
    for (const p of page.propertyValues) values.push(...p.values);
    nextToken = page.nextToken;
    if (!nextToken) return values;
  }
  throw new Error('too many pages');
}

const floorTo = (ms: number, width: number) => ms - (((ms % width) + width) % width);

/** The expected answer, computed over the raw points: buckets of `width` ms since the epoch, window ends included. */
function expected(raws: Raw[], fn: string, width: number, from: number, to: number, member: string): Value[] {
  const buckets = new Map<number, Raw[]>();
  for (const r of raws) {
    if (r.ms < from || r.ms > to) continue;
    const b = floorTo(r.ms, width);
    if (!buckets.has(b)) buckets.set(b, []);
    buckets.get(b)!.push(r);
  }
  const out: Value[] = [];
  for (const [b, rs] of [...buckets].sort((x, y) => x[0] - y[0])) {
    const nums = rs.map((r) => r.v as number);
    const at = (v: unknown, m = member) => out.push({ time: iso(b), value: { [m]: v } });
    if (fn === 'avg') at(nums.reduce((s, n) => s + n, 0) / nums.length, 'doubleValue');
    if (fn === 'sum')
      at(
        nums.reduce((s, n) => s + n, 0),
        member === 'doubleValue' ? 'doubleValue' : 'longValue',
      );
    if (fn === 'count') at(rs.length, 'longValue');
    if (fn === 'min') at(Math.min(...nums));
    if (fn === 'max') at(Math.max(...nums));
    if (fn === 'first') at(rs[0]!.v);
    if (fn === 'last') at(rs[rs.length - 1]!.v);
    if (fn === 'minmax') {
      const lo = rs.reduce((a, r) => ((r.v as number) < (a.v as number) ? r : a));
      const hi = rs.reduce((a, r) => ((r.v as number) > (a.v as number) ? r : a));
      for (const r of lo === hi ? [lo] : [lo, hi].sort((x, y) => x.ms - y.ms))
        out.push({ time: iso(r.ms), value: { [member]: r.v } });
    }
  }
  return out;
}

const pump1 = (propertyName: string, from: number, to: number) => ({
  entityId: 'pump-1',
  componentName: 'sensor',
  selectedProperties: [propertyName],
  startTime: iso(from),
  endTime: iso(to),
});

// a window whose ends fall inside buckets, over the hole
const FROM = T0 + 123_456;
const TO = T0 + 6_543_210;

describe.each(['avg', 'min', 'max', 'sum', 'count', 'first', 'last', 'minmax'])('%s', (fn) => {
  test.each([
    ['temperature', 'doubleValue', 60],
    ['count', 'integerValue', 7],
    ['total', 'longValue', 60],
  ])(
    'of %s (%s) in buckets of %i s matches the raw points, both orders, in pages',
    async (property, member, seconds) => {
      const body = { ...pump1(property, FROM, TO), aggregation: { function: fn, intervalInSeconds: seconds } };
      const want = expected(written[property]!, fn, seconds * 1000, FROM, TO, member);
      expect(want.length).toBeGreaterThan(5);
      expect(await all(body)).toEqual(want);
      expect(await all(body, 13)).toEqual(want);
      expect(await all({ ...body, orderByTime: 'DESCENDING' }, 29)).toEqual([...want].reverse());
    },
  );
});

test('a bucket whose start is a point includes it; the window end is included', async () => {
  // total has a point at every whole minute: [T0+60 s, T0+180 s] holds minutes 1, 2, 3
  const values = await all({
    ...pump1('total', T0 + 60_000, T0 + 180_000),
    aggregation: { function: 'count', intervalInSeconds: 60 },
  });
  expect(values).toEqual([1, 2, 3].map((k) => ({ time: iso(T0 + k * 60_000), value: { longValue: 1 } })));
});

test('empty buckets answer no value', async () => {
  const values = await all({
    ...pump1('temperature', T0, T0 + 7_200_000),
    aggregation: { function: 'avg', intervalInSeconds: 60 },
  });
  const times = values.map((v) => Date.parse(v.time));
  // the 20-minute hole has no bucket
  expect(times.filter((t) => t > T0 + 3_060_000 && t < T0 + 4_140_000)).toEqual([]);
  const inWindow = written.temperature!.filter((r) => r.ms <= T0 + 7_200_000);
  expect(times.length).toBe(new Set(inWindow.map((r) => floorTo(r.ms, 60_000))).size);
});

test('a series of one point answers that point in its bucket', async () => {
  const body = {
    entityId: 'pump-2',
    componentName: 'sensor',
    selectedProperties: ['temperature'],
    startTime: iso(T0),
    endTime: iso(T0 + 3_600_000),
  };
  const at = (fn: string) => all({ ...body, aggregation: { function: fn, intervalInSeconds: 60 } });
  expect(await at('avg')).toEqual([{ time: iso(T0 + 60_000), value: { doubleValue: 42.25 } }]);
  expect(await at('minmax')).toEqual([{ time: iso(T0 + 90_500), value: { doubleValue: 42.25 } }]);
  expect(await at('count')).toEqual([{ time: iso(T0 + 60_000), value: { longValue: 1 } }]);
  expect(await all({ ...body, aggregation: { function: 'lttb', maxPoints: 10 } })).toEqual([
    { time: iso(T0 + 90_500), value: { doubleValue: 42.25 } },
  ]);
});

test('first and last apply to strings; the numeric functions name the ones that do', async () => {
  const body = pump1('state', FROM, TO);
  expect(await all({ ...body, aggregation: { function: 'last', intervalInSeconds: 300 } })).toEqual(
    expected(written.state!, 'last', 300_000, FROM, TO, 'stringValue'),
  );
  const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
    ...body,
    aggregation: { function: 'avg', intervalInSeconds: 60 },
  });
  expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_AGGREGATION_INVALID' });
  expect(res.body.message).toMatch(/state is STRING: use count, first, last/);
});

test('maxPoints keeps every series within that many values, on nice epoch-aligned buckets', async () => {
  for (const fn of ['avg', 'minmax', 'last']) {
    const values = await all({
      ...pump1('temperature', T0, T0 + 7_200_000),
      aggregation: { function: fn, maxPoints: 100 },
    });
    expect(values.length).toBeLessThanOrEqual(100);
    expect(values.length).toBeGreaterThan(30);
  }
  // 2 h into at most 100 buckets: 72 s rounds up to 2 min buckets
  const avg = await all({
    ...pump1('temperature', T0, T0 + 7_200_000),
    aggregation: { function: 'avg', maxPoints: 100 },
  });
  expect(avg).toEqual(expected(written.temperature!, 'avg', 120_000, T0, T0 + 7_200_000, 'doubleValue'));
});

/** Steinarsson's LTTB over the whole array (the thesis' reference), on [ms, value] pairs. */
function referenceLttb(data: [number, number][], threshold: number): [number, number][] {
  const n = data.length;
  if (threshold >= n) return data;
  const sampled: [number, number][] = [data[0]!];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const avgStart = Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += data[j]![0];
      avgY += data[j]![1];
    }
    avgX /= avgEnd - avgStart;
    avgY /= avgEnd - avgStart;
    const [ax, ay] = data[a]!;
    let max = -1;
    let next = a;
    for (let j = Math.floor(i * every) + 1; j < Math.floor((i + 1) * every) + 1; j++) {
      const area = Math.abs((ax - avgX) * (data[j]![1] - ay) - (ax - data[j]![0]) * (avgY - ay)) * 0.5;
      if (area > max) {
        max = area;
        next = j;
      }
    }
    sampled.push(data[next]!);
    a = next;
  }
  sampled.push(data[n - 1]!);
  return sampled;
}

test('lttb keeps the points the reference implementation keeps, in pages and both orders', async () => {
  const raw = written
    .temperature!.filter((r) => r.ms >= FROM && r.ms <= TO)
    .map((r): [number, number] => [r.ms, r.v as number]);
  const want = referenceLttb(raw, 150).map(([ms, v]) => ({ time: iso(ms), value: { doubleValue: v } }));
  const body = { ...pump1('temperature', FROM, TO), aggregation: { function: 'lttb', maxPoints: 150 } };
  expect(await all(body)).toEqual(want);
  expect(await all(body, 40)).toEqual(want);
  expect(await all({ ...body, orderByTime: 'DESCENDING' }, 40)).toEqual([...want].reverse());
});

test('aggregation by componentTypeId answers every component of the type', async () => {
  const values = await all({
    componentTypeId: 'com.acme.sensor',
    selectedProperties: ['temperature'],
    startTime: iso(T0),
    endTime: iso(T0 + 7_200_000),
    aggregation: { function: 'max', intervalInSeconds: 3600 },
  });
  expect(values).toEqual([
    ...expected(written.temperature!, 'max', 3_600_000, T0, T0 + 7_200_000, 'doubleValue'),
    { time: iso(T0), value: { doubleValue: 42.25 } },
  ]);
});

test('a NaN cannot be stored, so aggregates only ever see numbers', async () => {
  const res = await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
    entries: [
      {
        entityPropertyReference: { entityId: 'pump-2', componentName: 'sensor', propertyName: 'temperature' },
        propertyValues: [{ time: iso(T0 + 100_000), value: { doubleValue: 'NaN' } }],
      },
    ],
  });
  expect(res.body.errorEntries).toHaveLength(1);
});

test.each([
  [{ function: 'median', intervalInSeconds: 60 }, /median.*use one of avg, min, max/],
  [{ function: 'avg' }, /exactly one of intervalInSeconds/],
  [{ function: 'avg', intervalInSeconds: 60, maxPoints: 10 }, /exactly one of intervalInSeconds/],
  [{ function: 'avg', intervalInSeconds: 0 }, /at least 1/],
  [{ function: 'lttb', maxPoints: 2 }, /from 3 to 100000/],
  [{ function: 'avg', intervalInSeconds: 1, extra: 1 }, null],
])('a bad aggregation %j is refused with what to fix', async (aggregation, message) => {
  const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
    ...pump1('temperature', T0, T0 + 10 * 86_400_000 * 365),
    aggregation,
  });
  expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_AGGREGATION_INVALID' });
  if (message) expect(res.body.message).toMatch(message);
  else expect(res.body.message).toMatch(/buckets of 1 s; at most 1000000/);
});

test('aggregation does not combine with interpolation', async () => {
  const res = await svc.call('POST', `/workspaces/${ws}/entity-properties/history`, {
    ...pump1('temperature', T0, T0 + 3_600_000),
    aggregation: { function: 'avg', intervalInSeconds: 60 },
    interpolation: { interpolationType: 'LINEAR', intervalInSeconds: 60 },
  });
  expect(res.body.message).toMatch(/cannot be combined with interpolation/);
});
