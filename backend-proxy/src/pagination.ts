import crypto from 'node:crypto';
import { nextTokenInvalid, nextTokenMismatch } from './errors';

/**
 * Opaque, tamper-checked `nextToken`s: base64url(JSON payload) + "." + HMAC. The payload
 * records which operation and query it belongs to, so a token replayed against another
 * query, edited, or signed by another service is a ValidationException, never a crash.
 */
export class PageTokens {
  private readonly key: crypto.KeyObject;
  /**
   * MACs of the payloads this service encoded: a List* page asked for again (a dashboard
   * refreshing) signs the same payload, and the HMAC cost more than the rest of the token
   */
  private readonly macs = new Map<string, string>();

  constructor(key: string) {
    this.key = crypto.createSecretKey(Buffer.from(key, 'utf8'));
  }

  encode(scope: string, position: unknown): string {
    const body = Buffer.from(JSON.stringify({ s: scope, p: position })).toString('base64url');
    let mac = this.macs.get(body);
    if (mac === undefined) {
      mac = this.sign(body);
      if (this.macs.size >= 1000) this.macs.clear();
      this.macs.set(body, mac);
    }
    return `${body}.${mac}`;
  }

  /** The position stored in `token`; undefined for an absent or empty token (`""` = first page). */
  decode<T>(scope: string, token: string | undefined | null): T | undefined {
    if (token === undefined || token === null || token === '') return undefined;
    const dot = token.lastIndexOf('.');
    const body = dot > 0 ? token.slice(0, dot) : '';
    const mac = dot > 0 ? token.slice(dot + 1) : '';
    const expected = this.sign(body);
    if (!body || mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
      throw nextTokenInvalid();
    }
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { s: string; p: T };
    if (parsed.s !== scope) {
      throw nextTokenMismatch();
    }
    return parsed.p;
  }

  private sign(body: string): string {
    return crypto.createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** A stable fingerprint of the request parameters a token is bound to. */
export function scopeOf(operation: string, params: unknown): string {
  return `${operation}:${crypto
    .createHash('sha256')
    .update(JSON.stringify(params ?? null))
    .digest('base64url')
    .slice(0, 16)}`;
}

/** maxResults as TwinMaker reads it: absent or 0 → `fallback`, else capped at `max`. */
export function pageSize(maxResults: number | undefined, fallback: number, max: number): number {
  if (maxResults === undefined || maxResults === 0) return fallback;
  return Math.min(maxResults, max);
}

/** TwinMaker's List* operations: 25 items a page unless asked, at most 250. */
export const LIST_PAGE = { fallback: 25, max: 250 } as const;

/** maxResults of a List* operation (ListEntities, ListComponentTypes, ListScenes …) as a page size. */
export function listPageSize(maxResults: number | undefined): number {
  return pageSize(maxResults, LIST_PAGE.fallback, LIST_PAGE.max);
}
