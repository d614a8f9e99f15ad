import { Db, openDatabase } from '../database';
import { replayAfter, ReplayRow } from './replay';
import { createBatchWriter, WriteJob } from './batch-writer';

let db: Db;

beforeEach(() => {
  db = openDatabase(':memory:');
  db.prepare("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)").run();
  const series = db.prepare("INSERT INTO value_series VALUES (?, 'w', 'e', 'c', ?)");
  for (const id of [1, 2, 3, 4]) series.run(id, `p${id}`);
});

afterEach(() => db.close());

/** A job of existing series: [seriesId, second, value] per row. */
function job(rows: [number, number, number][]): WriteJob {
  return {
    workspaceId: 'w',
    seriesIds: rows.map(([s]) => s),
    ms: rows.map(([, second]) => second * 1000),
    ns: rows.map(() => 0),
    points: rows.map(
      ([, second, v]) => `{"time":"${new Date(second * 1000).toISOString()}","value":{"integerValue":${v}}}`,
    ),
    newSeries: [],
  };
}

/** What a seq index answered: every stored row of the series with a higher seq, by seq. */
function expected(afterSeq: number, seriesIds: number[]): ReplayRow[] {
  return db
    .prepare(
      `SELECT seq, series_id, point FROM property_values
       WHERE seq > ? AND series_id IN (${seriesIds.map(() => '?').join(',')}) ORDER BY seq`,
    )
    .raw(true)
    .all(afterSeq, ...seriesIds) as ReplayRow[];
}

/** A small deterministic generator, so a failure replays the same writes. */
function randomFrom(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

const maxSeq = () => db.prepare('SELECT max(seq) FROM property_values').pluck().get() as number;

test('a replay from any seq returns exactly the later rows, across transactions with backfills and same-time overwrites', () => {
  // few distinct times: most writes overwrite a stored time (new seq) or go back in time
  const write = createBatchWriter(db);
  const random = randomFrom(7);
  let value = 0;
  for (let t = 0; t < 300; t++) {
    const jobs = Array.from({ length: 1 + random(3) }, () =>
      job(
        Array.from({ length: 1 + random(12) }, () => [1 + random(4), random(40), value++] as [number, number, number]),
      ),
    );
    expect(write(jobs).every((r) => r.error === undefined)).toBe(true);
  }
  for (let after = 0; after <= maxSeq(); after++) {
    for (const ids of [[1], [2, 3], [1, 2, 3, 4]])
      expect([...replayAfter(db, after, ids)]).toEqual(expected(after, ids));
  }
});

test('a replay misses nothing once old commit rows are collapsed, from before, inside or after the collapsed range', () => {
  const write = createBatchWriter(db, { kept: 5, collapseEvery: 3 });
  const random = randomFrom(11);
  let value = 0;
  for (let t = 0; t < 200; t++) {
    // time mostly moves forward, with a backfill now and then
    const second = random(5) === 0 ? random(20) : 20 + t;
    const [result] = write([
      job([
        [1 + random(4), second, value++],
        [1 + random(4), second + random(3), value++],
      ]),
    ]);
    expect(result!.error).toBeUndefined();
  }
  const commitRows = db.prepare('SELECT count(*) FROM value_commits').pluck().get() as number;
  expect(commitRows).toBeLessThanOrEqual(5 + 3 + 1);
  for (let after = 0; after <= maxSeq(); after++) {
    for (const ids of [[1], [1, 2, 3, 4]]) expect([...replayAfter(db, after, ids)]).toEqual(expected(after, ids));
  }
});

test('an overwrite at the same time replays with its new seq, and the value it replaced does not', () => {
  const write = createBatchWriter(db);
  write([
    job([
      [1, 10, 1],
      [1, 11, 2],
    ]),
  ]);
  const after = maxSeq();
  const [overwrite] = write([job([[1, 10, 3]])]);
  expect([...replayAfter(db, after, [1])]).toEqual([
    [overwrite!.seqs![0], 1, expect.stringContaining('"integerValue":3')],
  ]);
});

test('a Last-Event-ID at or past the newest seq replays nothing', () => {
  const write = createBatchWriter(db);
  write([job([[1, 10, 1]])]);
  expect([...replayAfter(db, maxSeq(), [1])]).toEqual([]);
  expect([...replayAfter(db, maxSeq() + 100, [1])]).toEqual([]);
});
