import { MAX_HISTORY_PAGE } from '../../api/values';
import { nextTokenInvalid } from '../../errors';

/** A series of a value page: the key pages walk series in. */
export type SeriesKey = [entityId: string, componentName: string, propertyName: string];

/** Where a history page stopped: the series and the instant ([ms, ns]) of its last value. */
export interface HistoryCursor {
  k: SeriesKey;
  t: [ms: number, ns: number];
  /** a data connector's own nextToken, carried inside ours (k and t are then unused) */
  c?: string;
}

/** Where a GetPropertyValue page by componentTypeId stopped: the last component returned. */
export type ComponentCursor = [entityId: string, componentName: string];

/** GetPropertyValueHistory: 25 values a page unless asked, and at most 10,000 (ours; TwinMaker stops at 200). */
export const HISTORY_PAGE = { fallback: 25, max: MAX_HISTORY_PAGE } as const;
/** GetPropertyValue by componentTypeId: components a page. */
export const LATEST_VALUE_PAGE = { fallback: 100, max: 250 } as const;

/**
 * Lexicographic order of string tuples by code unit, the order pages walk components and
 * series in (stable across SQLite collations).
 */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}

/** A decoded token's position as a history cursor; a well-signed token of another shape is refused. */
export function historyCursor(position: unknown): HistoryCursor | undefined {
  if (position === undefined) return undefined;
  const c = position as HistoryCursor;
  const valid =
    Array.isArray(c?.k) &&
    c.k.length === 3 &&
    c.k.every((s) => typeof s === 'string') &&
    Array.isArray(c.t) &&
    c.t.length === 2 &&
    c.t.every((n) => Number.isInteger(n)) &&
    (c.c === undefined || typeof c.c === 'string');
  if (!valid) throw nextTokenInvalid();
  return c;
}

/** A decoded token's position as a component cursor. */
export function componentCursor(position: unknown): ComponentCursor | undefined {
  if (position === undefined) return undefined;
  const c = position as ComponentCursor;
  if (!Array.isArray(c) || c.length !== 2 || !c.every((s) => typeof s === 'string')) throw nextTokenInvalid();
  return c;
}
