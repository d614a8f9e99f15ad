import { AlarmEvent, AlarmRecord } from '../../api/alarms';
import { alarmStateConflict, componentNotFound, entityNotFound, notAnAlarm } from '../../errors';
import { ALARM_BASE_TYPE } from '../../model/component-types/built-ins';
import { AlarmEventRow, alarmEventPage, alarmPage, AlarmRow, toRecord } from '../alarms-common/alarm-record';
import { AlarmActionRequest, AlarmCursor, AlarmEventCursor, AlarmQuery, AlarmStore } from '../alarms';
import { PageRequest } from '../values';
import { Page } from '../workspaces';
import { Db } from './database';
import { SqliteValueStore } from './values';

// the types extending alarm.basic in workspace @ws (the base included)
const ALARM_TYPES = `alarm_types(component_type_id) AS (
  SELECT @base
  UNION SELECT p.component_type_id FROM component_type_parents p JOIN alarm_types a
    ON p.workspace_id = @ws AND p.parent_id = a.component_type_id)`;
const SUBTREE = `subtree(entity_key) AS (
  SELECT @root UNION ALL SELECT e.entity_key FROM entities e JOIN subtree s ON e.parent_key = s.entity_key)`;
const SEVERITY = `coalesce((SELECT CAST(p.value_json ->> '$.integerValue' AS INTEGER) FROM properties p
  WHERE p.component_key = c.component_key AND p.property_name = 'severity'), 0)`;
// listing order: severity (highest first), newest transition first, then entity and component
const ORDER = 'sev DESC, since DESC, eid, cn';
// a record's columns over components c, entities e and alarm_states s (sort keys first)
const COLUMNS = `c.component_key AS ck, e.entity_id AS eid, c.component_name AS cn, ${SEVERITY} AS sev,
  coalesce(s.since_ms, -1) AS since, e.entity_name, c.component_type_id, s.status, s.snoozed_until_ms, s.source_json,
  (SELECT json_group_object(p.property_name, json(p.value_json)) FROM properties p
   WHERE p.component_key = c.component_key AND p.value_json IS NOT NULL) AS props`;

/**
 * Alarm reads and actions on SQLite. Reads run here; every state change goes to the value writer
 * (SqliteValueStore.alarmCommand), which owns alarm state. A listing of ACTIVE, ACKNOWLEDGED or
 * SNOOZE_DISABLED alarms starts from `alarm_states_by_status`; NORMAL ones include the alarms that
 * never moved (no state row), found through their types. One statement per page: measured
 * against reading the page's keys first and its details after, it was faster (the details of a
 * thousand alarms cost about what their sort does).
 */
