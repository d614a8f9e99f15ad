import type { SelectableValue } from '@grafana/data';
import { InlineField, MultiSelect } from '@grafana/ui';

import { ALARM_STATUSES, type AlarmStatus } from '../../common/alarms';
import { EntityPicker, FIELD_WIDTH, LABEL_WIDTH } from '../components/pickers';
import type { QueryType } from '../types';
import { StreamSwitch } from './StreamSwitch';
import type { TypeEditorProps } from './types';

const STATUS_OPTIONS: Array<SelectableValue<AlarmStatus>> = ALARM_STATUSES.map((s) => ({ label: s, value: s }));

/** Get Alarms: status filter, entity scope (it and its descendants), live. */
export function AlarmsEditor({ datasource, query, onChange }: TypeEditorProps<QueryType.GetAlarms>) {
  return (
    <>
      <InlineField label="Status" labelWidth={LABEL_WIDTH} tooltip="Only alarms in these states; empty = every state">
        <MultiSelect
          inputId="doppel-alarm-status"
          aria-label="Alarm status"
          width={FIELD_WIDTH}
          placeholder="Every state"
          options={STATUS_OPTIONS}
          value={query.statuses ?? []}
          onChange={(selected: Array<SelectableValue<AlarmStatus>>) =>
            onChange({ ...query, statuses: selected.map((o) => o.value!).filter(Boolean) })
          }
        />
      </InlineField>
      <EntityPicker
        datasource={datasource}
        label="Under entity"
        value={query.entityId}
        onChange={(entityId) => onChange({ ...query, entityId })}
      />
      <StreamSwitch
        value={query.stream}
        tooltip="Keep the list live: it is read again as soon as an alarm's status changes"
        onChange={(stream) => onChange({ ...query, stream })}
      />
    </>
  );
}
