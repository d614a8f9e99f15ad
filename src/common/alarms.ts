// The service's alarm routes as the plugin reads them: the records the one-call listing
// answers, the actions on one alarm, its audit events, and who the data source's key is.
import type { DataValue } from './twinmaker';

/** TwinMaker's alarm states (`alarm_status` of com.amazon.iottwinmaker.alarm.basic). */
export const ALARM_STATUSES = ['ACTIVE', 'SNOOZE_DISABLED', 'ACKNOWLEDGED', 'NORMAL'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

/** The colour TwinMaker's Get Alarms frame maps each state to (Grafana colour names). */
export const ALARM_STATUS_COLOURS: Record<AlarmStatus, string> = {
  NORMAL: 'green',
  ACTIVE: 'red',
  SNOOZE_DISABLED: 'orange',
  ACKNOWLEDGED: 'blue',
};

export const isAlarmStatus = (s: unknown): s is AlarmStatus => ALARM_STATUSES.includes(s as AlarmStatus);

/** The threshold rule of a `doppel.alarm.threshold` alarm. */
export interface AlarmThreshold {
  sourceComponent: string;
  sourceProperty: string;
  operator: string;
  threshold: number;
  hysteresis: number;
  delaySeconds: number;
}

/** The value that caused the last transition. */
export interface AlarmSourceValue {
  componentName: string;
  propertyName: string;
  value: DataValue;
  time: string;
}

/** One alarm as `GET /doppel/workspaces/{id}/alarms` lists it. */
export interface AlarmRecord {
  entityId: string;
  entityName: string;
  componentName: string;
  componentTypeId: string;
  /** the component name (TwinMaker's convention) */
  alarmName: string;
  /** the `alarm_key` property value */
  alarmKey: string;
  status: AlarmStatus;
  severity: number | null;
  /** ISO time of the last transition */
  since: string | null;
  message: string | null;
  threshold: AlarmThreshold | null;
  sourceValue: AlarmSourceValue | null;
  snoozedUntil: string | null;
}

export interface ListAlarmsResponse {
  alarms: AlarmRecord[];
  nextToken?: string;
}

export interface ListAlarmsRequest {
  statuses?: AlarmStatus[];
  /** that entity and all its descendants */
  entityId?: string;
  maxResults?: number;
}

/** The most the listing answers a page. */
export const ALARM_PAGE_MAX = 1000;

export type AlarmAction = 'acknowledge' | 'snooze' | 'reset';

export interface AlarmActionBody {
  note?: string;
  /** snooze only: 1..604800 */
  durationSeconds?: number;
}

export interface AlarmEvent {
  time: string;
  status: AlarmStatus;
  previousStatus: AlarmStatus | null;
  action: 'RAISE' | 'CLEAR' | 'ACKNOWLEDGE' | 'SNOOZE' | 'SNOOZE_END' | 'RESET';
  accessKeyId?: string;
  note?: string;
  sourceValue?: AlarmSourceValue;
}

/** `GET /doppel/whoami`: the calling key and what it may do. */
export interface WhoAmI {
  accessKeyId: string;
  isAdmin: boolean;
  workspaces: Array<{ workspaceId: string; role: 'read' | 'write' }>;
}

/** Whether the key may change the workspace (acknowledge, snooze, reset, edit thresholds). */
export function canWrite(who: WhoAmI | undefined, workspaceId: string): boolean {
  if (!who) return false;
  return who.isAdmin || who.workspaces.some((w) => w.workspaceId === workspaceId && w.role === 'write');
}

/** The alarm's `alarm_status` property, which the service also writes as a time series. */
export const ALARM_STATUS_PROPERTY = 'alarm_status';

/** Identity of one alarm: entity and component. */
export const alarmKeyOf = (a: { entityId: string; componentName: string }) => `${a.entityId}\u0000${a.componentName}`;
