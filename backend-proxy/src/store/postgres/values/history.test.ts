// History pages on PostgreSQL through the store (npm run test:pg): the page statement's
// "more past the page" answer, the first read started beside the graph snapshot, and the
// order string_agg takes from its subquery. Needs DOPPEL_PG_URL, so the SQLite run skips it.
import crypto from 'node:crypto';
import { historyQuery } from '../../../model/values/history-query';
import { HistoryCursor } from '../../../model/values/paging';
import { HistoryPage } from '../../values';
import { testStoreConfig } from '../../../../test/test-store';
import { PostgresStore } from '../postgres-store';

const ws = 'history';
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const window = { startTime: iso(T0), endTime: iso(T0 + 3_600_000) };
/** temperature: 10 values, T0 + k s = k; pressure: 4 values, T0 + k s = 100 + k; level: never written */
const TEMPERATURES = 10;
const PRESSURES = 4;

let store: PostgresStore;

beforeAll(async () => {
  const config = await testStoreConfig(`history-test-${crypto.randomUUID()}`);
  store = await PostgresStore.open(config.pgUrl!, { region: 'us-east-1', accountId: '000000000000' });
  await store.workspaces.create(ws, {});
  const series = { dataType: { type: 'DOUBLE' }, isTimeSeries: true };
  await store.componentTypes.create(ws, 'com.test.gauge', {
    propertyDefinitions: { temperature: series, pressure: series, level: series },
  } as never);
  await store.entities.create(ws, {
    entityId: 'boiler',
    entityName: 'Boiler',
    components: { gauge: { componentTypeId: 'com.test.gauge' } },
  } as never);
  const values = (n: number, base: number) =>
    Array.from({ length: n }, (_, k) => ({ time: iso(T0 + k * 1000), value: { doubleValue: base + k } }));
  const errors = await store.values.batchPut(ws, [
    {
      entityPropertyReference: { entityId: 'boiler', componentName: 'gauge', propertyName: 'temperature' },
      propertyValues: values(TEMPERATURES, 0),
    },
    {
      entityPropertyReference: { entityId: 'boiler', componentName: 'gauge', propertyName: 'pressure' },
      propertyValues: values(PRESSURES, 100),
    },
  ] as never);
  expect(errors).toEqual([]);
});
afterAll(() => store?.close());

function read(body: Record<string, unknown>, limit: number, after?: HistoryCursor): Promise<HistoryPage> {
  const query = historyQuery({ entityId: 'boiler', componentName: 'gauge', ...window, ...body } as never);
  return store.values.history(ws, query, { limit, ...(after && { after }) });
}

/** The page's values as "property=value" strings, in page order. */
function valuesOf(page: HistoryPage): string[] {
  return page.series.flatMap((s) =>
    (JSON.parse(`[${s.values.toString('utf8')}]`) as { value: { doubleValue: number } }[]).map(
      (v) => `${s.reference.propertyName}=${v.value.doubleValue}`,
    ),
  );
}

async function walk(body: Record<string, unknown>, limit: number): Promise<{ seen: string[]; pages: number }> {
  const seen: string[] = [];
  let after: HistoryCursor | undefined;
  let pages = 0;
  do {
    const page = await read(body, limit, after);
    seen.push(...valuesOf(page));
    after = page.next;
    pages++;
  } while (after);
  return { seen, pages };
}

const temperatures = Array.from({ length: TEMPERATURES }, (_, k) => `temperature=${k}`);

test('a page holding exactly the rest of the window says there is no next page', async () => {
  const page = await read({ selectedProperties: ['temperature'] }, TEMPERATURES);
  expect(valuesOf(page)).toEqual(temperatures);
  expect(page.next).toBeUndefined();
});

test('a full page with values past it points at its last value, and the next page starts after it', async () => {
  const first = await read({ selectedProperties: ['temperature'] }, TEMPERATURES - 1);
  expect(valuesOf(first)).toEqual(temperatures.slice(0, -1));
  expect(first.next).toEqual({ k: ['boiler', 'gauge', 'temperature'], t: [T0 + (TEMPERATURES - 2) * 1000, 0] });
  const second = await read({ selectedProperties: ['temperature'] }, TEMPERATURES - 1, first.next);
  expect(valuesOf(second)).toEqual(temperatures.slice(-1));
  expect(second.next).toBeUndefined();
});

test.each([
  ['ASCENDING', temperatures],
  ['DESCENDING', [...temperatures].reverse()],
])('pages of 3 walk the series %s, each value once', async (orderByTime, expected) => {
  const { seen, pages } = await walk({ selectedProperties: ['temperature'], orderByTime }, 3);
  expect(seen).toEqual(expected);
  expect(pages).toBe(4);
});

test('a page that fills up at the end of one series still points at the next series', async () => {
  const body = { selectedProperties: ['temperature', 'pressure'] };
  const first = await read(body, PRESSURES);
  expect(valuesOf(first)).toEqual(['pressure=100', 'pressure=101', 'pressure=102', 'pressure=103']);
  expect(first.next?.k).toEqual(['boiler', 'gauge', 'pressure']);
  const { seen } = await walk(body, PRESSURES);
  expect(seen).toEqual([...valuesOf(first), ...temperatures]);
});

test('a window with no values is one empty page', async () => {
  const before = { startTime: iso(T0 - 7_200_000), endTime: iso(T0 - 1000) };
  const page = await read({ selectedProperties: ['temperature', 'pressure'], ...before }, 5);
  expect(page).toEqual({ series: [] });
});

test('a first property never written is skipped, and the page reads the next one', async () => {
  const page = await read({ selectedProperties: ['level', 'temperature'] }, 100);
  expect(valuesOf(page)).toEqual(temperatures);
  expect(page.next).toBeUndefined();
});

test('a property the component does not define is a 4xx error, whatever the early read found', async () => {
  await expect(read({ selectedProperties: ['flow'] }, 10)).rejects.toMatchObject({
    name: 'ValidationException',
    statusCode: 400,
    code: 'DOPPEL_ERR_PROPERTY_NOT_DEFINED',
  });
});
