import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db, openDatabase } from './database';
import { UntilNextWrite } from './until-next-write';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-until-next-write-'));
  db = openDatabase(path.join(dir, 'doppel.db'));
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL); CREATE TABLE other (x INTEGER)');
  db.prepare("INSERT INTO t VALUES ('a', 'one')").run();
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The cache over `SELECT v FROM t WHERE k = ?`, counting the loads that reached the table. */
function cachedReads() {
  const cache = new UntilNextWrite<string, { v: string }>(db, 10);
  const select = db.prepare('SELECT v FROM t WHERE k = ?');
  let loads = 0;
  const read = (k: string) =>
    cache.get(k, (key) => {
      loads++;
      return select.get(key) as { v: string } | undefined;
    });
  return { read, loads: () => loads };
}

test('an answer is read once while the connection writes nothing', () => {
  const { read, loads } = cachedReads();
  expect(read('a')).toEqual({ v: 'one' });
  expect(read('a')).toEqual({ v: 'one' });
  expect(loads()).toBe(1);
});

test('any write on the connection drops kept answers, even to another table', () => {
  const { read, loads } = cachedReads();
  read('a');
  db.prepare("UPDATE t SET v = 'two' WHERE k = 'a'").run();
  expect(read('a')).toEqual({ v: 'two' });
  db.prepare('INSERT INTO other VALUES (1)').run();
  read('a');
  expect(loads()).toBe(3);
});

test('a write that rolled back drops kept answers too, and nothing is kept inside a transaction', () => {
  const { read, loads } = cachedReads();
  read('a');
  expect(() =>
    db.transaction(() => {
      db.prepare("UPDATE t SET v = 'uncommitted' WHERE k = 'a'").run();
      expect(read('a')).toEqual({ v: 'uncommitted' });
      throw new Error('roll back');
    })(),
  ).toThrow('roll back');
  expect(read('a')).toEqual({ v: 'one' });
  expect(loads()).toBe(3);
});

test('misses are not kept, and kept answers are frozen for their many callers', () => {
  const { read, loads } = cachedReads();
  expect(read('b')).toBeUndefined();
  db.prepare("INSERT INTO t VALUES ('b', 'new')").run();
  expect(read('b')).toEqual({ v: 'new' });
  expect(read('b')).toEqual({ v: 'new' });
  expect(loads()).toBe(2);
  expect(Object.isFrozen(read('b'))).toBe(true);
});
