import Database from '../driver';
import { Db, migrate } from '../database';
import { createBatchWriter } from '../values/batch-writer';
import { migrations } from '.';

let db: Db;

const point = (value: unknown) => JSON.stringify({ time: '2024-01-01T00:00:00Z', value });

/** A database as the service left it before migration 007: points with their numbers only in the JSON. */
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrations.slice(0, 6).forEach((sql) => db.exec(sql));
  db.pragma('user_version = 6');
  db.prepare("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)").run();
  db.prepare("INSERT INTO value_series VALUES (1, 'w', 'e', 'c', 'p')").run();
  const insert = db.prepare('INSERT INTO property_values (series_id, time, point, seq) VALUES (1, ?, ?, ?)');
  const stored = [
    point({ doubleValue: 2.5 }),
    point({ integerValue: -7 }),
    point({ longValue: 9007199254740991 }),
    point({ stringValue: 'OK' }),
    point({ booleanValue: true }),
    'not json',
  ];
  stored.forEach((p, i) => insert.run(i * 1_000_000_000, p, i + 1));
  migrate(db);
});

afterEach(() => db.close());

test('points stored before get their numbers; other values and non-JSON stay NULL', () => {
  const nums = db.prepare('SELECT num FROM property_values ORDER BY time').pluck().all();
  expect(nums).toEqual([2.5, -7, 9007199254740991, null, null, null]);
});

test('the writer fills the number of what it writes, and an overwrite replaces it', () => {
  const write = createBatchWriter(db);
  const job = (value: unknown) => ({
    workspaceId: 'w',
    seriesIds: [1],
    ms: [60_000],
    ns: [0],
    points: [point(value)],
    newSeries: [],
  });
  expect(write([job({ doubleValue: 4.25 })])[0]!.error).toBeUndefined();
  const at = db.prepare('SELECT num FROM property_values WHERE time = 60000000000').pluck();
  expect(at.get()).toBe(4.25);
  write([job({ stringValue: 'now a string' })]);
  expect(at.get()).toBeNull();
});
