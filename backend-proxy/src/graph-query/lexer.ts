import { queryError } from './errors';

/**
 * Tokens of the query language. Keywords are plain identifiers here; the parser matches them
 * case-insensitively, so `select`, `Select` and `SELECT` all work as TwinMaker accepts.
 */
export type TokenKind = 'ident' | 'quotedIdent' | 'string' | 'number' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** the source text of the token (for identifiers, strings and numbers: the decoded value as text) */
  text: string;
  /** decoded value of strings and numbers */
  value?: string | number;
  pos: number;
}

// longest first, so `<-` wins over `<` and `->` over `-`
const PUNCTUATION = [
  '<->',
  '<=',
  '>=',
  '<>',
  '!=',
  '->',
  '<-',
  '=>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
  '-',
  '<',
  '>',
  '=',
  '*',
  '+',
  '|',
  ';',
];

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_$]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/** Splits `text` into tokens, ending with an `eof` token; a stray character is a ValidationException. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i]!)) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), pos: start });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      while (i < text.length && isDigit(text[i]!)) i++;
      if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && isDigit(text[i]!)) i++;
      } else if (text[i] === '.' && !isIdentStart(text[i + 1] ?? '')) {
        i++; // `10.` is a number; `1.x` is not a thing, leave the dot
      }
      if ((text[i] === 'e' || text[i] === 'E') && /[0-9]|[+-][0-9]/.test(text.slice(i + 1, i + 3))) {
        i += text[i + 1] === '+' || text[i + 1] === '-' ? 2 : 1;
        while (i < text.length && isDigit(text[i]!)) i++;
      }
      if (i < text.length && isIdentStart(text[i]!)) {
        throw queryError(i, `a number must not run into a name: put a space after ${text.slice(start, i)}`);
      }
      const source = text.slice(start, i);
      tokens.push({ kind: 'number', text: source, value: Number(source), pos: start });
      continue;
    }
    if (c === "'" || c === '"') {
      // PartiQL: 'string literal', "quoted identifier"; the quote is doubled to escape it
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) {
          throw queryError(
            start,
            `the ${c === "'" ? 'string' : 'quoted name'} starting here is not closed: add a closing ${c}`,
          );
        }
        if (text[i] === c) {
          if (text[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quotedIdent', text: value, value, pos: start });
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct) {
      tokens.push({ kind: 'punct', text: punct, pos: start });
      i += punct.length;
      continue;
    }
    throw queryError(start, `unexpected character ${JSON.stringify(c)}`);
  }
  tokens.push({ kind: 'eof', text: '', pos: text.length });
  return tokens;
}
