import { acknowledge, endSnoozeIfDue, isRefusal, reset, snooze, statusWritten } from './actions';
import { AlarmState, initialAlarmState } from './alarm-state';
import { evaluateThreshold, ThresholdConfig } from './threshold';

const config: ThresholdConfig = {
  sourceComponent: 'Heat',
  sourceProperty: 'temperature',
  operator: '>',
  threshold: 200,
  hysteresis: 0,
  delaySeconds: 0,
};
const source = { componentName: 'Heat', propertyName: 'temperature', value: { doubleValue: 1 }, time: 'x' };
const T = 1_000_000;
const active = (): AlarmState => evaluateThreshold(config, initialAlarmState(), 300, T, source, T).state;

test('acknowledge turns ACTIVE into ACKNOWLEDGED; NORMAL and ACKNOWLEDGED are refused with the reason', () => {
  const acked = acknowledge(active(), T + 1);
  expect(isRefusal(acked)).toBe(false);
  if (isRefusal(acked)) return;
  expect(acked.state.status).toBe('ACKNOWLEDGED');
  expect(acked.transitions).toEqual([
    { action: 'ACKNOWLEDGE', status: 'ACKNOWLEDGED', previousStatus: 'ACTIVE', timeMs: T + 1 },
  ]);
  expect(acknowledge(initialAlarmState(), T)).toEqual({ refused: expect.stringMatching(/NORMAL/) });
  expect(acknowledge(acked.state, T + 2)).toEqual({ refused: expect.stringMatching(/already/) });
});

test('an acknowledged alarm clears to NORMAL when its value comes back', () => {
  const acked = acknowledge(active(), T + 1);
  if (isRefusal(acked)) throw new Error('refused');
  const cleared = evaluateThreshold(config, acked.state, 100, T + 2, source, T + 2);
  expect(cleared.state.status).toBe('NORMAL');
  expect(cleared.transitions[0]).toMatchObject({ action: 'CLEAR', previousStatus: 'ACKNOWLEDGED' });
});

test('a snooze holds the status while values come and ends by itself into what the condition says', () => {
  const snoozed = snooze(active(), T + 1, 60).state;
  expect(snoozed).toMatchObject({ status: 'SNOOZE_DISABLED', snoozedUntilMs: T + 1 + 60_000 });
  // the value drops while snoozed: still snoozed, but the condition no longer holds
  const dropped = evaluateThreshold(config, snoozed, 100, T + 2, source, T + 2).state;
  expect(dropped).toMatchObject({ status: 'SNOOZE_DISABLED', breached: false });
  expect(endSnoozeIfDue(dropped, T + 30_000).transitions).toEqual([]);
  const ended = endSnoozeIfDue(dropped, T + 61_001);
  expect(ended.state.status).toBe('NORMAL');
  expect(ended.transitions).toEqual([
    { action: 'SNOOZE_END', status: 'NORMAL', previousStatus: 'SNOOZE_DISABLED', timeMs: T + 1 + 60_000 },
  ]);
  // still breaching at the end: back to ACTIVE
  expect(endSnoozeIfDue(snoozed, T + 61_001).state.status).toBe('ACTIVE');
});

test('a value after the snooze’s end first ends it, then is evaluated', () => {
  const snoozed = snooze(initialAlarmState(), T, 10).state;
  const outcome = evaluateThreshold(config, snoozed, 300, T + 20_000, source, T + 20_000);
  expect(outcome.transitions.map((t) => t.action)).toEqual(['SNOOZE_END', 'RAISE']);
  expect(outcome.state.status).toBe('ACTIVE');
});

test('reset makes any alarm NORMAL and forgets the condition, so the next breaching value raises it', () => {
  const r = reset(active(), T + 1);
  expect(r.state).toMatchObject({ status: 'NORMAL', breached: false, snoozedUntilMs: null });
  expect(evaluateThreshold(config, r.state, 300, T + 2, source, T + 2).state.status).toBe('ACTIVE');
});

test('a written status is the status from its time on; the same status again is no transition', () => {
  const written = statusWritten(initialAlarmState(), 'ACTIVE', T, source);
  expect(written.transitions).toEqual([
    { action: 'RAISE', status: 'ACTIVE', previousStatus: 'NORMAL', timeMs: T, source },
  ]);
  expect(statusWritten(written.state, 'ACTIVE', T + 1, source).transitions).toEqual([]);
});
