import { DataValue } from '../../api/common';
import { AlarmState, Outcome, SourceValue, transition } from './alarm-state';
import { endSnoozeIfDue } from './actions';

export const THRESHOLD_OPERATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

/** A `doppel.alarm.threshold` component's settings, read from its property values. */
export interface ThresholdConfig {
  sourceComponent: string;
  sourceProperty: string;
  operator: ThresholdOperator;
  threshold: number;
  /** how far back past the threshold a value must go to clear (ignored by == and !=) */
  hysteresis: number;
  delaySeconds: number;
}

/** The settings of a threshold alarm from its property values, or what is missing. */
export function thresholdConfigOf(
  values: Record<string, DataValue | undefined>,
): ThresholdConfig | { problem: string } {
  const text = (name: string) => values[name]?.stringValue;
  const number = (name: string) => numberOf(values[name]);
  const sourceComponent = text('sourceComponent');
  const sourceProperty = text('sourceProperty');
  const operator = text('operator');
  const threshold = number('threshold');
  if (!sourceComponent || !sourceProperty) return { problem: 'sourceComponent and sourceProperty are required' };
  if (!(THRESHOLD_OPERATORS as readonly string[]).includes(operator ?? ''))
    return { problem: `operator must be one of ${THRESHOLD_OPERATORS.join(' ')}` };
  if (threshold === undefined) return { problem: 'threshold is required' };
  return {
    sourceComponent,
    sourceProperty,
    operator: operator as ThresholdOperator,
    threshold,
    hysteresis: Math.abs(number('hysteresis') ?? 0),
    delaySeconds: Math.max(0, number('delaySeconds') ?? 0),
  };
}

/** A DataValue as a number to compare (booleans as 1/0); undefined for text, lists and maps. */
export function numberOf(value: DataValue | undefined): number | undefined {
  if (!value) return undefined;
  for (const v of [value.doubleValue, value.integerValue, value.longValue]) {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  if (typeof value.booleanValue === 'boolean') return value.booleanValue ? 1 : 0;
  return undefined;
}

/** Whether `value` breaches the threshold: raising when not yet breached, staying raised when it is. */
export function conditionHolds(config: ThresholdConfig, value: number, breached: boolean): boolean {
  // once raised, the limit moves back by the hysteresis so a value hovering at it does not flap
  const h = breached ? config.hysteresis : 0;
  const t = config.threshold;
  switch (config.operator) {
    case '>':
      return value > t - h;
    case '>=':
      return value >= t - h;
    case '<':
      return value < t + h;
    case '<=':
      return value <= t + h;
    case '==':
      return value === t;
    case '!=':
      return value !== t;
  }
}

/**
 * The alarm after one value of its source at `timeMs` (the value's own time), evaluated at
 * wall-clock `nowMs` (only an expired snooze looks at it). The condition must hold from the first
 * breaching value's time to a later value's time at least `delaySeconds` on before the alarm is
 * raised, so the outcome depends on the values alone. While snoozed the condition is still
 * followed, and the snooze's end returns the alarm to ACTIVE or NORMAL by it.
 */
export function evaluateThreshold(
  config: ThresholdConfig,
  state: AlarmState,
  value: number,
  timeMs: number,
  source: SourceValue,
  nowMs: number,
): Outcome {
  const outcome = endSnoozeIfDue(state, nowMs);
  const s = outcome.state;
  if (!conditionHolds(config, value, s.breached)) {
    outcome.state = { ...s, pendingSinceMs: null, breached: false };
    if (s.breached && (s.status === 'ACTIVE' || s.status === 'ACKNOWLEDGED')) {
      transition(outcome, 'CLEAR', 'NORMAL', timeMs, source);
    }
    return outcome;
  }
  if (s.breached) return outcome;
  const pendingSinceMs = s.pendingSinceMs === null || timeMs < s.pendingSinceMs ? timeMs : s.pendingSinceMs;
  if (timeMs - pendingSinceMs < config.delaySeconds * 1000) {
    outcome.state = { ...s, pendingSinceMs };
    return outcome;
  }
  outcome.state = { ...s, pendingSinceMs: null, breached: true };
  if (s.status === 'NORMAL') transition(outcome, 'RAISE', 'ACTIVE', timeMs, source);
  return outcome;
}
