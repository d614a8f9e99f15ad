// An alarm's audit trail: every transition and every action on it, newest first, with the key
// that acted, its note and the value that caused a transition (GET …/events; a read key may).
import { dateTimeFormat } from '@grafana/data';
import { Alert, LoadingPlaceholder, Modal } from '@grafana/ui';

import type { AlarmRecord } from '../../common/alarms';
import { useAsync } from '../../common/useAsync';
import { errorText } from './AlarmActionModal';
import { sourceText } from './AlarmTable';
import type { AlarmService } from './useAlarmService';

interface Props {
  alarm: AlarmRecord;
  service: AlarmService;
  onDismiss(): void;
}

export function AlarmHistoryModal({ alarm, service, onDismiss }: Props) {
  const events = useAsync(
    () => service.client.alarmEvents(service.workspaceId, alarm.entityId, alarm.componentName),
    [alarm.entityId, alarm.componentName],
  );
  return (
    <Modal
      title={`History of ${alarm.alarmName} on ${alarm.entityName || alarm.entityId}`}
      isOpen
      onDismiss={onDismiss}
    >
      {events.loading && <LoadingPlaceholder text="Loading history…" />}
      {events.error && (
        <Alert severity="error" title="The history could not be read">
          {errorText(events.error)}
        </Alert>
      )}
      {events.value && events.value.events.length === 0 && <p>Nothing has happened to this alarm yet.</p>}
      {events.value && events.value.events.length > 0 && (
        <ol aria-label="Alarm history">
          {events.value.events.map((e, i) => (
            <li key={i}>
              <strong>{dateTimeFormat(e.time)}</strong> {e.action}: {e.previousStatus ?? '–'} → {e.status}
              {e.accessKeyId ? ` by ${e.accessKeyId}` : ''}
              {e.sourceValue ? ` (${sourceText({ sourceValue: e.sourceValue })})` : ''}
              {e.note ? ` — “${e.note}”` : ''}
            </li>
          ))}
        </ol>
      )}
    </Modal>
  );
}
