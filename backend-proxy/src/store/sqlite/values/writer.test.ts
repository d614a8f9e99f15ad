import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db, openDatabase } from '../database';
import { createBatchWriter, ValueWriter, WriteJob } from './writer';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-writer-'));
  db = openDatabase(path.join(dir, 'values.db'));
  db.prepare("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)").run();
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A job of `count` values of a series that does not exist yet, at seconds 0.. */
function newSeriesJob(workspaceId: string, entityId: string, count: number): WriteJob {
  const ms = Array.from({ length: count }, (_, i) => i * 1000);
  return {
    workspaceId,
    seriesIds: ms.map(() => -1),
    ms,
    ns: ms.map(() => 0),
    points: ms.map((t) => `{"time":"${new Date(t).toISOString()}","value":{"doubleValue":${t}}}`),
    newSeries: ms.map((_, i) => [i, entityId, 'c', 'p'] as [number, string, string, string]),
  };
}

const stored = () =>
  db
    .prepare('SELECT s.entity_id AS entity, v.seq FROM property_values v JOIN value_series s USING (series_id)')
    .all() as {
    entity: string;
    seq: number;
  }[];

test('a failing job is lost alone: the jobs written with it stay committed, with increasing seqs', () => {
  const write = createBatchWriter(db);
  // a series of an unknown workspace breaks its foreign key
  const results = write([newSeriesJob('w', 'a', 12), newSeriesJob('nowhere', 'b', 3), newSeriesJob('w', 'c', 5)]);

  expect(results[1]!.error).toMatch(/FOREIGN KEY/);
  expect(results[0]!.seqs).toHaveLength(12);
  expect(results[2]!.seqs).toHaveLength(5);
  const rows = stored();
  expect(rows.filter((r) => r.entity === 'a')).toHaveLength(12);
  expect(rows.filter((r) => r.entity === 'c')).toHaveLength(5);
  expect(rows.some((r) => r.entity === 'b')).toBe(false);
  // the stored seqs are the ones reported, so SSE ids match the rows
  expect(rows.map((r) => r.seq).sort((x, y) => x - y)).toEqual(
    [...results[0]!.seqs!, ...results[2]!.seqs!].sort((x, y) => x - y),
  );
  // and the next write continues after them
  const next = write([newSeriesJob('w', 'd', 1)]);
  expect(next[0]!.seqs![0]).toBe(Math.max(...rows.map((r) => r.seq)) + 1);
});

test('jobs written together in one transaction get distinct, increasing seqs in job order', () => {
  const write = createBatchWriter(db);
  const [first, second] = write([newSeriesJob('w', 'a', 10), newSeriesJob('w', 'b', 10)]);
  expect(Math.max(...first!.seqs!)).toBeLessThan(Math.min(...second!.seqs!));
  expect(stored()).toHaveLength(20);
});

test('the writer thread answers each request with its own failure or its rows', async () => {
  const writer = new ValueWriter(db);
  const [good, bad] = await Promise.all([
    writer.write(newSeriesJob('w', 'a', 3)),
    writer.write(newSeriesJob('nowhere', 'b', 3)),
  ]);
  await writer.close();
  expect(good.error).toBeUndefined();
  expect(good.seqs).toHaveLength(3);
  expect(bad.error).toMatch(/FOREIGN KEY/);
  expect(stored()).toHaveLength(3);
});
