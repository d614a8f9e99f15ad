import { AlarmAction, AlarmState, AlarmStatus, Outcome, Refusal, SourceValue, transition } from './alarm-state';

/** The longest snooze: a week. */
export const MAX_SNOOZE_SECONDS = 604_800;

/** Ends a snooze whose time has come: back to ACTIVE if the condition still holds, else NORMAL. */
export function endSnoozeIfDue(state: AlarmState, nowMs: number): Outcome {
  const outcome: Outcome = { state, transitions: [] };
  if (state.status !== 'SNOOZE_DISABLED' || state.snoozedUntilMs === null || state.snoozedUntilMs > nowMs)
    return outcome;
  const until = state.snoozedUntilMs;
  outcome.state = { ...state, snoozedUntilMs: null };
  transition(outcome, 'SNOOZE_END', state.breached ? 'ACTIVE' : 'NORMAL', until);
  return outcome;
}

/** ACTIVE (or snoozed while its condition holds) → ACKNOWLEDGED; anything else is refused, saying why. */
export function acknowledge(state: AlarmState, nowMs: number): Outcome | Refusal {
  const outcome = endSnoozeIfDue(state, nowMs);
  const s = outcome.state;
  if (s.status === 'NORMAL') return { refused: 'the alarm is NORMAL: there is nothing to acknowledge' };
  if (s.status === 'ACKNOWLEDGED') return { refused: 'the alarm is already ACKNOWLEDGED' };
  if (s.status === 'SNOOZE_DISABLED' && !s.breached)
    return { refused: 'the alarm is snoozed and its condition does not hold: there is nothing to acknowledge' };
  outcome.state = { ...s, snoozedUntilMs: null };
  transition(outcome, 'ACKNOWLEDGE', 'ACKNOWLEDGED', nowMs);
  return outcome;
}

/** Any status → SNOOZE_DISABLED until `durationSeconds` from now (a second snooze moves the end). */
export function snooze(state: AlarmState, nowMs: number, durationSeconds: number): Outcome {
  const outcome = endSnoozeIfDue(state, nowMs);
  outcome.state = { ...outcome.state, snoozedUntilMs: nowMs + durationSeconds * 1000 };
  transition(outcome, 'SNOOZE', 'SNOOZE_DISABLED', nowMs);
  return outcome;
}

/** Any status → NORMAL, the condition forgotten: the next breaching value raises the alarm again. */
export function reset(state: AlarmState, nowMs: number): Outcome {
  const outcome: Outcome = {
    state: { ...state, breached: false, pendingSinceMs: null, snoozedUntilMs: null },
    transitions: [],
  };
  transition(outcome, 'RESET', 'NORMAL', nowMs);
  return outcome;
}

const ACTION_OF_STATUS: Record<AlarmStatus, AlarmAction> = {
  ACTIVE: 'RAISE',
  NORMAL: 'CLEAR',
  ACKNOWLEDGED: 'ACKNOWLEDGE',
  SNOOZE_DISABLED: 'SNOOZE',
};

/**
 * An alarm whose status is written rather than evaluated (a type of the user's extending
 * alarm.basic): the written alarm_status is its status from the value's time on.
 */
export function statusWritten(state: AlarmState, status: AlarmStatus, timeMs: number, source: SourceValue): Outcome {
  const outcome: Outcome = {
    state: { ...state, breached: status !== 'NORMAL', pendingSinceMs: null, snoozedUntilMs: null },
    transitions: [],
  };
  if (status !== state.status) transition(outcome, ACTION_OF_STATUS[status], status, timeMs, source);
  return outcome;
}

export function isRefusal(outcome: Outcome | Refusal): outcome is Refusal {
  return 'refused' in outcome;
}
