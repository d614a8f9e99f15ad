import fs from 'node:fs';
import path from 'node:path';

/**
 * Golden wire files: recorded responses checked in under test/golden/, compared field by
 * field. DOPPEL_RECORD_GOLDEN=1 writes the recordings anew instead of comparing (then review
 * the diff before committing it).
 */
export const recordingGolden = process.env.DOPPEL_RECORD_GOLDEN === '1';

export const goldenFile = (name: string) => path.join(__dirname, 'golden', name);

/** Every path where `actual` and `expected` differ, as "path: actual ≠ expected". */
export function fieldDifferences(actual: unknown, expected: unknown, at = ''): string[] {
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return Object.is(actual, expected)
      ? []
      : [`${at || '(root)'}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return [`${at || '(root)'}: array ≠ object`];
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].flatMap((k) =>
    fieldDifferences(
      (actual as Record<string, unknown>)[k],
      (expected as Record<string, unknown>)[k],
      Array.isArray(actual) ? `${at}[${k}]` : at ? `${at}.${k}` : k,
    ),
  );
}

/**
 * `value` with the members named in `volatile` replaced by a placeholder naming the member,
 * when they hold a number (times of creation and update differ on every run; anything else
 * is left for the comparison to show).
 */
export function withoutVolatile(value: unknown, volatile: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutVolatile(v, volatile));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      volatile.has(k) && typeof v === 'number' ? `<${k}>` : withoutVolatile(v, volatile),
    ]),
  );
}

/** Writes `exchanges` as the recording `name` when recording; otherwise the differences from it, each prefixed by its exchange's name. */
export function goldenDifferences<T extends { name: string }>(name: string, exchanges: T[]): string[] {
  const file = goldenFile(name);
  if (recordingGolden) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(exchanges, null, 2) + '\n');
    return [];
  }
  const golden = JSON.parse(fs.readFileSync(file, 'utf8')) as T[];
  const names = exchanges.map((e) => e.name);
  const recorded = golden.map((g) => g.name);
  if (names.join('\n') !== recorded.join('\n'))
    return [`exchanges ${JSON.stringify(names)} ≠ ${JSON.stringify(recorded)}`];
  return exchanges.flatMap((e, i) => fieldDifferences(e, golden[i]).map((d) => `${e.name} → ${d}`));
}
