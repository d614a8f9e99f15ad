import { checkQuery, asValidationError } from '../graph-query/check';
import { limitsFromEnv, QueryLimits } from '../graph-query/limits';
import { scopeOf } from '../pagination';
import type { GraphColumn, PackedRows } from '../store/graph';
import type { Store } from '../store/store';

export interface ExecuteQueryInput {
  workspaceId: string;
  queryStatement: string;
  maxResults?: number;
  nextToken?: string;
}

export const DEFAULT_MAX_RESULTS = 50;

/**
 * ExecuteQuery: one page of a knowledge-graph query's rows over a workspace, as the UTF-8 JSON
 * of the response body (columnDescriptions, rows of rowData, nextToken). The query is checked
 * here, the store plans and runs it and hands back its rows already as JSON bytes, which are
 * joined into the envelope, never parsed and serialized again; the nextToken (a position in
 * the result, bound to the workspace and query text) is signed here too.
 */
export async function executeQuery(
  store: Pick<Store, 'graph' | 'tokens'>,
  input: ExecuteQueryInput,
  limits: QueryLimits = limitsFromEnv(),
): Promise<Buffer> {
  const query = checkQuery(input.queryStatement, limits);
  const scope = scopeOf('ExecuteQuery', { workspaceId: input.workspaceId, queryStatement: input.queryStatement });
  const position = store.tokens.decode<number>(scope, input.nextToken) ?? 0;
  const page = await store.graph
    .execute(input.workspaceId, query, {
      position,
      maxResults: input.maxResults || DEFAULT_MAX_RESULTS,
      timeoutMs: limits.timeoutMs,
    })
    .catch((e: unknown) => {
      throw asValidationError(e, query.text);
    });
  const nextToken = page.more ? store.tokens.encode(scope, position + page.rows.ends.length) : undefined;
  return responseBody(page.columns, page.rows, nextToken);
}

/** The ExecuteQuery response body as UTF-8 JSON, around the packed rows of a page. */
export function responseBody(columns: GraphColumn[], rows: PackedRows, nextToken?: string): Buffer {
  const descriptions = JSON.stringify(columns.map(({ name, type }) => ({ name, type })));
  const head = Buffer.from(`{"columnDescriptions":${descriptions},"rows":[`);
  const tail = Buffer.from(nextToken === undefined ? ']}' : `],"nextToken":${JSON.stringify(nextToken)}}`);
  return Buffer.concat([head, rows.bytes, tail]);
}
