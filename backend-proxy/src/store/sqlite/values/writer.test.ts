import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db, openDatabase } from '../database';
import { createBatchWriter, WriteJob, WriteResult } from './batch-writer';
import { ValueWriter } from './writer';

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

test('writes spread over batches in flight together are each answered with their own rows, in commit order', async () => {
  const writer = new ValueWriter(db);
  const answered: number[] = [];
  const pending: Promise<WriteResult>[] = [];
  for (let i = 0; i < 30; i++) {
    const workspaceId = i === 13 ? 'nowhere' : 'w';
    pending.push(
      writer.write(newSeriesJob(workspaceId, `e${i}`, 1 + (i % 4))).then((result) => {
        if (result.seqs) answered.push(result.seqs[0]!);
        return result;
      }),
    );
    // a turn of the event loop between groups: each group leaves as its own batch
    if (i % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
  }
  const results = await Promise.all(pending);
  await writer.close();

  const rows = stored();
  results.forEach((result, i) => {
    if (i === 13) {
      expect(result.error).toMatch(/FOREIGN KEY/);
      return;
    }
    const own = rows.filter((r) => r.entity === `e${i}`).map((r) => r.seq);
    expect(own.sort((x, y) => x - y)).toEqual([...result.seqs!].sort((x, y) => x - y));
  });
  expect(answered).toEqual([...answered].sort((x, y) => x - y));
});

test('after a restart the seq continues past every seq handed out, even when the newest values were deleted', () => {
  const first = createBatchWriter(db)([newSeriesJob('w', 'a', 5), newSeriesJob('w', 'b', 5)]);
  const highest = Math.max(...first[1]!.seqs!);
  // b's values go with its series: a seq taken from the stored values would go back to a's
  db.prepare("DELETE FROM value_series WHERE entity_id = 'b'").run();
  const [next] = createBatchWriter(db)([newSeriesJob('w', 'c', 1)]);
  expect(next!.seqs).toEqual([highest + 1]);
});
