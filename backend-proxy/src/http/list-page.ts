import { PageTokens } from '../pagination';
import type { Page } from '../store/workspaces';

/**
 * One page of a List* operation as the wire has it: the request's nextToken checked and
 * turned back into the store's cursor, the store's page read from it, and the cursor of the
 * page after signed into the response's nextToken. `scope` binds a token to its operation and
 * parameters, so a token replayed against another list is refused.
 */
export async function listPage<T, C>(
  tokens: PageTokens,
  scope: string,
  nextToken: string | undefined,
  read: (after: C | undefined) => Promise<Page<T, C>>,
): Promise<{ items: T[]; nextToken?: string }> {
  const page = await read(tokens.decode<C>(scope, nextToken));
  return { items: page.items, ...(page.next !== undefined && { nextToken: tokens.encode(scope, page.next) }) };
}
