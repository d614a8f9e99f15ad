import type { CheckedQuery } from '../../graph-query/check';
import type { GraphPage, GraphPageRequest, PackedRows } from '../graph';
import type { GraphSqlDialect } from './dialect';
import { firstRows } from './page-rows';
import { planQuery } from './planner';
import { documentsStatement, pageCells, PageCell, rowsStatement } from './row-documents';

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
  cells: PageCell[];
  documents: DocumentsQuery;
}

/** Reads a page's rows and documents, packed (page-rows.ts), or fails with QueryTimeoutException after `timeoutMs`. */
export type PageRead = (job: PageJob, timeoutMs: number) => Promise<PackedRows>;

const documentStatements = new WeakMap<GraphSqlDialect, string>();

/**
 * One page of a checked query in `dialect`, read by `read`: the plan's rows from the page's
 * position, one more than asked to tell whether another page follows.
 */
export async function graphPage(
  dialect: GraphSqlDialect,
  workspaceId: string,
  query: CheckedQuery,
  page: GraphPageRequest,
  read: PageRead,
): Promise<GraphPage> {
  const plan = planQuery(query.ast, workspaceId, query.limits, dialect);
  const columns = plan.columns.map(({ name, type }) => ({ name, type }));
  const remaining = plan.limit === undefined ? Infinity : plan.limit - page.position;
  if (remaining <= 0) return { columns, rows: { bytes: new Uint8Array(0), ends: [] }, more: false };
  const count = Math.min(page.maxResults, remaining);
  const params = { ...plan.params, page_limit: count + 1, page_offset: plan.offset + page.position };
  let documents = documentStatements.get(dialect);
  if (!documents) documentStatements.set(dialect, (documents = documentsStatement(dialect)));
  const job = {
    sql: rowsStatement(plan, dialect),
    params,
    cells: pageCells(plan),
    documents: { sql: documents, params: { workspace: workspaceId } },
  };
  const rows = await read(job, page.timeoutMs);
  return { columns, rows: firstRows(rows, count), more: rows.ends.length > count && remaining > count };
}
