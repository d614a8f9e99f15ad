import { queryInvalid, TwinMakerError } from '../errors';

/** A query the language does not accept, with the 0-based offset of the offending text. */
export class QueryError extends Error {
  constructor(
    readonly pos: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const queryError = (pos: number, detail: string) => new QueryError(pos, detail);

/** The ValidationException TwinMaker answers, naming line, column and offset of the error. */
export function toValidationError(error: QueryError, queryText: string): TwinMakerError {
  const before = queryText.slice(0, error.pos);
  const line = before.split('\n').length;
  const column = error.pos - before.lastIndexOf('\n');
  return queryInvalid(
    `Invalid queryStatement at position ${error.pos} (line ${line}, column ${column}): ${error.detail}`,
  );
}
