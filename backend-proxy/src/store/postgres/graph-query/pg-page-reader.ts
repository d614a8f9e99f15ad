import { queryTimeout } from '../../../errors';
import type { PackedRows } from '../../graph';
import type { PageJob } from '../../graph-sql/graph-page';
import { assembleRows, documentKeys } from '../../graph-sql/page-rows';
import { PgDb } from '../database';
import { bindNamed } from './named-params';

/** PostgreSQL's error code for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

const utf8 = new TextEncoder();

/** Document cells arrive as text; page-rows packs bytes. */
const toBytes = (rows: unknown[][], from: number) => {
  for (const row of rows) {
    for (let c = from; c < row.length; c++) if (typeof row[c] === 'string') row[c] = utf8.encode(row[c] as string);
  }
  return rows;
};

/**
 * Reads a page on one pooled connection, in one read-only transaction on one snapshot
 * (REPEATABLE READ: the documents are those of the graph the rows were found in, even when a
 * write commits in between), under statement_timeout set to what is left of `timeoutMs`;
 * PostgreSQL cancels a statement past it (→ QueryTimeoutException). Time spent waiting for a
 * connection counts too.
 */
export async function readPgPage(db: PgDb, job: PageJob, timeoutMs: number): Promise<PackedRows> {
  const deadline = Date.now() + timeoutMs;
  const remaining = () => {
    const left = Math.ceil(deadline - Date.now());
    if (left <= 0) throw queryTimeout(timeoutMs);
    return left;
  };
  const client = await db.pool.connect();
  try {
    // no JIT: it compiles only for plans costed past jit_above_cost, which here are the
    // whole-graph matches, and there it cost more than it saved (see README, Scale out)
    await client.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL jit = off; SET LOCAL statement_timeout = ${remaining()}`,
    );
    const rows = bindNamed(job.sql, job.params);
    const found = toBytes((await client.query({ ...rows, rowMode: 'array' })).rows as unknown[][], 0);
    // key cells are integers, never strings: only the document cells became bytes
    const keys = documentKeys(found, job.cells);
    let named: unknown[][] = [];
    if (keys) {
      // the documents of a page's keys, by primary key: under the rows' statement_timeout (what
      // was left then), as a round trip to narrow it again would cost more than it could save
      remaining();
      const documents = bindNamed(job.documents.sql, { ...job.documents.params, ...keys });
      named = toBytes((await client.query({ ...documents, rowMode: 'array' })).rows as unknown[][], 2);
    }
    await client.query('COMMIT');
    return assembleRows(found, job.cells, named);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((e as { code?: string }).code === QUERY_CANCELED) throw queryTimeout(timeoutMs);
    throw e;
  } finally {
    client.release();
  }
}