export class SqliteAlarmStore implements AlarmStore {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: Db,
    private readonly values: SqliteValueStore,
  ) {}

  async list(
    workspaceId: string,
    query: AlarmQuery,
    page: PageRequest<AlarmCursor>,
  ): Promise<Page<AlarmRecord, AlarmCursor>> {
    const root = query.entityId === undefined ? undefined : this.entityKey(workspaceId, query.entityId);
    await this.endDueSnoozes(workspaceId);
    const params: Record<string, unknown> = {
      ws: workspaceId,
      base: ALARM_BASE_TYPE,
      statuses: JSON.stringify(query.statuses),
      limit: page.limit + 1,
    };
    const ctes: string[] = [];
    const where: string[] = [];
    if (root !== undefined) {
      params.root = root;
      ctes.push(SUBTREE);
      where.push('c.entity_key IN (SELECT entity_key FROM subtree)');
    }
    let source: string;
    if (query.statuses.includes('NORMAL')) {
      ctes.push(ALARM_TYPES);
      source = `FROM alarm_types a JOIN components c ON c.component_type_id = a.component_type_id
        JOIN entities e ON e.entity_key = c.entity_key AND e.workspace_id = @ws
        LEFT JOIN alarm_states s ON s.component_key = c.component_key`;
      where.push(`coalesce(s.status, 'NORMAL') IN (SELECT value FROM json_each(@statuses))`);
    } else {
      source = `FROM alarm_states s JOIN components c ON c.component_key = s.component_key
        JOIN entities e ON e.entity_key = c.entity_key`;
      where.push('s.workspace_id = @ws', 's.status IN (SELECT value FROM json_each(@statuses))');
    }
    let after = '';
    if (page.after) {
      [params.aSev, params.aSince, params.aEid, params.aCn] = page.after;
      after = 'WHERE (-sev, -since, eid, cn) > (-@aSev, -@aSince, @aEid, @aCn)';
    }
    const sql = `${ctes.length > 0 ? `WITH RECURSIVE ${ctes.join(', ')}` : ''}
      SELECT * FROM (SELECT ${COLUMNS} ${source} WHERE ${where.join(' AND ')}) ${after}
      ORDER BY ${ORDER} LIMIT @limit`;
    return alarmPage(this.db.prepare(sql).all(params) as AlarmRow[], page.limit);
  }

  async get(workspaceId: string, entityId: string, componentName: string): Promise<AlarmRecord> {
    const componentKey = this.alarmKey(workspaceId, entityId, componentName);
    await this.endDueSnoozes(workspaceId);
    return this.record(componentKey);
  }

  async act(
    workspaceId: string,
    entityId: string,
    componentName: string,
    request: AlarmActionRequest,
    accessKeyId: string,
  ): Promise<AlarmRecord> {
    const componentKey = this.alarmKey(workspaceId, entityId, componentName);
    const result = await this.values.alarmCommand({
      workspaceId,
      entityId,
      componentName,
      accessKeyId,
      nowMs: Date.now(),
      ...request,
    });
    if ('error' in result) {
      if (result.error === 'refused')
        throw alarmStateConflict(entityId, componentName, request.action.toLowerCase(), result.message ?? 'refused');
      throw notAnAlarm(entityId, componentName, 'component');
    }
    if (request.action === 'SNOOZE') this.endSnoozeAt(workspaceId, request.durationSeconds * 1000);
    return this.record(componentKey);
  }

  async events(
    workspaceId: string,
    entityId: string,
    componentName: string,
    page: PageRequest<AlarmEventCursor>,
  ): Promise<Page<AlarmEvent, AlarmEventCursor>> {
    const componentKey = this.alarmKey(workspaceId, entityId, componentName);
    await this.endDueSnoozes(workspaceId);
    const [afterTime, afterKey] = page.after ?? [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    const rows = this.db
      .prepare(
        `SELECT event_key, time_ms, action, status, previous_status, access_key_id, note, source_json
         FROM alarm_events WHERE component_key = ? AND (time_ms, event_key) < (?, ?)
         ORDER BY time_ms DESC, event_key DESC LIMIT ?`,
      )
      .all(componentKey, afterTime, afterKey, page.limit + 1) as AlarmEventRow[];
    return alarmEventPage(rows, page.limit);
  }

  /** Stops the snooze timers. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Ends the workspace's snoozes that are due, so no read shows an expired one. */
  private async endDueSnoozes(workspaceId: string): Promise<void> {
    const nowMs = Date.now();
    const due = this.db
      .prepare(
        `SELECT 1 FROM alarm_states WHERE workspace_id = ? AND status = 'SNOOZE_DISABLED' AND snoozed_until_ms <= ? LIMIT 1`,
      )
      .get(workspaceId, nowMs);
    if (due) await this.values.alarmCommand({ action: 'EXPIRE', workspaceId, nowMs });
  }

  /** The snooze ends by itself (and the live stream shows it) even if nobody reads meanwhile. */
  private endSnoozeAt(workspaceId: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.endDueSnoozes(workspaceId).catch(() => undefined); // the next read retries
    }, delayMs + 10);
    timer.unref();
    this.timers.add(timer);
  }

  private entityKey(workspaceId: string, entityId: string): number {
    const key = this.db
      .prepare('SELECT entity_key FROM entities WHERE workspace_id = ? AND entity_id = ?')
      .pluck()
      .get(workspaceId, entityId) as number | undefined;
    if (key === undefined) throw entityNotFound(workspaceId, entityId);
    return key;
  }

  /** The component key of an alarm, or the ResourceNotFoundException saying what is missing. */
  private alarmKey(workspaceId: string, entityId: string, componentName: string): number {
    const entityKey = this.entityKey(workspaceId, entityId);
    const component = this.db
      .prepare('SELECT component_key, component_type_id FROM components WHERE entity_key = ? AND component_name = ?')
      .get(entityKey, componentName) as { component_key: number; component_type_id: string } | undefined;
    if (!component) throw componentNotFound(entityId, componentName);
    const isAlarm = this.db
      .prepare(`WITH RECURSIVE ${ALARM_TYPES} SELECT 1 FROM alarm_types WHERE component_type_id = @type`)
      .get({ ws: workspaceId, base: ALARM_BASE_TYPE, type: component.component_type_id });
    if (!isAlarm) throw notAnAlarm(entityId, componentName, component.component_type_id);
    return component.component_key;
  }

  private record(componentKey: number): AlarmRecord {
    const row = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM components c JOIN entities e ON e.entity_key = c.entity_key
         LEFT JOIN alarm_states s ON s.component_key = c.component_key WHERE c.component_key = @ck`,
      )
      .get({ ck: componentKey }) as AlarmRow;
    return toRecord(row);
  }
}
