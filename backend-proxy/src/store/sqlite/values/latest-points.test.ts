import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db, openDatabase } from '../database';
import { LatestPoints } from './latest-points';
import { SeriesReader } from './series-reader';

let dir: string;
let db: Db;
/** a second connection, as the value writer's */
let writer: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-latest-points-'));
  db = openDatabase(path.join(dir, 'doppel.db'));
  db.prepare("INSERT INTO workspaces VALUES ('w', 'arn', NULL, NULL, NULL, 0, 0)").run();
  for (const id of [1, 2])
    db.prepare(
      "INSERT INTO value_series (series_id, workspace_id, entity_id, component_name, property_name) VALUES (?, 'w', 'e', 'c', ?)",
    ).run(id, `p${id}`);
  writer = openDatabase(path.join(dir, 'doppel.db'));
});

afterEach(() => {
  writer.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
const store = (seriesId: number, second: number) =>
  writer
    .prepare('INSERT INTO property_values (series_id, time, point, seq) VALUES (?, ?, ?, ?)')
    .run(seriesId, BigInt(second * 1000) * 1_000_000n, `{"s":${second}}`, ++seq);

const pointOf = (latest: LatestPoints, seriesId: number) => latest.latest(seriesId)?.[2];

test("a series' latest point is kept until that series is forgotten, other series' stay", () => {
  const latest = new LatestPoints(db, new SeriesReader(db));
  store(1, 1);
  store(2, 1);
  expect(pointOf(latest, 1)).toBe('{"s":1}');
  expect(pointOf(latest, 2)).toBe('{"s":1}');
  store(1, 2);
  store(2, 2);
  // committed by the other connection but not yet reported: the kept point
  expect(pointOf(latest, 1)).toBe('{"s":1}');
  latest.forget([1]);
  expect(pointOf(latest, 1)).toBe('{"s":2}');
  expect(pointOf(latest, 2)).toBe('{"s":1}');
  latest.forgetAll();
  expect(pointOf(latest, 2)).toBe('{"s":2}');
});

test('a series without points is read again each time, and a write on the own connection drops every kept point', () => {
  const latest = new LatestPoints(db, new SeriesReader(db));
  expect(latest.latest(1)).toBeUndefined();
  store(1, 5);
  expect(pointOf(latest, 1)).toBe('{"s":5}');
  // an entity deleted through the main connection takes its series' values
  db.prepare('DELETE FROM property_values WHERE series_id = 1').run();
  expect(latest.latest(1)).toBeUndefined();
});
