import { HistoryQuery } from '../model/values/history-query';
import { ValueEvent } from '../store/values';
import { pollConnector } from './connector-poller';
import { RegisteredConnector } from './connector-registry';

const connector = { name: 'historian' } as RegisteredConnector;

/** Starts a poller over a fixed list of values (times in epoch ms) and returns the first window it asked for. */
async function firstWindow(afterMs: number | undefined) {
  const asked: HistoryQuery[] = [];
  const delivered: ValueEvent[] = [];
  const times = [1_000, 1_700_000_000_000, Date.now() - 10];
  const stop = pollConnector({
    selection: { entityId: 'e', componentName: 'c' },
    propertyNames: ['p'],
    intervalMs: 60_000,
    connectorName: connector.name,
    afterMs,
    read: async (query) => {
      asked.push(query);
      const from = query.from.ms + query.from.ns / 1e6;
      const points = times
        .filter((t) => t >= from)
        .map((t) => ({
          at: { ms: t, ns: 0 },
          point: `{"time":"${new Date(t).toISOString()}","value":{"doubleValue":1}}`,
        }));
      return { series: [{ reference: { entityId: 'e', componentName: 'c', propertyName: 'p' }, points }], connector };
    },
    deliver: (event) => delivered.push(event),
  });
  while (asked.length === 0) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  stop();
  return { from: asked[0]!.from.ms, delivered: delivered.map((e) => e.seq) };
}

test('a Last-Event-ID that is an epoch millisecond resumes right after it', async () => {
  const { from, delivered } = await firstWindow(1_699_999_999_999);
  expect(from).toBe(1_699_999_999_999);
  expect(delivered).toContain(1_700_000_000_000);
  expect(delivered).not.toContain(1_000);
});

test('a Last-Event-ID that is a store write sequence starts from now instead of 1970', async () => {
  const before = Date.now();
  const { from, delivered } = await firstWindow(12_345);
  expect(from).toBeGreaterThanOrEqual(before);
  expect(delivered).toEqual([]);
});
