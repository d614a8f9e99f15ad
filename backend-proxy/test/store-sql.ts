import type { Database } from 'better-sqlite3';
import type { PgDb } from '../src/store/postgres/database';

/**
 * A read-only SQL look into the running service's store, for the few tests that check what is
 * stored (SQL both stores accept). `db` is the store's own: SQLite's connection or PostgreSQL's PgDb.
 */
export async function sqlRows(db: Database | PgDb, sql: string): Promise<Record<string, unknown>[]> {
  if ('pool' in db) return db.query(sql);
  return db.prepare(sql).all() as Record<string, unknown>[];
}

/** The first column of the first row (a count, usually), as a number when it is one. */
export async function sqlValue(db: Database | PgDb, sql: string): Promise<unknown> {
  const [first] = await sqlRows(db, sql);
  return first === undefined ? undefined : Object.values(first)[0];
}
