/** A stored point whose value is one number member, as ingest writes it (point-value.ts). */
const PLAIN_NUMBER = /"value":\{"(?:doubleValue|integerValue|longValue)":(-?[0-9][0-9.eE+-]*)\}\}$/;
const NUMBER_MEMBER = /"(?:doubleValue|integerValue|longValue)"/;

/**
 * The number a stored point `{"time":"…","value":{DataValue}}` holds, for the `num` column
 * (migration 007) that aggregates read instead of extracting it from the JSON in SQL; null
 * for values that are not numbers (strings, booleans, lists …). Points come from our own
 * writer, so the common shape is matched as text and only an unusual one is parsed.
 */
export function pointNumber(point: string): number | null {
  const plain = PLAIN_NUMBER.exec(point);
  if (plain) return Number(plain[1]);
  if (!NUMBER_MEMBER.test(point)) return null;
  try {
    const value = (JSON.parse(point) as { value?: Record<string, unknown> }).value ?? {};
    for (const member of ['doubleValue', 'integerValue', 'longValue']) {
      if (typeof value[member] === 'number') return value[member] as number;
    }
  } catch {
    // not JSON: no number
  }
  return null;
}
