import { AlarmEvent, AlarmRecord } from '../../api/alarms';
import { DataValue } from '../../api/common';
import { SourceValue } from '../../model/alarms/alarm-state';
import { numberOf, thresholdConfigOf } from '../../model/alarms/threshold';
import { AlarmCursor, AlarmEventCursor } from '../alarms';
import { Page } from '../workspaces';

/** A listing row as both stores select it: the sort keys, then what the record needs. */
export interface AlarmRow {
  eid: string;
  cn: string;
  sev: number;
  since: number;
  entity_name: string;
  component_type_id: string;
  status: string | null;
  snoozed_until_ms: number | null;
  source_json: string | null;
  /** the component's property values as a JSON object */
  props: string | null;
}

/** An audit row as both stores select it. */
export interface AlarmEventRow {
  event_key: number;
  time_ms: number;
  action: AlarmEvent['action'];
  status: AlarmEvent['status'];
  previous_status: AlarmEvent['previousStatus'];
  access_key_id: string | null;
  note: string | null;
  source_json: string | null;
}

const iso = (ms: number | null) => (ms === null || ms < 0 ? null : new Date(ms).toISOString());

/** The API record of a listing row. */
export function toRecord(row: AlarmRow): AlarmRecord {
  const props = JSON.parse(row.props ?? '{}') as Record<string, DataValue>;
  const config = thresholdConfigOf(props);
  const status = (row.status ?? 'NORMAL') as AlarmRecord['status'];
  const severity = numberOf(props.severity);
  return {
    entityId: row.eid,
    entityName: row.entity_name,
    componentName: row.cn,
    componentTypeId: row.component_type_id,
    alarmName: row.cn,
    alarmKey: props.alarm_key?.stringValue ?? `${row.eid}/${row.cn}`,
    status,
    severity: severity === undefined ? null : Math.trunc(severity),
    since: iso(row.since),
    message: props.alarm_message?.stringValue ?? null,
    threshold: 'problem' in config ? null : config,
    sourceValue: row.source_json === null ? null : (JSON.parse(row.source_json) as SourceValue),
    snoozedUntil: status === 'SNOOZE_DISABLED' ? iso(row.snoozed_until_ms) : null,
  };
}

/** A listing page of `limit` from rows read with one extra (which says a next page exists). */
export function alarmPage(rows: AlarmRow[], limit: number): Page<AlarmRecord, AlarmCursor> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toRecord),
    ...(rows.length > limit && last && { next: [last.sev, last.since, last.eid, last.cn] as AlarmCursor }),
  };
}

/** An events page of `limit` from rows read with one extra. */
export function alarmEventPage(rows: AlarmEventRow[], limit: number): Page<AlarmEvent, AlarmEventCursor> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({
      time: iso(r.time_ms)!,
      status: r.status,
      previousStatus: r.previous_status,
      action: r.action,
      ...(r.access_key_id !== null && { accessKeyId: r.access_key_id }),
      ...(r.note !== null && { note: r.note }),
      ...(r.source_json !== null && { sourceValue: JSON.parse(r.source_json) as SourceValue }),
    })),
    ...(rows.length > limit && last && { next: [last.time_ms, last.event_key] as AlarmEventCursor }),
  };
}
