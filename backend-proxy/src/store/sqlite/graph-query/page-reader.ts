import type { Database, Statement } from 'better-sqlite3';
import type { PackedRows } from '../../graph';
import { LruCache } from '../lru-cache';
import { assembleRows, documentKeys } from './page-rows';

export type Params = Record<string, string | number | null>;

/** The statement that renders the documents a page's rows name, and its params besides the keys. */
export interface DocumentsQuery {
  sql: string;
  params: Params;
}

/** One page to read: the rows statement, what each of its columns holds, and the documents statement. */
export interface PageJob {
  sql: string;
  params: Params;
  cells: number[];
  documents: DocumentsQuery;
}

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
