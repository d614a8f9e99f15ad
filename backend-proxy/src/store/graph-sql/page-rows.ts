import type { PackedRows } from '../graph';

/*
 * A page of a graph query is read with two statements (row-documents.ts): its rows, whose
 * NODE and EDGE cells hold keys, then the documents of those keys. These pure functions put
 * them together (page-reader.ts calls them, in the query workers and inline). `cells[i]` says
 * what column i holds: 0 its JSON, 1 an entity key, 2 an edge key.
 */

/** The distinct entity and edge keys a page's rows name, as JSON arrays; undefined when none. */
export function documentKeys(rows: unknown[][], cells: number[]): { nodes: string; edges: string } | undefined {
  const keys = [new Set(), new Set(), new Set()];
  let any = false;
  for (const row of rows) {
    for (let c = 0; c < cells.length; c++) {
      if (cells[c] !== 0 && row[c] !== null) {
        keys[cells[c]!]!.add(row[c]);
        any = true;
      }
    }
  }
  return any ? { nodes: JSON.stringify([...keys[1]!]), edges: JSON.stringify([...keys[2]!]) } : undefined;
}

/**
 * The rows as `{"rowData":[…]}` each, in order, NODE and EDGE cells filled in from
 * `documents` (rows of kind, key, document), packed comma-separated into one buffer with each
 * row's end offset: one allocation the worker transfers to the main thread without copying,
 * and a page's first rows are one slice of it.
 */
export function assembleRows(rows: unknown[][], cells: number[], documents: unknown[][]): PackedRows {
  const byKind = [new Map(), new Map(), new Map()];
  for (const d of documents) byKind[d[0] as number]!.set(d[1], d[2]);
  const encode = (text: string) => new TextEncoder().encode(text);
  const open = encode('{"rowData":[');
  const close = encode(']}');
  const comma = encode(',');
  const none = encode('null');
  const parts: Uint8Array[] = [];
  const rowEnds: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    if (r > 0) parts.push(comma);
    parts.push(open);
    for (let c = 0; c < cells.length; c++) {
      if (c > 0) parts.push(comma);
      const value = rows[r]![c];
      const json = cells[c] === 0 ? value : value === null ? undefined : byKind[cells[c]!]!.get(value);
      parts.push((json as Uint8Array | null | undefined) ?? none);
    }
    parts.push(close);
    rowEnds.push(parts.length);
  }
  let length = 0;
  for (const part of parts) length += part.length;
  const bytes = new Uint8Array(length);
  const ends: number[] = [];
  let at = 0;
  for (let i = 0, row = 0; i < parts.length; i++) {
    bytes.set(parts[i]!, at);
    at += parts[i]!.length;
    if (i + 1 === rowEnds[row]) {
      ends.push(at);
      row++;
    }
  }
  return { bytes, ends };
}

/** The first `count` rows of a packing. */
export function firstRows(rows: PackedRows, count: number): PackedRows {
  if (count >= rows.ends.length) return rows;
  return { bytes: rows.bytes.subarray(0, count > 0 ? rows.ends[count - 1] : 0), ends: rows.ends.slice(0, count) };
}
