// Threshold editing for keys that may write: the rule's operator, threshold, hysteresis and
// delay are ordinary properties of the alarm component, changed with one UpdateEntity.
import { Alert, Button, Field, Input, Modal, RadioButtonGroup, Stack } from '@grafana/ui';
import { useState } from 'react';

import type { AlarmRecord, AlarmThreshold } from '../../common/alarms';
import type { DataValue } from '../../common/twinmaker';
import { errorText } from './AlarmActionModal';
import type { AlarmService } from './useAlarmService';

const OPERATORS = ['>', '>=', '<', '<=', '==', '!='].map((o) => ({ label: o, value: o }));

type Draft = Record<'operator' | 'threshold' | 'hysteresis' | 'delaySeconds', string>;

/** What the draft changes, as UpdateEntity propertyUpdates; a message when a number is not one. */
export function thresholdUpdates(
  current: AlarmThreshold,
  draft: Draft,
): { updates: Record<string, { value: DataValue }>; problem?: string } {
  const updates: Record<string, { value: DataValue }> = {};
  if (draft.operator !== current.operator) updates.operator = { value: { stringValue: draft.operator } };
  for (const name of ['threshold', 'hysteresis'] as const) {
    const n = Number(draft[name]);
    if (draft[name].trim() === '' || !Number.isFinite(n)) return { updates, problem: `${name} must be a number` };
    if (name === 'hysteresis' && n < 0) return { updates, problem: 'hysteresis cannot be negative' };
    if (n !== current[name]) updates[name] = { value: { doubleValue: n } };
  }
  const delay = Number(draft.delaySeconds);
  if (!Number.isInteger(delay) || delay < 0) return { updates, problem: 'delay must be a whole number of seconds ≥ 0' };
  if (delay !== current.delaySeconds) updates.delaySeconds = { value: { integerValue: delay } };
  return { updates };
}

interface Props {
  alarm: AlarmRecord & { threshold: AlarmThreshold };
  service: AlarmService;
  onDone(threshold: AlarmThreshold): void;
  onDismiss(): void;
}

export function ThresholdModal({ alarm, service, onDone, onDismiss }: Props) {
  const t = alarm.threshold;
  const [draft, setDraft] = useState<Draft>({
    operator: t.operator,
    threshold: String(t.threshold),
    hysteresis: String(t.hysteresis ?? 0),
    delaySeconds: String(t.delaySeconds ?? 0),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { updates, problem } = thresholdUpdates(t, draft);
  const set = (name: keyof Draft) => (e: React.FormEvent<HTMLInputElement>) =>
    setDraft({ ...draft, [name]: e.currentTarget.value });

  const save = async () => {
    if (!Object.keys(updates).length) return onDismiss();
    setBusy(true);
    setError(undefined);
    try {
      await service.client.updateEntity(service.workspaceId, alarm.entityId, {
        componentUpdates: { [alarm.componentName]: { updateType: 'UPDATE', propertyUpdates: updates } },
      });
      onDone({
        ...t,
        operator: draft.operator,
        threshold: Number(draft.threshold),
        hysteresis: Number(draft.hysteresis),
        delaySeconds: Number(draft.delaySeconds),
      });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Threshold of ${alarm.alarmName} on ${alarm.entityName || alarm.entityId}`}
      isOpen
      onDismiss={onDismiss}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem) void save();
        }}
      >
        {error && (
          <Alert severity="error" title="The threshold was not changed">
            {error}
          </Alert>
        )}
        <p>
          Raised when {t.sourceComponent}.{t.sourceProperty} {draft.operator} {draft.threshold || '?'}
          {Number(draft.delaySeconds) > 0 ? ` for ${draft.delaySeconds} s` : ''}; cleared once it is back by the
          hysteresis.
        </p>
        <Field label="Operator">
          <RadioButtonGroup
            aria-label="Operator"
            options={OPERATORS}
            value={draft.operator}
            onChange={(operator) => setDraft({ ...draft, operator })}
          />
        </Field>
        <Field label="Threshold">
          <Input
            id="doppel-alarm-threshold"
            type="number"
            step="any"
            value={draft.threshold}
            onChange={set('threshold')}
          />
        </Field>
        <Field label="Hysteresis" description="How far back across the threshold the value must go to clear">
          <Input
            id="doppel-alarm-hysteresis"
            type="number"
            step="any"
            min={0}
            value={draft.hysteresis}
            onChange={set('hysteresis')}
          />
        </Field>
        <Field label="Delay (seconds)" description="How long the condition must hold before the alarm is raised">
          <Input
            id="doppel-alarm-delay"
            type="number"
            min={0}
            step={1}
            value={draft.delaySeconds}
            onChange={set('delaySeconds')}
          />
        </Field>
        {problem && <Alert severity="warning" title={problem} />}
        <Stack justifyContent="flex-end" gap={1}>
          <Button variant="secondary" fill="outline" type="button" onClick={onDismiss}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy || Boolean(problem)}>
            {busy ? 'Saving…' : 'Save threshold'}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
