import { Projection, Query } from './ast';
import { tokenize } from './lexer';
import { parseExpression } from './parse-expressions';
import { parseMatchItems } from './parse-patterns';
import { parseProjections } from './parse-projections';
import { TokenStream } from './token-stream';

/**
 * The query language's grammar, one module per part: this file the clauses
 * (`SELECT … FROM EntityGraph MATCH … WHERE … LIMIT … OFFSET …`), parse-patterns.ts MATCH's
 * graph patterns and unnestings, parse-expressions.ts conditions and values,
 * parse-projections.ts the SELECT list; token-stream.ts is the cursor they share.
 */

/** Parses a query statement into its syntax tree; any error is a QueryError with a position. */
export function parseQuery(text: string): Query {
  return parseClauses(new TokenStream(tokenize(text)));
}

function parseClauses(ts: TokenStream): Query {
  let distinct = false;
  let projections: Projection[] = [];
  if (ts.acceptKeyword('select')) {
    distinct = ts.acceptKeyword('distinct');
    if (!ts.isKeyword('from')) projections = parseProjections(ts);
  } else if (!ts.isKeyword('from')) {
    ts.fail('SELECT');
  }
  ts.expectKeyword('from', ' EntityGraph after the projection');
  const graph = ts.token;
  if (!(graph.kind === 'ident' || graph.kind === 'quotedIdent') || graph.text.toLowerCase() !== 'entitygraph') {
    ts.fail('EntityGraph (the only graph of a workspace)');
  }
  ts.next();
  ts.expectKeyword('match', ' and a graph pattern after FROM EntityGraph');
  const { patterns, unnests } = parseMatchItems(ts);
  const query: Query = { distinct, projections, patterns, unnests };
  if (ts.acceptKeyword('where')) query.where = parseExpression(ts);
  for (let clauses = 0; clauses < 2; clauses++) {
    if (!query.limit && ts.acceptKeyword('limit')) query.limit = ts.integer('a whole number after LIMIT');
    else if (!query.offset && ts.acceptKeyword('offset')) query.offset = ts.integer('a whole number after OFFSET');
  }
  ts.acceptPunct(';');
  if (ts.token.kind !== 'eof') {
    ts.fail(
      query.where ? 'AND, OR, LIMIT, OFFSET or the end of the query' : 'WHERE, LIMIT, OFFSET or the end of the query',
    );
  }
  return query;
}
