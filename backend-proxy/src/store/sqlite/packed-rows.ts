import type { PackedRows } from '../graph';

/**
 * Packs rows of bytes into one buffer, comma-separated, with each row's end offset: one
 * allocation the worker can transfer to the main thread without copying, and a page's rows
 * are then one slice of it.
 */
export function packRows(rows: Uint8Array[]): PackedRows {
  let length = 0;
  for (let i = 0; i < rows.length; i++) length += rows[i].length + 1;
  const bytes = new Uint8Array(Math.max(0, length - 1));
  const ends: number[] = [];
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) bytes[at++] = 44; // ','
    bytes.set(rows[i], at);
    at += rows[i].length;
    ends.push(at);
  }
  return { bytes, ends };
}

/** The first `count` rows of a packing. */
export function firstRows(rows: PackedRows, count: number): PackedRows {
  if (count >= rows.ends.length) return rows;
  return { bytes: rows.bytes.subarray(0, count > 0 ? rows.ends[count - 1] : 0), ends: rows.ends.slice(0, count) };
}
