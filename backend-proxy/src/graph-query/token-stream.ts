import { queryError } from './errors';
import { Token } from './lexer';

/** Words that cannot name a variable, a column alias or an unnested item. */
export const RESERVED = new Set([
  'select',
  'from',
  'match',
  'where',
  'limit',
  'offset',
  'and',
  'or',
  'not',
  'in',
  'like',
  'is',
  'as',
  'distinct',
  'escape',
  'missing',
  'null',
  'true',
  'false',
]);

const describe = (t: Token) =>
  t.kind === 'eof' ? 'the end of the query' : t.kind === 'string' ? `'${t.text}'` : `'${t.text}'`;

/**
 * The parser's cursor over the tokens of a statement: lookahead, accepting and expecting
 * keywords and punctuation, and errors that name the position and what was expected there.
 */
export class TokenStream {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  get token(): Token {
    return this.tokens[this.i]!;
  }
  peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.token;
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  isKeyword(word: string, t: Token = this.token) {
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }
  isPunct(p: string, t: Token = this.token) {
    return t.kind === 'punct' && t.text === p;
  }
  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i++;
    return true;
  }
  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.i++;
    return true;
  }
  fail(expected: string, t: Token = this.token): never {
    throw queryError(t.pos, `expected ${expected} but found ${describe(t)}`);
  }
  expectKeyword(word: string, hint = '') {
    if (!this.acceptKeyword(word)) this.fail(`${word.toUpperCase()}${hint}`);
  }
  expectPunct(p: string, what = `'${p}'`) {
    if (!this.acceptPunct(p)) this.fail(what);
  }
  /** A variable or alias: a quoted identifier, or a word that is not reserved. */
  name(what: string): string {
    const t = this.token;
    if (t.kind === 'quotedIdent') return this.next().text;
    if (t.kind === 'ident' && !RESERVED.has(t.text.toLowerCase())) return this.next().text;
    this.fail(what);
  }
  integer(what: string): { value: number; pos: number } {
    const t = this.token;
    if (t.kind !== 'number' || !Number.isSafeInteger(t.value) || (t.value as number) < 0 || /[.eE]/.test(t.text)) {
      this.fail(what);
    }
    this.next();
    return { value: t.value as number, pos: t.pos };
  }
}
