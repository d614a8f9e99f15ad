import type { CheckedQuery } from '../../graph-query/check';
import { GraphPage, GraphPageRequest, GraphStore } from '../graph';
import { graphPage } from '../graph-sql/graph-page';
import { Db } from './database';
import { GraphQueryRunner } from './graph-query/query-runner';
import { sqliteDialect } from './graph-query/sqlite-dialect';

/** Knowledge-graph queries over the SQLite tables: planned to SQL here, run in the runner's workers. */
export class SqliteGraphStore implements GraphStore {
  readonly runner: GraphQueryRunner;

  constructor(db: Db) {
    this.runner = new GraphQueryRunner(db);
  }

  execute(workspaceId: string, query: CheckedQuery, page: GraphPageRequest): Promise<GraphPage> {
    return graphPage(sqliteDialect, workspaceId, query, page, (job, timeoutMs) =>
      this.runner.run(job.sql, job.params, job.cells, job.documents, timeoutMs),
    );
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
