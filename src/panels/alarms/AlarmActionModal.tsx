// The confirm step of Acknowledge / Snooze / Reset: a note for the audit trail (and, to
// snooze, how long), sent to the service; its refusal is shown here in its own words.
import { Alert, Button, Field, Input, Modal, Stack, TextArea } from '@grafana/ui';
import { useState } from 'react';

import type { AlarmAction, AlarmRecord } from '../../common/alarms';
import { DoppelApiError } from '../../common/client';
import type { AlarmService } from './useAlarmService';

export const ACTION_LABELS: Record<AlarmAction, string> = {
  acknowledge: 'Acknowledge',
  snooze: 'Snooze',
  reset: 'Reset',
};

/** Longest snooze the service takes: a week. */
const MAX_SNOOZE_MINUTES = 7 * 24 * 60;

interface Props {
  alarm: AlarmRecord;
  action: AlarmAction;
  service: AlarmService;
  snoozeMinutes: number;
  onDone(answer: AlarmRecord): void;
  onDismiss(): void;
}

export function errorText(e: unknown): string {
  if (e instanceof DoppelApiError) return e.errorType ? `${e.errorType}: ${e.message}` : e.message;
  return e instanceof Error ? e.message : String(e);
}

export function AlarmActionModal({ alarm, action, service, snoozeMinutes, onDone, onDismiss }: Props) {
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState(String(snoozeMinutes));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const label = ACTION_LABELS[action];
  const duration = Number(minutes);
  const durationInvalid =
    action === 'snooze' && !(Number.isInteger(duration) && duration >= 1 && duration <= MAX_SNOOZE_MINUTES);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await service.client.alarmAction(
        service.workspaceId,
        alarm.entityId,
        alarm.componentName,
        action,
        {
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(action === 'snooze' ? { durationSeconds: duration * 60 } : {}),
        },
      );
      onDone(answer);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Modal title={`${label} ${alarm.alarmName} on ${alarm.entityName || alarm.entityId}`} isOpen onDismiss={onDismiss}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!durationInvalid) void submit();
        }}
      >
        {error && (
          <Alert severity="error" title={`${label} failed`}>
            {error}
          </Alert>
        )}
        {action === 'snooze' && (
          <Field
            label="Snooze for (minutes)"
            invalid={durationInvalid}
            error={durationInvalid ? `A whole number of minutes from 1 to ${MAX_SNOOZE_MINUTES} (a week)` : undefined}
          >
            <Input
              id="doppel-alarm-snooze-minutes"
              type="number"
              min={1}
              max={MAX_SNOOZE_MINUTES}
              value={minutes}
              onChange={(e) => setMinutes(e.currentTarget.value)}
            />
          </Field>
        )}
        <Field label="Note" description="Kept with the alarm's history, with your key and the time">
          <TextArea id="doppel-alarm-note" value={note} rows={3} onChange={(e) => setNote(e.currentTarget.value)} />
        </Field>
        <Stack justifyContent="flex-end" gap={1}>
          <Button variant="secondary" fill="outline" type="button" onClick={onDismiss}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy || durationInvalid}>
            {busy ? `${label}…` : label}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
