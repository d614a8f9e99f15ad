import { queryTooLong, TwinMakerError } from '../errors';
import { Query } from './ast';
import { QueryError, toValidationError } from './errors';
import { checkLimits, QueryLimits } from './limits';
import { parseQuery } from './parser';

/**
 * A query statement the language accepts, within the query limits: its syntax tree and the
 * text it came from (so a back end's semantic error can still name line and column).
 * This is what a graph store executes; the store turns it into its own language (SQL).
 */
export interface CheckedQuery {
  readonly text: string;
  readonly ast: Query;
  readonly limits: QueryLimits;
}

/** Parses a statement and checks it against the limits; anything else is a ValidationException naming the position. */
export function checkQuery(queryStatement: string, limits: QueryLimits): CheckedQuery {
  if (queryStatement.length > limits.maxQueryLength) throw queryTooLong(queryStatement.length, limits.maxQueryLength);
  try {
    const ast = parseQuery(queryStatement);
    checkLimits(ast, limits);
    return { text: queryStatement, ast, limits };
  } catch (e) {
    throw asValidationError(e, queryStatement);
  }
}

/**
 * A QueryError (parser, limits, or a back end's planner: an unknown variable, a field a node
 * does not have …) as the ValidationException TwinMaker answers; any other error unchanged.
 */
export function asValidationError(e: unknown, queryText: string): unknown {
  return e instanceof QueryError ? (toValidationError(e, queryText) satisfies TwinMakerError) : e;
}
