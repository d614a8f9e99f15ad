import { DataValue } from '../../api/common';
import { acknowledge, endSnoozeIfDue, isRefusal, reset, snooze, statusWritten } from '../../model/alarms/actions';
import { AlarmState, isAlarmStatus, Outcome, Refusal, SourceValue, Transition } from '../../model/alarms/alarm-state';
import { evaluateThreshold, numberOf, ThresholdConfig, thresholdConfigOf } from '../../model/alarms/threshold';

/**
 * What both stores' alarm writers share (store/sqlite/alarms/alarm-writer.ts keeps states in
 * memory as the only writer; store/postgres/alarms/alarm-writer.ts reads them in the value
 * write's transaction): which stored values feed which alarm, and what a value or an action
 * does to an alarm's state. The rules themselves are model/alarms'.
 */

/** One alarm component, as a writer evaluates it; `K` is the store's component key. */
export interface AlarmComponent<K = number> {
  componentKey: K;
  workspaceId: string;
  entityId: string;
  componentName: string;
  /** settings of a threshold alarm (absent: its status is written, not evaluated) */
  threshold?: ThresholdConfig;
  /** alarm_status lives in the built-in store (no Lambda reader): transitions are written there */
  native: boolean;
  statusSeriesId?: number;
}

/** What a stored value feeds: a threshold alarm watching it, or the alarm whose alarm_status it is. */
export interface Watch<K = number> {
  alarm: AlarmComponent<K>;
  kind: 'threshold' | 'status';
}

/** An alarm component as the stores' alarm statements return it. */
export interface AlarmComponentRow<K = number> {
  componentKey: K;
  workspaceId: string;
  entityId: string;
  componentName: string;
  isThreshold: boolean;
  native: boolean;
  /** its property values as a JSON object (null: none) */
  valuesJson: string | null;
}

export const seriesKey = (...parts: string[]) => parts.join('\u0000');

/** The alarm a row describes (a threshold alarm whose settings are incomplete is not evaluated). */
export function alarmComponentOf<K>(row: AlarmComponentRow<K>): AlarmComponent<K> {
  const alarm: AlarmComponent<K> = {
    componentKey: row.componentKey,
    workspaceId: row.workspaceId,
    entityId: row.entityId,
    componentName: row.componentName,
    native: row.native,
  };
  if (row.isThreshold) {
    const config = thresholdConfigOf(JSON.parse(row.valuesJson ?? '{}') as Record<string, DataValue>);
    if (!('problem' in config)) alarm.threshold = config;
  }
  return alarm;
}

/** Alarms by name, and the watches of each value series name (workspace, entity, component, property). */
export class AlarmMap<K = number> {
  readonly alarms = new Map<string, AlarmComponent<K>>();
  readonly byComponent = new Map<K, AlarmComponent<K>>();
  private readonly byName = new Map<string, Watch<K>[]>();

  add(alarm: AlarmComponent<K>): void {
    const { workspaceId, entityId, componentName } = alarm;
    this.alarms.set(seriesKey(workspaceId, entityId, componentName), alarm);
    this.byComponent.set(alarm.componentKey, alarm);
    this.watch(seriesKey(workspaceId, entityId, componentName, 'alarm_status'), { alarm, kind: 'status' });
    if (alarm.threshold) {
      const { sourceComponent, sourceProperty } = alarm.threshold;
      this.watch(seriesKey(workspaceId, entityId, sourceComponent, sourceProperty), { alarm, kind: 'threshold' });
    }
  }

  get size(): number {
    return this.alarms.size;
  }

  alarm(workspaceId: string, entityId: string, componentName: string): AlarmComponent<K> | undefined {
    return this.alarms.get(seriesKey(workspaceId, entityId, componentName));
  }

  /** The watches of a series, by its name parts (undefined: nothing watches it). */
  watchesOf(...name: string[]): Watch<K>[] | undefined {
    return this.byName.get(seriesKey(...name));
  }

