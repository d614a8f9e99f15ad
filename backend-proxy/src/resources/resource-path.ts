import { resourcePathInvalid } from '../errors';

/** S3's key limit; a longer path could never be reached through the S3 endpoint. */
export const MAX_PATH_BYTES = 1024;
/** most filesystems refuse longer names, so say it before the disk does */
const MAX_SEGMENT_BYTES = 255;

/**
 * Checks a folder-like resource path (`models/oven.glb`) and returns it unchanged. Every path
 * that reaches the filesystem has been through here: no `..`/`.` segments, no empty segments,
 * no absolute path, no NUL, control characters or backslashes, so a path can never leave its
 * bucket's folder whatever the platform.
 */
export function checkResourcePath(path: string): string {
  const refuse = (why: string) => resourcePathInvalid(printable(path), why);
  if (path === '') throw refuse('it is empty');
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) throw refuse(`it is longer than ${MAX_PATH_BYTES} bytes`);
  if (/[\u0000-\u001f\u007f]/.test(path)) throw refuse('it contains NUL or control characters');
  if (path.includes('\\')) throw refuse('it contains a backslash (separate folders with /)');
  if (path.startsWith('/')) throw refuse('it is absolute (it must not start with /)');
  for (const segment of path.split('/')) {
    if (segment === '') throw refuse('it has an empty segment (// or a trailing /)');
    if (segment === '.' || segment === '..') throw refuse(`segment "${segment}" is not allowed`);
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      throw refuse(`a segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
  return path;
}

/** Decodes a percent-encoded path taken from a URL and checks it (so `%2e%2e` is `..` and refused). */
export function decodeResourcePath(encoded: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw resourcePathInvalid(printable(encoded), 'its percent-encoding is malformed');
  }
  return checkResourcePath(decoded);
}

/** Checks a listing prefix: any path start, so empty and a trailing `/` are fine. */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  // a prefix ending in / names a folder: check it as a path to the folder
  checkResourcePath(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/** The folder of a resource path, with a trailing `/` ('' at the top). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/**
 * Resolves a reference written in a document (e.g. a model `uri`) against the folder of the
 * document, as TwinMaker's loader does; undefined for absolute URLs (http:, s3:, data:) and
 * for references that climb out of the bucket.
 */
export function resolveRelative(documentPath: string, reference: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('//')) return undefined;
  const clean = reference.split(/[?#]/)[0] ?? '';
  const segments = clean.startsWith('/') ? [] : folderOf(documentPath).split('/').filter(Boolean);
  for (const part of clean.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else {
      let decoded = part;
      try {
        decoded = decodeURIComponent(part);
      } catch {
        /* keep it as written */
      }
      segments.push(decoded);
    }
  }
  return segments.length ? segments.join('/') : undefined;
}

function printable(path: string): string {
  const shown = path.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
