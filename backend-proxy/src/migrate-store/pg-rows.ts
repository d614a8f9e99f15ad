import { Queryable } from '../store/postgres/database';

/** A column of a bulk insert: its name and the PostgreSQL array type its values travel as. */
export interface Column {
  name: string;
  type: 'text' | 'float8' | 'int4' | 'int8' | 'bool';
}

/**
 * Inserts `rows` (one array per row, in `columns` order) with one statement: each column goes
 * as one array parameter and `unnest` turns them back into rows, so a batch of thousands costs
 * one round trip. Returns the `returning` columns of the inserted rows (in no promised order).
 */
export async function insertRows<R = Record<string, unknown>>(
  q: Queryable,
  table: string,
  columns: readonly Column[],
  rows: readonly unknown[][],
  returning?: string,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const arrays = columns.map((_, i) => rows.map((r) => r[i]));
  const names = columns.map((c) => c.name).join(', ');
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})${returning ? ` RETURNING ${returning}` : ''}`;
  return (await q.query(sql, arrays)).rows as R[];
}
