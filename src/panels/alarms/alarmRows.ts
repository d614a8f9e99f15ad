// What the panel lists, as pure functions of the query's frames: the alarm records (from the
// Get Alarms frame's records, or rebuilt from TwinMaker's fields for a frame without them),
// the records the panel's own actions answered laid over them until newer data arrives, and
// the person's filter and sort.
import type { DataFrame } from '@grafana/data';

import { type AlarmRecord, alarmKeyOf, isAlarmStatus } from '../../common/alarms';

const isoOf = (v: unknown): string | null =>
  typeof v === 'number' && Number.isFinite(v) ? new Date(v).toISOString() : typeof v === 'string' ? v : null;

/** A frame with TwinMaker's alarm fields (e.g. from another data source) as records. */
function recordsFromFields(frame: DataFrame): AlarmRecord[] | undefined {
  const field = (name: string) => frame.fields.find((f) => f.name === name)?.values;
  const names = field('alarmName');
  const entities = field('entityId');
  const statuses = field('alarmStatus');
  if (!names || !entities || !statuses) return undefined;
  const at = (name: string, i: number) => field(name)?.[i] ?? null;
  const out: AlarmRecord[] = [];
  for (let i = 0; i < frame.length; i++) {
    const status = statuses[i];
    if (!isAlarmStatus(status)) continue;
    out.push({
      entityId: String(entities[i]),
      entityName: String(at('entityName', i) ?? entities[i]),
      componentName: String(names[i]),
      componentTypeId: '',
      alarmName: String(names[i]),
      alarmKey: String(at('alarmId', i) ?? ''),
      status,
      severity: typeof at('severity', i) === 'number' ? at('severity', i) : null,
      since: isoOf(at('since', i) ?? at('Time', i)),
      message: at('message', i),
      threshold: null,
      sourceValue: null,
      snoozedUntil: null,
    });
  }
  return out;
}

/** Every alarm in the frames, once each (the first frame naming it wins). */
export function alarmsFromFrames(frames: DataFrame[]): { alarms: AlarmRecord[]; found: boolean } {
  const byKey = new Map<string, AlarmRecord>();
  let found = false;
  for (const frame of frames) {
    const custom = frame.meta?.custom?.alarms;
    const records = Array.isArray(custom) ? (custom as AlarmRecord[]) : recordsFromFields(frame);
    if (!records) continue;
    found = true;
    for (const r of records) if (!byKey.has(alarmKeyOf(r))) byKey.set(alarmKeyOf(r), r);
  }
  return { alarms: [...byKey.values()], found };
}

/**
 * The alarms with what the panel's actions answered laid over them. An answer stays until
 * the data shows the alarm as of that answer or later (or no longer lists it).
 */
export function withAnswers(alarms: AlarmRecord[], answers: ReadonlyMap<string, AlarmRecord>): AlarmRecord[] {
  if (!answers.size) return alarms;
  return alarms.map((a) => answers.get(alarmKeyOf(a)) ?? a);
}

/** The answers the new data has not caught up with yet. */
const olderThan = (current: AlarmRecord, answer: AlarmRecord) => (current.since ?? '') < (answer.since ?? '');

/** A threshold edit keeps the alarm's since, so only the rule itself tells whether the data has it yet. */
const thresholdBehind = (current: AlarmRecord, answer: AlarmRecord) =>
  answer.threshold != null &&
  current.since === answer.since &&
  JSON.stringify(current.threshold) !== JSON.stringify(answer.threshold);

export function pendingAnswers(
  alarms: AlarmRecord[],
  answers: ReadonlyMap<string, AlarmRecord>,
): Map<string, AlarmRecord> {
  const byKey = new Map(alarms.map((a) => [alarmKeyOf(a), a]));
  const out = new Map<string, AlarmRecord>();
  for (const [key, answer] of answers) {
    const current = byKey.get(key);
    if (current && (olderThan(current, answer) || thresholdBehind(current, answer))) out.set(key, answer);
  }
  return out;
}

/** The columns a person can sort by. */
export type SortColumn = 'status' | 'severity' | 'entity' | 'alarm' | 'since';
export interface Sort {
  column: SortColumn;
  descending: boolean;
}

/** Most urgent first: what needs a person before what someone already took on. */
const STATUS_RANK: Record<string, number> = { ACTIVE: 3, SNOOZE_DISABLED: 1, ACKNOWLEDGED: 2, NORMAL: 0 };

const KEYS: Record<SortColumn, (a: AlarmRecord) => string | number> = {
  status: (a) => STATUS_RANK[a.status] ?? -1,
  severity: (a) => a.severity ?? -1,
  entity: (a) => (a.entityName || a.entityId).toLowerCase(),
  alarm: (a) => a.alarmName.toLowerCase(),
  since: (a) => a.since ?? '',
};

/** Sorted by the column (ties keep the service's order); undefined sort = the service's order. */
export function sortAlarms(alarms: AlarmRecord[], sort: Sort | undefined): AlarmRecord[] {
  if (!sort) return alarms;
  const key = KEYS[sort.column];
  const dir = sort.descending ? -1 : 1;
  return alarms
    .map((a, i) => ({ a, i, k: key(a) }))
    .sort((x, y) => (x.k < y.k ? -dir : x.k > y.k ? dir : x.i - y.i))
    .map((x) => x.a);
}

/** Alarms whose entity, name, key, status or message contains every word of the filter. */
export function filterAlarms(alarms: AlarmRecord[], text: string): AlarmRecord[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return alarms;
  return alarms.filter((a) => {
    const hay = [a.entityId, a.entityName, a.alarmName, a.alarmKey, a.status, a.message ?? ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Which actions an alarm in this state offers. */
export function actionsFor(a: AlarmRecord): { acknowledge: boolean; snooze: boolean; reset: boolean } {
  // snoozing a NORMAL alarm keeps it from raising for a while (maintenance)
  return { acknowledge: a.status === 'ACTIVE', snooze: true, reset: a.status !== 'NORMAL' };
}
