import { AlarmEvent, AlarmRecord } from '../api/alarms';
import { AlarmStatus } from '../model/alarms/alarm-state';
import { PageRequest } from './values';
import { Page } from './workspaces';

/** Which alarms a listing returns: by status, and under an entity (itself and its descendants). */
export interface AlarmQuery {
  statuses: AlarmStatus[];
  entityId?: string;
}

/** Where a listing page starts: after (severity, since, entityId, componentName) in listing order. */
export type AlarmCursor = [number, number, string, string];
/** Where an events page starts: after (time, event number), newest first. */
export type AlarmEventCursor = [number, number];

export type AlarmActionRequest =
  { action: 'ACKNOWLEDGE' | 'RESET'; note?: string } | { action: 'SNOOZE'; note?: string; durationSeconds: number };

/**
 * Alarms: every component of a type extending `com.amazon.iottwinmaker.alarm.basic`, with the
 * state the value writer keeps for it. Reads never show an expired snooze; actions are audited
 * and answer the alarm's new record.
 */
export interface AlarmStore {
  /** One page of the workspace's alarms, by severity (highest first), then newest transition first. */
  list(workspaceId: string, query: AlarmQuery, page: PageRequest<AlarmCursor>): Promise<Page<AlarmRecord, AlarmCursor>>;
  /** One alarm; ResourceNotFoundException when the entity, the component, or its being an alarm is missing. */
  get(workspaceId: string, entityId: string, componentName: string): Promise<AlarmRecord>;
  /** Acknowledge, snooze or reset, by `accessKeyId`; ConflictException when the status does not allow it. */
  act(
    workspaceId: string,
    entityId: string,
    componentName: string,
    request: AlarmActionRequest,
    accessKeyId: string,
  ): Promise<AlarmRecord>;
  /** The alarm's transitions and actions, newest first. */
  events(
    workspaceId: string,
    entityId: string,
    componentName: string,
    page: PageRequest<AlarmEventCursor>,
  ): Promise<Page<AlarmEvent, AlarmEventCursor>>;
}
