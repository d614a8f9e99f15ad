import type { CheckedQuery } from '../graph-query/check';

/** Rows of bytes in one buffer, comma-separated; `ends[i]` is the offset just past row i. */
export interface PackedRows {
  bytes: Uint8Array;
  ends: number[];
}

/** A result column as ExecuteQuery describes it. */
export interface GraphColumn {
  name: string;
  type: 'NODE' | 'EDGE' | 'VALUE' | 'PATH';
}

export interface GraphPage {
  columns: GraphColumn[];
  /** each row as the UTF-8 JSON text of `{"rowData": [...]}`, TwinMaker's row documents */
  rows: PackedRows;
  /** whether rows follow this page (the next page starts at `position + rows.ends.length`) */
  more: boolean;
}

export interface GraphPageRequest {
  /** how many result rows earlier pages returned (after the query's own OFFSET) */
  position: number;
  maxResults: number;
  timeoutMs: number;
}

/**
 * Runs checked knowledge-graph queries against the store, one page at a time, with rows
 * rendered as TwinMaker's JSON documents. A query that runs past its deadline fails with
 * QueryTimeoutException without holding up other requests. A query the language accepts but
 * whose names do not fit together (an unknown variable, a field a node lacks) throws a
 * QueryError with its position (graph-query/errors.ts).
 */
export interface GraphStore {
  execute(workspaceId: string, query: CheckedQuery, page: GraphPageRequest): Promise<GraphPage>;
  close(): Promise<void>;
}
