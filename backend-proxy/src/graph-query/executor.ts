import { queryTooLong } from '../errors';
import { scopeOf } from '../pagination';
import { GraphStore } from '../store/graph';
import { Query } from './ast';
import { QueryError, toValidationError } from './errors';
import { checkLimits, limitsFromEnv, QueryLimits } from './limits';
import { parseQuery } from './parser';
import { planQuery, QueryPlan } from './planner';
import { responseBody } from './row-documents';

export interface ExecuteQueryInput {
  workspaceId: string;
  queryStatement: string;
  maxResults?: number;
  nextToken?: string;
}

export const DEFAULT_MAX_RESULTS = 50;

/** Parses, checks and plans a query statement; a query outside the language is a ValidationException with its position. */
export function compileQuery(
  workspaceId: string,
  queryStatement: string,
  limits: QueryLimits,
): { query: Query; plan: QueryPlan } {
  if (queryStatement.length > limits.maxQueryLength) {
    throw queryTooLong(queryStatement.length, limits.maxQueryLength);
  }
  try {
    const query = parseQuery(queryStatement);
    checkLimits(query, limits);
    return { query, plan: planQuery(query, workspaceId, limits) };
  } catch (e) {
    if (e instanceof QueryError) throw toValidationError(e, queryStatement);
    throw e;
  }
}

/**
 * ExecuteQuery: one page of a knowledge-graph query's rows over a workspace, as the UTF-8 JSON
 * of the response body (columnDescriptions, rows of rowData, nextToken). The rows arrive from
 * the store already as JSON bytes, so they are joined, never parsed and serialized again.
 */
export async function executeQuery(
  graph: GraphStore,
  input: ExecuteQueryInput,
  limits: QueryLimits = limitsFromEnv(),
): Promise<Buffer> {
  const { plan } = compileQuery(input.workspaceId, input.queryStatement, limits);
  const maxResults = input.maxResults || DEFAULT_MAX_RESULTS;
  const page = await graph.execute(plan, {
    maxResults,
    nextToken: input.nextToken,
    scope: scopeOf('ExecuteQuery', { workspaceId: input.workspaceId, queryStatement: input.queryStatement }),
    timeoutMs: limits.timeoutMs,
  });
  return responseBody(plan, page.rows, page.nextToken);
}
