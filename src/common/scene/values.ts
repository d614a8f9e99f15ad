// Values as the scene sees them: one scalar and its time per property reference, and the rule
// that decides whether an arriving value replaces the one shown — live, the newest wins; in
// time travel (the range ends in the past), nothing after the range's end is shown.
import type { DataValue } from '../twinmaker';

export type ScalarValue = string | number | boolean | null;

/** One property's value as of the panel's time: epoch milliseconds and the scalar. */
export interface SceneValue {
  time: number;
  value: ScalarValue;
}

/** The scalar inside a TwinMaker DataValue (lists and maps as JSON text, for overlays). */
export function scalarOf(value: DataValue | undefined): ScalarValue {
  if (!value) return null;
  if (value.booleanValue !== undefined) return value.booleanValue;
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.integerValue !== undefined) return value.integerValue;
  if (value.longValue !== undefined) return Number(value.longValue);
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.relationshipValue) return value.relationshipValue.targetEntityId ?? null;
  if (value.listValue) return JSON.stringify(value.listValue.map(scalarOf));
  if (value.mapValue)
    return JSON.stringify(Object.fromEntries(Object.entries(value.mapValue).map(([k, v]) => [k, scalarOf(v)])));
  return null;
}

/** A range "ends at now" when Grafana's raw end is `now` or the end is within this of the clock. */
const LIVE_SLACK_MS = 60_000;

/**
 * Which moment the scene shows: `live` (follow the stream) when the range ends at now, else the
 * range's end (time travel).
 */
export function sceneTime(range: { to: number; rawTo?: unknown }, now = Date.now()): { live: boolean; at: number } {
  const raw = typeof range.rawTo === 'string' ? range.rawTo.trim() : undefined;
  const live = raw === 'now' || (raw === undefined && Math.abs(now - range.to) <= LIVE_SLACK_MS);
  return { live, at: live ? now : range.to };
}

/**
 * Whether `incoming` replaces `current` for a scene shown at `at` (undefined when live): never a
 * value from after the moment shown, never an older value over a newer one.
 */
export function replacesValue(current: SceneValue | undefined, incoming: SceneValue, at: number | undefined): boolean {
  if (at !== undefined && incoming.time > at) return false;
  return current === undefined || incoming.time >= current.time;
}

/** The last of `points` at or before `at` (points in any order); undefined when none is. */
export function valueAsOf(points: readonly SceneValue[], at: number | undefined): SceneValue | undefined {
  let best: SceneValue | undefined;
  for (const p of points) if (replacesValue(best, p, at)) best = p;
  return best;
}
