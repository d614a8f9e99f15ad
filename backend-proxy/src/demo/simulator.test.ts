import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyQuery } from '../model/values/history-query';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import { ensureDemoSite } from './demo-site';
import { startDemoSimulator } from './simulator';

const ARN = { region: 'us-east-1', accountId: '000000000000' };
let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-demo-'));
  store = SqliteStore.open(dir, ARN);
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
};

/** How many values line 1's oven power has, all time. */
const powerValueCount = async () => {
  const query = historyQuery({
    entityId: 'Oven_1',
    componentName: 'Oven',
    selectedProperties: ['power'],
    startTime: '2000-01-01T00:00:00Z',
    endTime: new Date(Date.now() + 60_000).toISOString(),
  });
  const page = await store.values.history('demo-factory', query, { limit: 10_000 });
  return (JSON.parse(`[${page.series[0]!.values.toString('utf8')}]`) as unknown[]).length;
};

test('without the demo workspace a tick fails, is reported once, and the simulator goes on', async () => {
  const warnings: string[] = [];
  const simulator = startDemoSimulator(store, { warn: (m) => warnings.push(m) }, 10);
  await new Promise((r) => setTimeout(r, 100));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/demo-factory/);

  // once the site exists (an operator re-created it), the same simulator writes again
  await ensureDemoSite(store, Date.now(), 60_000);
  const before = await powerValueCount();
  await until(async () => (await powerValueCount()) > before);
  simulator.stop();
  expect(await powerValueCount()).toBeGreaterThan(before);
  expect(warnings).toHaveLength(1);
});

test('ensureDemoSite creates the site once and leaves an existing one alone', async () => {
  expect(await ensureDemoSite(store, Date.now(), 60_000)).toBe(true);
  expect(await ensureDemoSite(store, Date.now(), 60_000)).toBe(false);
});
