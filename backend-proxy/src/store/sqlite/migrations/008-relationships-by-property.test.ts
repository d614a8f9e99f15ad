import { openDatabase } from '../database';

/** What SQLite plans for a statement: the lines of EXPLAIN QUERY PLAN. */
function plan(sql: string, ...params: unknown[]): string[] {
  const db = openDatabase(':memory:');
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  } finally {
    db.close();
  }
}

test("clearing a component's relationships looks them up by property instead of scanning every relationship", () => {
  const steps = plan(
    'DELETE FROM relationships WHERE property_key IN (SELECT property_key FROM properties WHERE component_key = ?)',
    1,
  );
  expect(steps.some((s) => s.includes('relationships_by_property'))).toBe(true);
  expect(steps).not.toContain('SCAN relationships');
});

test('deleting a property finds the relationships its cascade removes by index', () => {
  const steps = plan('DELETE FROM properties WHERE property_key = ?', 1);
  expect(steps).not.toContain('SCAN relationships');
});