  clear(): void {
    this.alarms.clear();
    this.byComponent.clear();
    this.byName.clear();
  }

  private watch(name: string, watch: Watch<K>): void {
    const list = this.byName.get(name);
    if (list) list.push(watch);
    else this.byName.set(name, [watch]);
  }
}

const DOUBLE_PREFIX = '{"doubleValue":';

/**
 * A stored point `{"time":"…","value":{…}}` (always written in that shape by ingest) as its time
 * and value; a double, what sensors send, is read without a JSON parse.
 */
export function pointOf(point: string): { time: string; value: DataValue } {
  const timeEnd = point.indexOf('"', 9);
  const time = point.slice(9, timeEnd);
  const value = point.slice(timeEnd + 10, -1);
  if (value.startsWith(DOUBLE_PREFIX)) {
    const n = Number(value.slice(DOUBLE_PREFIX.length, -1));
    if (Number.isFinite(n)) return { time, value: { doubleValue: n } };
  }
  return { time, value: JSON.parse(value) as DataValue };
}

/** What a stored value does to the alarm watching it; undefined when it does nothing. */
export interface ValueStep {
  outcome: Outcome;
  /** false when the value was the alarm_status itself (it is not written again) */
  writeStatus: boolean;
}

/**
 * A value of a watched series at `timeMs` (the state `state` before it): a threshold alarm
 * evaluates a number; an alarm that is not a threshold takes a written alarm_status as its status.
 */
export function valueStep<K>(
  watch: Watch<K>,
  point: { time: string; value: DataValue },
  timeMs: number,
  state: AlarmState,
  nowMs: number,
): ValueStep | undefined {
  const { alarm } = watch;
  if (watch.kind === 'threshold') {
    const value = numberOf(point.value);
    if (value === undefined) return undefined;
    const { sourceComponent, sourceProperty } = alarm.threshold!;
    const source = sourceOf(sourceComponent, sourceProperty, point);
    return { outcome: evaluateThreshold(alarm.threshold!, state, value, timeMs, source, nowMs), writeStatus: true };
  }
  if (alarm.threshold) return undefined;
  const status = point.value.stringValue;
  if (!isAlarmStatus(status)) return undefined;
  const source = sourceOf(alarm.componentName, 'alarm_status', point);
  return { outcome: statusWritten(state, status, timeMs, source), writeStatus: false };
}

/** An action requested of an alarm. */
export interface AlarmActionCommand {
  action: 'ACKNOWLEDGE' | 'SNOOZE' | 'RESET';
  durationSeconds?: number;
  nowMs: number;
}

/** What an acknowledge, snooze or reset does to `state`, or why it is refused. */
export function actionOutcome(command: AlarmActionCommand, state: AlarmState): Outcome | Refusal {
  const { nowMs } = command;
  if (command.action === 'ACKNOWLEDGE') return acknowledge(state, nowMs);
  if (command.action === 'SNOOZE') return snooze(state, nowMs, command.durationSeconds ?? 0);
  return reset(state, nowMs);
}

export { endSnoozeIfDue, isRefusal };

/** Whether an outcome changed the stored state (else nothing is saved). */
export function stateChanged(before: AlarmState, after: AlarmState): boolean {
  return (
    after.status !== before.status ||
    after.sinceMs !== before.sinceMs ||
    after.breached !== before.breached ||
    after.pendingSinceMs !== before.pendingSinceMs ||
    after.snoozedUntilMs !== before.snoozedUntilMs ||
    after.source !== before.source
  );
}

/** A transition as the alarm_status value it writes (a stored point). */
export function statusPointOf(t: Transition): string {
  return `{"time":"${new Date(t.timeMs).toISOString()}","value":{"stringValue":"${t.status}"}}`;
}

function sourceOf(componentName: string, propertyName: string, point: { time: string; value: DataValue }): SourceValue {
  return { componentName, propertyName, value: point.value, time: point.time };
}
