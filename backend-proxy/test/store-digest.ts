import type { Database } from 'better-sqlite3';
import crypto from 'node:crypto';
import type { PgDb } from '../src/store/postgres/database';

const cell = (_k: string, v: unknown) =>
  typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('hex') : v;

/**
 * A hash of every row of every table: equal digests = the store did not change. Takes the
 * store's `db` as the running service holds it: SQLite's connection or PostgreSQL's PgDb.
 */
export async function storeDigest(db: Database | PgDb): Promise<string> {
  const hash = crypto.createHash('sha256');
  if ('pool' in db) {
    const tables = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
       AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
    );
    for (const { name } of tables) {
      hash.update(`#${name}\n`);
      const result = await db.pool.query({ text: `SELECT * FROM "${name}" ORDER BY 1`, rowMode: 'array' });
      for (const row of result.rows) hash.update(JSON.stringify(row, cell) + '\n');
    }
    return hash.digest('hex');
  }
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    hash.update(`#${table}\n`);
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).raw().iterate()) {
      hash.update(JSON.stringify(row, cell));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
