import { ByteRange, ResourceInfo } from './resource-store';

export type RangeAnswer = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * What a `Range` header asks of a resource of `size` bytes (RFC 9110 §14). One range is
 * served; several ranges, other units or a malformed header are answered with the whole
 * resource, which the RFC allows.
 */
export function rangeOf(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'full' };
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'full' };
  return { kind: 'partial', range: { start, end } };
}

/** True when the client's cached copy is current (`If-None-Match`, else `If-Modified-Since`). */
export function isNotModified(
  headers: { 'if-none-match'?: string; 'if-modified-since'?: string },
  info: Pick<ResourceInfo, 'etag' | 'lastModified'>,
): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    // weak comparison, as RFC 9110 asks for If-None-Match
    const strip = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => strip(tag) === info.etag);
  }
  const since = headers['if-modified-since'];
  if (since !== undefined) {
    const at = Date.parse(since);
    // HTTP dates have whole seconds
    return !Number.isNaN(at) && Math.floor(info.lastModified) * 1000 <= at;
  }
  return false;
}

/** `If-Range`: serve the range only when the validator still matches. */
export function rangeStillValid(
  ifRange: string | undefined,
  info: Pick<ResourceInfo, 'etag' | 'lastModified'>,
): boolean {
  if (!ifRange) return true;
  if (ifRange.trim().startsWith('"')) return ifRange.trim() === info.etag;
  const at = Date.parse(ifRange);
  return !Number.isNaN(at) && Math.floor(info.lastModified) * 1000 <= at;
}
