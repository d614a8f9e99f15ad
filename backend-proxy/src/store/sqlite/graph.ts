import { DOCUMENTS_STATEMENT, documentsWorkspace, pageCells, rowsStatement } from '../../graph-query/row-documents';
import type { QueryPlan } from '../../graph-query/planner';
import { StoreContext } from '../context';
import { GraphPage, GraphPageRequest, GraphStore } from '../graph';
import { Db } from './database';
import { GraphQueryRunner } from './graph-runner';
import { firstRows } from './page-rows';

/** Knowledge-graph queries over the SQLite tables (the page statements run in the runner). */
export class SqliteGraphStore implements GraphStore {
  readonly runner: GraphQueryRunner;

  constructor(
    db: Db,
    private readonly ctx: StoreContext,
  ) {
    this.runner = new GraphQueryRunner(db);
  }

  async execute(plan: QueryPlan, page: GraphPageRequest): Promise<GraphPage> {
    const position = this.ctx.tokens.decode<number>(page.scope, page.nextToken) ?? 0;
    const remaining = plan.limit === undefined ? Infinity : plan.limit - position;
    if (remaining <= 0) return { rows: { bytes: new Uint8Array(0), ends: [] } };
    const count = Math.min(page.maxResults, remaining);
    // one row more than the page tells whether another page follows
    const params = { ...plan.params, page_limit: count + 1, page_offset: plan.offset + position };
    const documents = { sql: DOCUMENTS_STATEMENT, params: { workspace: documentsWorkspace(plan) } };
    const rows = await this.runner.run(rowsStatement(plan), params, pageCells(plan), documents, page.timeoutMs);
    const more = rows.ends.length > count && remaining > count;
    return {
      rows: firstRows(rows, count),
      ...(more && { nextToken: this.ctx.tokens.encode(page.scope, position + count) }),
    };
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
