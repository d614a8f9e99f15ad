import { AlarmEvent, AlarmRecord } from '../../../api/alarms';
import { alarmStateConflict, componentNotFound, entityNotFound, notAnAlarm } from '../../../errors';
import { ALARM_BASE_TYPE } from '../../../model/component-types/built-ins';
import { AlarmActionRequest, AlarmCursor, AlarmEventCursor, AlarmQuery, AlarmStore } from '../../alarms';
import { AlarmEventRow, alarmEventPage, alarmPage, AlarmRow, toRecord } from '../../alarms-common/alarm-record';
import { PageRequest } from '../../values';
import { Page } from '../../workspaces';
import { PgDb, row, rows } from '../database';
import { PgValueStore } from '../values';

// the types extending alarm.basic in workspace $1 (the base included), as SQLite's alarm store
const ALARM_TYPES = `alarm_types(component_type_id) AS (
  SELECT $2::text COLLATE "C"
  UNION SELECT p.component_type_id FROM component_type_parents p JOIN alarm_types a
    ON p.workspace_id = $1 AND p.parent_id = a.component_type_id)`;
const SEVERITY = `coalesce((SELECT (p.value_json::jsonb ->> 'integerValue')::integer FROM properties p
  WHERE p.component_key = c.component_key AND p.property_name = 'severity'), 0)`;
// listing order: severity (highest first), newest transition first, then entity and component
const ORDER = 'sev DESC, since DESC, eid, cn';
// a record's columns over components c, entities e and alarm_states s (sort keys first)
const COLUMNS = `e.entity_id AS eid, c.component_name AS cn, ${SEVERITY} AS sev,
  coalesce(s.since_ms, -1) AS since, e.entity_name, c.component_type_id, s.status, s.snoozed_until_ms, s.source_json,
  (SELECT json_object_agg(p.property_name, p.value_json::json)::text FROM properties p
   WHERE p.component_key = c.component_key AND p.value_json IS NOT NULL) AS props`;

/**
 * Alarm reads and actions on PostgreSQL, the same statements as SQLite's alarm store in
 * PostgreSQL's dialect; records and pages are built by store/alarms-common. Every state change
 * (actions, snooze expiry) is a value write (PgValueStore), which evaluates alarms under the
 * value-write lock, so replicas never act on a stale state.
 */
