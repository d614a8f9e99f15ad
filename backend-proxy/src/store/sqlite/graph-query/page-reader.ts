import type { Database, Statement } from 'better-sqlite3';
import type { PackedRows } from '../../graph';
import type { PageJob } from '../../graph-sql/graph-page';
import { LruCache } from '../lru-cache';
import { assembleRows, documentKeys } from '../../graph-sql/page-rows';

/** Prepared statements kept per connection, by SQL text: a plan's text repeats across its pages and literals (they are parameters). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * A page reader on one connection: the rows of `sql`, then the documents their NODE and EDGE
 * cells name, put together and packed (page-rows.ts). The same code runs in the query
 * workers and inline (in-memory databases, which workers cannot share).
 */
export function createPageReader(db: Database): (job: PageJob) => PackedRows {
  const statements = new LruCache<string, Statement>(STATEMENT_CACHE_SIZE);
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare(sql).raw(true)));
    return stmt;
  };
  return ({ sql, params, cells, documents }) => {
    const found = prepared(sql).all(params) as unknown[][];
    const keys = documentKeys(found, cells);
    const named = keys ? (prepared(documents.sql).all({ ...documents.params, ...keys }) as unknown[][]) : [];
    return assembleRows(found, cells, named);
  };
}
