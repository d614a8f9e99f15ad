import { AlarmEvent, AlarmRecord } from '../../api/alarms';
import { DataValue } from '../../api/common';
import { alarmStateConflict, componentNotFound, entityNotFound, notAnAlarm } from '../../errors';
import { SourceValue } from '../../model/alarms/alarm-state';
import { numberOf, thresholdConfigOf } from '../../model/alarms/threshold';
import { ALARM_BASE_TYPE } from '../../model/component-types/built-ins';
import { AlarmActionRequest, AlarmCursor, AlarmEventCursor, AlarmQuery, AlarmStore } from '../alarms';
import { PageRequest } from '../values';
import { Page } from '../workspaces';
import { Db } from './database';
import { SqliteValueStore } from './values';

/** A listing row: the sort keys, then what the record needs. */
interface AlarmRow {
  ck: number;
  eid: string;
  cn: string;
  sev: number;
  since: number;
  entity_name: string;
  component_type_id: string;
  status: string | null;
  snoozed_until_ms: number | null;
  source_json: string | null;
  props: string | null;
}

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

const iso = (ms: number | null) => (ms === null || ms < 0 ? null : new Date(ms).toISOString());

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
    const rows = this.db.prepare(sql).all(params) as AlarmRow[];
    const more = rows.length > page.limit;
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toRecord),
      ...(more && last && { next: [last.sev, last.since, last.eid, last.cn] as AlarmCursor }),
    };
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
      .all(componentKey, afterTime, afterKey, page.limit + 1) as {
      event_key: number;
      time_ms: number;
      action: AlarmEvent['action'];
      status: AlarmEvent['status'];
      previous_status: AlarmEvent['previousStatus'];
      access_key_id: string | null;
      note: string | null;
      source_json: string | null;
    }[];
    const items = rows.slice(0, page.limit);
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
      ...(rows.length > page.limit && last && { next: [last.time_ms, last.event_key] as AlarmEventCursor }),
    };
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

function toRecord(row: AlarmRow): AlarmRecord {
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