export class PgAlarmStore implements AlarmStore {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: PgDb,
    private readonly values: PgValueStore,
  ) {}

  async list(
    workspaceId: string,
    query: AlarmQuery,
    page: PageRequest<AlarmCursor>,
  ): Promise<Page<AlarmRecord, AlarmCursor>> {
    const root = query.entityId === undefined ? undefined : await this.entityKey(workspaceId, query.entityId);
    await this.endDueSnoozes(workspaceId);
    const params: unknown[] = [workspaceId, ALARM_BASE_TYPE, query.statuses, page.limit + 1];
    const ctes: string[] = [];
    const where: string[] = [];
    if (root !== undefined) {
      params.push(root);
      ctes.push(`subtree(entity_key) AS (
        SELECT $${params.length}::integer UNION ALL
        SELECT e.entity_key FROM entities e JOIN subtree s ON e.parent_key = s.entity_key)`);
      where.push('c.entity_key IN (SELECT entity_key FROM subtree)');
    }
    let source: string;
    if (query.statuses.includes('NORMAL')) {
      ctes.push(ALARM_TYPES);
      source = `FROM alarm_types a JOIN components c ON c.component_type_id = a.component_type_id
        JOIN entities e ON e.entity_key = c.entity_key AND e.workspace_id = $1
        LEFT JOIN alarm_states s ON s.component_key = c.component_key`;
      where.push(`coalesce(s.status, 'NORMAL') = ANY($3::text[])`);
    } else {
      source = `FROM alarm_states s JOIN components c ON c.component_key = s.component_key
        JOIN entities e ON e.entity_key = c.entity_key`;
      // ($2, the base type, is not needed here; naming it keeps the parameter list one for both sources)
      where.push('s.workspace_id = $1', 's.status = ANY($3::text[])', '$2::text IS NOT NULL');
    }
    let after = '';
    if (page.after) {
      const [sev, since, eid, cn] = page.after;
      params.push(sev, since, eid, cn);
      const n = params.length;
      after = `WHERE (-sev, -since, eid, cn) > (-$${n - 3}::integer, -$${n - 2}::bigint, $${n - 1}::text COLLATE "C", $${n}::text COLLATE "C")`;
    }
    const sql = `${ctes.length > 0 ? `WITH RECURSIVE ${ctes.join(', ')}` : ''}
      SELECT * FROM (SELECT ${COLUMNS} ${source} WHERE ${where.join(' AND ')}) AS listed ${after}
      ORDER BY ${ORDER} LIMIT $4`;
    return alarmPage(await rows<AlarmRow>(this.db.pool, sql, params), page.limit);
  }

  async get(workspaceId: string, entityId: string, componentName: string): Promise<AlarmRecord> {
    const componentKey = await this.alarmKey(workspaceId, entityId, componentName);
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
    const componentKey = await this.alarmKey(workspaceId, entityId, componentName);
    const outcome = await this.values.alarmAction(workspaceId, {
      entityId,
      componentName,
      accessKeyId,
      nowMs: Date.now(),
      ...request,
    });
    if (outcome === 'not-alarm') throw notAnAlarm(entityId, componentName, 'component');
    if (outcome) throw alarmStateConflict(entityId, componentName, request.action.toLowerCase(), outcome.refused);
    if (request.action === 'SNOOZE') this.endSnoozeAt(workspaceId, request.durationSeconds * 1000);
    return this.record(componentKey);
  }

  async events(
    workspaceId: string,
    entityId: string,
    componentName: string,
    page: PageRequest<AlarmEventCursor>,
  ): Promise<Page<AlarmEvent, AlarmEventCursor>> {
    const componentKey = await this.alarmKey(workspaceId, entityId, componentName);
    await this.endDueSnoozes(workspaceId);
    const [afterTime, afterKey] = page.after ?? [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    const found = await rows<AlarmEventRow>(
      this.db.pool,
      `SELECT event_key, time_ms, action, status, previous_status, access_key_id, note, source_json
       FROM alarm_events WHERE component_key = $1 AND (time_ms, event_key) < ($2::bigint, $3::bigint)
       ORDER BY time_ms DESC, event_key DESC LIMIT $4`,
      [componentKey, afterTime, afterKey, page.limit + 1],
    );
    return alarmEventPage(found, page.limit);
  }

  /** Stops the snooze timers. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Ends the workspace's snoozes that are due, so no read (on any replica) shows an expired one. */
  private async endDueSnoozes(workspaceId: string): Promise<void> {
    const nowMs = Date.now();
    const due = await row(
      this.db.pool,
      `SELECT 1 FROM alarm_states WHERE workspace_id = $1 AND status = 'SNOOZE_DISABLED' AND snoozed_until_ms <= $2 LIMIT 1`,
      [workspaceId, nowMs],
    );
    if (due) await this.values.expireSnoozes(workspaceId, nowMs);
  }

  /**
   * The snooze ends by itself (and live streams show it) even if nobody reads meanwhile; should
   * this replica stop first, the next read through any replica ends it.
   */
  private endSnoozeAt(workspaceId: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.endDueSnoozes(workspaceId).catch(() => undefined); // the next read retries
    }, delayMs + 10);
    timer.unref();
    this.timers.add(timer);
  }

  private async entityKey(workspaceId: string, entityId: string): Promise<number> {
    const found = await row<{ entity_key: number }>(
      this.db.pool,
      'SELECT entity_key FROM entities WHERE workspace_id = $1 AND entity_id = $2',
      [workspaceId, entityId],
    );
    if (!found) throw entityNotFound(workspaceId, entityId);
    return found.entity_key;
  }

  /** The component key of an alarm, or the ResourceNotFoundException saying what is missing. */
  private async alarmKey(workspaceId: string, entityId: string, componentName: string): Promise<number> {
    const entityKey = await this.entityKey(workspaceId, entityId);
    const component = await row<{ component_key: number; component_type_id: string }>(
      this.db.pool,
      'SELECT component_key, component_type_id FROM components WHERE entity_key = $1 AND component_name = $2',
      [entityKey, componentName],
    );
    if (!component) throw componentNotFound(entityId, componentName);
    const isAlarm = await row(
      this.db.pool,
      `WITH RECURSIVE ${ALARM_TYPES} SELECT 1 FROM alarm_types WHERE component_type_id = $3`,
      [workspaceId, ALARM_BASE_TYPE, component.component_type_id],
    );
    if (!isAlarm) throw notAnAlarm(entityId, componentName, component.component_type_id);
    return component.component_key;
  }

  private async record(componentKey: number): Promise<AlarmRecord> {
    const found = await row<AlarmRow>(
      this.db.pool,
      `SELECT ${COLUMNS} FROM components c JOIN entities e ON e.entity_key = c.entity_key
       LEFT JOIN alarm_states s ON s.component_key = c.component_key WHERE c.component_key = $1`,
      [componentKey],
    );
    return toRecord(found!);
  }
}
