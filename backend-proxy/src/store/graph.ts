import type { QueryPlan } from '../graph-query/planner';

/** Rows of bytes in one buffer, comma-separated; `ends[i]` is the offset just past row i. */
export interface PackedRows {
  bytes: Uint8Array;
  ends: number[];
}

export interface GraphPage {
  /** each row as the UTF-8 JSON text of `{"rowData": [...]}` (see graph-query/row-documents.ts) */
  rows: PackedRows;
  nextToken?: string;
}

export interface GraphPageRequest {
  maxResults: number;
  nextToken?: string;
  /** what the nextToken is bound to (workspace + query text) */
  scope: string;
  timeoutMs: number;
}

/**
 * Runs knowledge-graph query plans against the store's tables, one page at a time, with rows
 * rendered as TwinMaker's JSON documents. A query that runs past its deadline fails with
 * QueryTimeoutException without holding up other requests.
 */
export interface GraphStore {
  execute(plan: QueryPlan, page: GraphPageRequest): Promise<GraphPage>;
  close(): Promise<void>;
}
