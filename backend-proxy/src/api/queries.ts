// Wire schemas (TypeBox) of ExecuteQuery: the request and response shapes on the wire, which
// validate requests, type the route handlers and feed /openapi.json.
import { Static, Type } from '@sinclair/typebox';
import { Id, NextToken } from './common';

/**
 * ExecuteQuery's wire contract. The statement's length limit (1,000 in TwinMaker) is
 * configurable (DOPPEL_QUERY_MAX_QUERY_LENGTH), so it is checked by the query engine, which
 * also names the limit in its ValidationException.
 */
export const ExecuteQueryBody = Type.Object({
  workspaceId: Id,
  queryStatement: Type.String({ minLength: 1 }),
  maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  nextToken: Type.Optional(NextToken),
});
export type ExecuteQueryBody = Static<typeof ExecuteQueryBody>;

/** NODE/EDGE/VALUE as modelled, PATH as the AWS guide documents for `SELECT p … MATCH p = …`. */
export const ColumnType = Type.Union([
  Type.Literal('NODE'),
  Type.Literal('EDGE'),
  Type.Literal('VALUE'),
  Type.Literal('PATH'),
]);

export const ExecuteQueryResponse = Type.Object({
  columnDescriptions: Type.Array(Type.Object({ name: Type.String(), type: ColumnType })),
  // each cell is a JSON document (node, edge, path or plain value), passed through as is
  rows: Type.Array(Type.Object({ rowData: Type.Array(Type.Unknown()) })),
  nextToken: Type.Optional(Type.String()),
});
