import Database from '../driver';
import { Db, migrate } from '../database';
import { replayAfter } from '../values/replay';
import { createBatchWriter } from '../values/batch-writer';
import { migrations } from '.';

let db: Db;

/** A database as the service left it before migration 004: values and the seq index. */
function beforeValueCommits(): Db {
  const old = new Database(':memory:');
  old.pragma('foreign_keys = ON');
  migrations.slice(0, 3).forEach((sql) => old.exec(sql));
  old.pragma('user_version = 3');
  old.prepare("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)").run();
  old.prepare("INSERT INTO value_series VALUES (1, 'w', 'e', 'c', 'p1'), (2, 'w', 'e', 'c', 'p2')").run();
  const insert = old.prepare('INSERT INTO property_values (series_id, time, point, seq) VALUES (?, ?, ?, ?)');
  // seqs in write order, times not: the later writes include a backfill of series 2
  const rows: [number, number, number][] = [
    [1, 50, 1],
    [2, 60, 2],
    [1, 51, 3],
    [2, 10, 4],
    [1, 52, 5],
  ];
  for (const [series, second, seq] of rows) insert.run(series, BigInt(second) * 1_000_000_000n, `point ${seq}`, seq);
  return old;
}

beforeEach(() => {
  db = beforeValueCommits();
  migrate(db);
});

afterEach(() => db.close());

test('the seq index is dropped and one commit row covers the values already stored', () => {
  const index = db.prepare("SELECT name FROM sqlite_master WHERE name = 'property_values_by_seq'").get();
  expect(index).toBeUndefined();
  expect(db.prepare('SELECT last_seq, first_time FROM value_commits').raw(true).all()).toEqual([[5, 10_000_000_000]]);
});

test('after the migration a replay from any older seq misses none of the values stored before it', () => {
  const seqsAfter = (after: number) => [...replayAfter(db, after, [1, 2])].map(([seq]) => seq);
  expect(seqsAfter(0)).toEqual([1, 2, 3, 4, 5]);
  expect(seqsAfter(3)).toEqual([4, 5]);
  expect(seqsAfter(5)).toEqual([]);
});

test('the writer continues the seq after the migrated values, and replays cover old and new together', () => {
  const write = createBatchWriter(db);
  const [result] = write([{ workspaceId: 'w', seriesIds: [2], ms: [5000], ns: [0], points: ['new'], newSeries: [] }]);
  expect(result!.seqs).toEqual([6]);
  expect([...replayAfter(db, 3, [2])].map(([seq, , point]) => [seq, point])).toEqual([
    [4, 'point 4'],
    [6, 'new'],
  ]);
});
