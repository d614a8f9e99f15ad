import type { CheckedQuery } from '../../graph-query/check';
import { GraphPage, GraphPageRequest, GraphStore } from '../graph';
import { Db } from './database';
import { firstRows } from './graph-query/page-rows';
import { planQuery } from './graph-query/planner';
import { DOCUMENTS_STATEMENT, pageCells, rowsStatement } from './graph-query/row-documents';
import { GraphQueryRunner } from './graph-query/query-runner';

/** Knowledge-graph queries over the SQLite tables: planned to SQL here, run in the runner's workers. */
export class SqliteGraphStore implements GraphStore {
  readonly runner: GraphQueryRunner;

  constructor(db: Db) {
    this.runner = new GraphQueryRunner(db);
  }

  async execute(workspaceId: string, query: CheckedQuery, page: GraphPageRequest): Promise<GraphPage> {
    const plan = planQuery(query.ast, workspaceId, query.limits);
    const columns = plan.columns.map(({ name, type }) => ({ name, type }));
    const remaining = plan.limit === undefined ? Infinity : plan.limit - page.position;
    if (remaining <= 0) return { columns, rows: { bytes: new Uint8Array(0), ends: [] }, more: false };
    const count = Math.min(page.maxResults, remaining);
    // one row more than the page tells whether another page follows
    const params = { ...plan.params, page_limit: count + 1, page_offset: plan.offset + page.position };
    const documents = { sql: DOCUMENTS_STATEMENT, params: { workspace: workspaceId } };
    const rows = await this.runner.run(rowsStatement(plan), params, pageCells(plan), documents, page.timeoutMs);
    return { columns, rows: firstRows(rows, count), more: rows.ends.length > count && remaining > count };
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
