import { DataValue } from '../../api/common';

/** TwinMaker's alarm statuses (`com.amazon.iottwinmaker.alarm.basic`'s alarm_status). */
export const ALARM_STATUSES = ['ACTIVE', 'SNOOZE_DISABLED', 'ACKNOWLEDGED', 'NORMAL'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

/** What moved an alarm from one status to the next (the audit log's `action`). */
export type AlarmAction = 'RAISE' | 'CLEAR' | 'ACKNOWLEDGE' | 'SNOOZE' | 'SNOOZE_END' | 'RESET';

/** A stored value that caused a transition. */
export interface SourceValue {
  componentName: string;
  propertyName: string;
  value: DataValue;
  time: string;
}

/** One alarm's state between values; times are epoch milliseconds. */
export interface AlarmState {
  status: AlarmStatus;
  /** time of the last transition (null: never left its initial NORMAL) */
  sinceMs: number | null;
  /** the condition holds (raised and not yet cleared past the hysteresis) */
  breached: boolean;
  /** time of the first breaching value while the delay has not yet passed */
  pendingSinceMs: number | null;
  snoozedUntilMs: number | null;
  /** the value behind the last RAISE or CLEAR */
  source: SourceValue | null;
}

/** A status change, audited and written as an alarm_status value at `timeMs`. */
export interface Transition {
  action: AlarmAction;
  status: AlarmStatus;
  previousStatus: AlarmStatus;
  timeMs: number;
  source?: SourceValue;
}

export interface Outcome {
  state: AlarmState;
  transitions: Transition[];
}

/** A request an alarm's status does not allow (e.g. acknowledging a NORMAL alarm), and why. */
export interface Refusal {
  refused: string;
}

/** The state of an alarm nothing has happened to yet. */
export function initialAlarmState(): AlarmState {
  return { status: 'NORMAL', sinceMs: null, breached: false, pendingSinceMs: null, snoozedUntilMs: null, source: null };
}

export function isAlarmStatus(value: unknown): value is AlarmStatus {
  return typeof value === 'string' && (ALARM_STATUSES as readonly string[]).includes(value);
}

/** Moves `state` to `status` at `timeMs`, recording the transition. */
export function transition(
  outcome: Outcome,
  action: AlarmAction,
  status: AlarmStatus,
  timeMs: number,
  source?: SourceValue,
): void {
  const previousStatus = outcome.state.status;
  outcome.state = { ...outcome.state, status, sinceMs: timeMs, ...(source && { source }) };
  outcome.transitions.push({ action, status, previousStatus, timeMs, ...(source && { source }) });
}
