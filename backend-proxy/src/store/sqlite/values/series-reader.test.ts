import { openDatabase } from '../database';
import { SeriesReader } from './series-reader';

/** One series of `count` points, one per second from the epoch, valued by their index. */
function seriesOf(count: number) {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)").run();
  db.prepare(
    "INSERT INTO value_series (series_id, workspace_id, entity_id, component_name, property_name) VALUES (1, 'w', 'e', 'c', 'p')",
  ).run();
  const insert = db.prepare('INSERT INTO property_values (series_id, time, point, seq) VALUES (1, ?, ?, ?)');
  for (let i = 0; i < count; i++) insert.run(BigInt(i * 1000) * 1_000_000n, `{"i":${i}}`, i + 1);
  return db;
}

const indexes = (bytes: Buffer) => (JSON.parse(`[${bytes.toString('utf8')}]`) as { i: number }[]).map((p) => p.i);

test('pages of many different sizes (more than the statements kept per limit) each hold exactly their limit, in order both ways', () => {
  const reader = new SeriesReader(seriesOf(150));
  const all = { ms: 0, ns: 0 };
  const end = { ms: 1_000_000, ns: 0 };
  for (let limit = 1; limit <= 150; limit++) {
    const ascending = reader.joined(1, all, end, false, limit);
    expect(ascending.count).toBe(limit);
    expect(indexes(ascending.bytes)).toEqual(Array.from({ length: limit }, (_, i) => i));
    expect(ascending.last).toEqual([(limit - 1) * 1000, 0]);

    const descending = reader.joined(1, all, end, true, limit);
    expect(indexes(descending.bytes)).toEqual(Array.from({ length: limit }, (_, i) => 149 - i));

    const rows = reader.range(1, all, end, limit % 2 === 0, limit);
    expect(rows).toHaveLength(limit);
  }
});

test('a limit that is not a count is refused rather than written into SQL', () => {
  const reader = new SeriesReader(seriesOf(1));
  expect(() => reader.joined(1, { ms: 0, ns: 0 }, { ms: 1, ns: 0 }, false, 1.5)).toThrow(/not a count/);
  expect(() => reader.range(1, { ms: 0, ns: 0 }, { ms: 1, ns: 0 }, false, -1)).toThrow(/not a count/);
});
