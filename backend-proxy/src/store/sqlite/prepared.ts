import type { Statement } from 'better-sqlite3';
import { Db } from './database';

const byConnection = new WeakMap<Db, Map<string, Statement>>();

/**
 * The connection's statement for `sql`, prepared on first use and kept: preparing costs more than
 * running the small statements of a write (CreateEntity prepared a dozen per call, a sixth of its
 * time). A caller that switches a statement's mode (pluck, raw) sets it on every use.
 */
export function prepared(db: Db, sql: string): Statement {
  let statements = byConnection.get(db);
  if (statements === undefined) byConnection.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (statement === undefined) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
