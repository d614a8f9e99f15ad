import { Projection } from './ast';
import { parseExpression } from './parse-expressions';
import { RESERVED, TokenStream } from './token-stream';

/** SELECT's list: expressions, each with an optional alias (`AS name` or just `name`). */
export function parseProjections(ts: TokenStream): Projection[] {
  const list: Projection[] = [];
  do {
    const pos = ts.token.pos;
    const expr = parseExpression(ts);
    let alias: string | undefined;
    if (ts.acceptKeyword('as')) alias = ts.name('a column name after AS');
    else if (
      ts.token.kind === 'quotedIdent' ||
      (ts.token.kind === 'ident' && !RESERVED.has(ts.token.text.toLowerCase()))
    ) {
      alias = ts.next().text;
    }
    list.push({ expr, alias, pos });
  } while (ts.acceptPunct(','));
  return list;
}
