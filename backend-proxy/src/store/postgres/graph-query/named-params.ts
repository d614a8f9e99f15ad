import type { Params } from '../../graph-sql/graph-page';

/**
 * `@name` placeholders (as the graph-query SQL writes them) → pg's `$n`, each cast to the
 * type of its value: PostgreSQL infers a parameter's type from where it stands, which fails
 * inside to_jsonb(…) and would compare a number as text. A name used twice binds once.
 */
export function bindNamed(sql: string, params: Params): { text: string; values: (string | number | null)[] } {
  const positions = new Map<string, string>();
  const values: (string | number | null)[] = [];
  const text = sql.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    let placeholder = positions.get(name);
    if (placeholder === undefined) {
      if (!(name in params)) throw new Error(`graph query: no value bound to @${name}`);
      const v = params[name]!;
      values.push(v);
      const type = typeof v === 'number' ? (Number.isSafeInteger(v) ? 'bigint' : 'double precision') : 'text';
      placeholder = `$${values.length}::${type}`;
      positions.set(name, placeholder);
    }
    return placeholder;
  });
  return { text, values };
}
