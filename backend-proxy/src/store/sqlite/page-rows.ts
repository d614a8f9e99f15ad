import type { PackedRows } from '../graph';

/**
 * Puts the result rows of a page statement (graph-query/row-documents.ts) together as
 * `{"rowData":[…]}` each, in the order the statement answers them, packed comma-separated into one buffer with each row's end offset:
 * one allocation the worker can transfer to the main thread without copying, and a page's
 * first rows are one slice of it. `cells[i]` says what column i holds: 0 its JSON, 1 or 2 the
 * key of a node or edge document, which the statement answers in rows of that kind.
 * A plain function without imports, so the graph-query worker runs its compiled source too.
 */
export function assembleRows(rows: unknown[][], cells: number[]): PackedRows {
  const documents = [new Map(), new Map(), new Map()];
  const results: unknown[][] = [];
  for (const row of rows) {
    if (row[0] === 0) results.push(row);
    else documents[row[0] as number]!.set(row[1], row[2]);
  }
  const encode = (text: string) => new TextEncoder().encode(text);
  const open = encode('{"rowData":[');
  const close = encode(']}');
  const comma = encode(',');
  const none = encode('null');
  const parts: Uint8Array[] = [];
  const rowEnds: number[] = [];
  for (let r = 0; r < results.length; r++) {
    if (r > 0) parts.push(comma);
    parts.push(open);
    for (let c = 0; c < cells.length; c++) {
      if (c > 0) parts.push(comma);
      const value = results[r]![c + 2];
      const json = cells[c] === 0 ? value : value === null ? undefined : documents[cells[c]!]!.get(value);
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
