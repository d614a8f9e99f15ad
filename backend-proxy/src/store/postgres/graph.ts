import type { CheckedQuery } from '../../graph-query/check';
import { GraphPage, GraphPageRequest, GraphStore } from '../graph';
import { graphPage } from '../graph-sql/graph-page';
import { PgDb } from './database';
import { pgDialect } from './graph-query/pg-dialect';
import { readPgPage } from './graph-query/pg-page-reader';

/** Knowledge-graph queries over the PostgreSQL tables: planned in PostgreSQL's dialect, read on the pool. */
export class PgGraphStore implements GraphStore {
  constructor(private readonly db: PgDb) {}

  execute(workspaceId: string, query: CheckedQuery, page: GraphPageRequest): Promise<GraphPage> {
    return graphPage(pgDialect, workspaceId, query, page, (job, timeoutMs) => readPgPage(this.db, job, timeoutMs));
  }

  async close(): Promise<void> {}
}
