import { sensorsOf, SITE_LINES } from './signals';

test('every sensor reads once per instant, the same instant always the same', () => {
  const t = Date.UTC(2026, 10, 30, 12, 0, 0);
  const points = sensorsOf(t);
  expect(points).toHaveLength(SITE_LINES.length * 9);
  expect(sensorsOf(t)).toEqual(points);
  expect(new Set(points.map((p) => `${p.entityId}/${p.propertyName}`)).size).toBe(points.length);
  expect(points.every((p) => p.time === '2026-11-30T12:00:00.000Z')).toBe(true);
});

test('line 1 oven overheats 2 minutes in every 20, and alarms then', () => {
  const cycle = 20 * 60_000;
  const cycleStart = Math.floor(Date.UTC(2026, 10, 30, 12) / cycle) * cycle;
  const ovenAt = (minute: number) => {
    const points = sensorsOf(cycleStart + minute * 60_000 + 30_000).filter((p) => p.entityId === 'Oven_1');
    const read = (name: string) => points.find((p) => p.propertyName === name)!.value as Record<string, unknown>;
    return { temperature: read('temperature').doubleValue as number, status: read('status').stringValue };
  };
  // minutes 18 and 19 of each 20-minute cycle overheat
  expect(ovenAt(18)).toEqual({ temperature: expect.any(Number), status: 'ALARM' });
  expect(ovenAt(18).temperature).toBeGreaterThan(240);
  expect(ovenAt(5).status).toBe('RUNNING');
});
