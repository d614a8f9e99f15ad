import type { Database, Statement } from 'better-sqlite3';
import { ALARM_BASE_TYPE, THRESHOLD_ALARM_TYPE } from '../../../model/component-types/built-ins';
import { AlarmState, AlarmStatus, initialAlarmState, Outcome, SourceValue } from '../../../model/alarms/alarm-state';
import {
  actionOutcome,
  AlarmComponent,
  alarmComponentOf,
  AlarmMap,
  endSnoozeIfDue,
  isRefusal,
  pointOf,
  stateChanged,
  statusPointOf,
  valueStep,
  Watch,
} from '../../alarms-common/evaluation';
import { AlarmCommand, AlarmCommandResult, StatusValueEvent } from './alarm-commands';

/** Writes a value row in the running transaction; returns its seq. */
export type ValueRowWriter = (seriesId: number, ms: number, point: string) => number;

/**
 * Alarm evaluation at the value store's write seam: runs inside the value writer's transaction,
 * so an alarm moves in the same commit as the value that moved it, whatever path wrote it
 * (BatchPut, bulk, any later ingestion). Which series feed which alarms is cached and rebuilt
 * when the knowledge graph changes (its version counter); states are read and written per
 * value, and only values of watched series cost anything. The rules are model/alarms'.
 */
export class AlarmWriter {
  private version = -1;
  private readonly map = new AlarmMap();
  private bySeries = new Map<number, Watch[] | null>();
  /**
   * States as last stored, by component key: this writer is the only one that changes them (a
   * deleted component changes the graph's version, which empties the cache), so values need no
   * read of alarm_states.
   */
  private states = new Map<number, AlarmState>();
  private readonly versionStmt: Statement;
  private readonly alarmsStmt: Statement;
  private readonly seriesNameStmt: Statement;
  private readonly seriesInsertStmt: Statement;
  private readonly seriesIdStmt: Statement;
  private readonly stateStmt: Statement;
  private readonly saveStmt: Statement;
  private readonly eventStmt: Statement;
  private readonly dueStmt: Statement;

  constructor(
    db: Database,
    private readonly writeValue: ValueRowWriter,
  ) {
    this.versionStmt = db.prepare('SELECT version FROM knowledge_graph_version WHERE id = 1').pluck();
    // every component of a type extending alarm.basic, with its property values and whether its
    // type is (or extends) the threshold alarm and reads alarm_status from the built-in store
    this.alarmsStmt = db.prepare(`
      WITH RECURSIVE alarm_types(workspace_id, component_type_id, is_threshold) AS (
        SELECT workspace_id, component_type_id, component_type_id = @threshold FROM component_types
        WHERE component_type_id = @base
        UNION
        SELECT p.workspace_id, p.component_type_id, a.is_threshold OR p.component_type_id = @threshold
        FROM component_type_parents p JOIN alarm_types a
          ON p.workspace_id = a.workspace_id AND p.parent_id = a.component_type_id
      ),
      types AS (
        SELECT a.workspace_id, a.component_type_id, max(a.is_threshold) AS is_threshold,
          (SELECT count(*) FROM json_each(t.resolved_json, '$.functions') f
           WHERE f.key IN ('dataReader', 'dataReaderByEntity', 'dataReaderByComponentType')
             AND f.value -> '$.implementedBy.lambda' IS NOT NULL
             AND coalesce(f.value ->> '$.implementedBy.isNative', 0) = 0) = 0 AS native
        FROM alarm_types a JOIN component_types t
          ON t.workspace_id = a.workspace_id AND t.component_type_id = a.component_type_id
        GROUP BY a.workspace_id, a.component_type_id
      )
      SELECT c.component_key AS componentKey, e.workspace_id AS workspaceId, e.entity_id AS entityId,
        c.component_name AS componentName, ty.is_threshold AS isThreshold, ty.native AS native,
        (SELECT json_group_object(p.property_name, json(p.value_json)) FROM properties p
         WHERE p.component_key = c.component_key AND p.value_json IS NOT NULL) AS valuesJson
      FROM types ty JOIN components c ON c.component_type_id = ty.component_type_id
      JOIN entities e ON e.entity_key = c.entity_key AND e.workspace_id = ty.workspace_id`);
    this.seriesNameStmt = db
      .prepare('SELECT workspace_id, entity_id, component_name, property_name FROM value_series WHERE series_id = ?')
      .raw();
    this.seriesInsertStmt = db.prepare(
      'INSERT OR IGNORE INTO value_series (workspace_id, entity_id, component_name, property_name) VALUES (?, ?, ?, ?)',
    );
    this.seriesIdStmt = db
      .prepare(
        'SELECT series_id FROM value_series WHERE workspace_id = ? AND entity_id = ? AND component_name = ? AND property_name = ?',
      )
      .pluck();
    this.stateStmt = db.prepare(
      'SELECT status, since_ms, breached, pending_since_ms, snoozed_until_ms, source_json FROM alarm_states WHERE component_key = ?',
    );
    this.saveStmt = db.prepare(`
      INSERT INTO alarm_states (component_key, workspace_id, status, since_ms, breached, pending_since_ms, snoozed_until_ms, source_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (component_key) DO UPDATE SET status = excluded.status, since_ms = excluded.since_ms,
        breached = excluded.breached, pending_since_ms = excluded.pending_since_ms,
        snoozed_until_ms = excluded.snoozed_until_ms, source_json = excluded.source_json`);
    this.eventStmt = db.prepare(`
      INSERT INTO alarm_events (component_key, time_ms, action, status, previous_status, access_key_id, note, source_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.dueStmt = db
      .prepare(
        `SELECT component_key FROM alarm_states
         WHERE workspace_id = ? AND status = 'SNOOZE_DISABLED' AND snoozed_until_ms <= ?`,
      )
      .pluck();
  }

  /** Called at the start of each transaction: rebuilds the alarm map if the knowledge graph changed. */
  begin(): void {
    const version = this.versionStmt.get() as number;
    if (version === this.version) return;
    this.version = version;
    this.map.clear();
    this.states.clear();
    this.bySeries.clear();
    const rows = this.alarmsStmt.all({ base: ALARM_BASE_TYPE, threshold: THRESHOLD_ALARM_TYPE }) as {
      componentKey: number;
      workspaceId: string;
      entityId: string;
      componentName: string;
      isThreshold: number;
      native: number;
      valuesJson: string | null;
    }[];
    for (const row of rows) {
      this.map.add(alarmComponentOf({ ...row, isThreshold: row.isThreshold === 1, native: row.native === 1 }));
    }
  }

  /** Forgets cached series ids and the map: after a rolled-back transaction they may not exist. */
  invalidate(): void {
    this.version = -1;
  }

  /**
   * Evaluates the alarms fed by the rows just written (`order`: row indexes by series, then
   * time); returns the alarm_status values it wrote, for the live stream.
   */
  afterRows(seriesIds: number[], ms: number[], points: string[], order: number[], nowMs: number): StatusValueEvent[] {
    const events: StatusValueEvent[] = [];
    if (this.map.size === 0) return events;
    for (const i of order) {
      const watches = this.watchesOf(seriesIds[i]!);
      if (!watches) continue;
      const point = pointOf(points[i]!);
      for (const watch of watches) {
        const state = this.load(watch.alarm);
        const step = valueStep(watch, point, ms[i]!, state, nowMs);
        if (step) this.apply(watch.alarm, state, step.outcome, events, step.writeStatus);
      }
    }
    return events;
  }

  /** Runs an acknowledge, snooze, reset or snooze expiry; the outcome says whether it applied. */
  command(command: AlarmCommand, events: StatusValueEvent[]): AlarmCommandResult {
    if (command.action === 'EXPIRE') {
      for (const componentKey of this.dueStmt.all(command.workspaceId, command.nowMs) as number[]) {
        const alarm = this.map.byComponent.get(componentKey);
        if (!alarm) continue;
        const state = this.load(alarm);
        this.apply(alarm, state, endSnoozeIfDue(state, command.nowMs), events);
      }
      return { ok: true };
    }
    const alarm = this.map.alarm(command.workspaceId, command.entityId, command.componentName);
    if (!alarm) return { error: 'not-alarm' };
    const state = this.load(alarm);
    const outcome = actionOutcome(command, state);
    if (isRefusal(outcome)) return { error: 'refused', message: outcome.refused };
    this.apply(alarm, state, outcome, events, true, command.accessKeyId, command.note);
    return { ok: true };
  }

  /** Whether the component is an alarm (in the current map). */
  isAlarm(workspaceId: string, entityId: string, componentName: string): boolean {
    return this.map.alarm(workspaceId, entityId, componentName) !== undefined;
  }

  private watchesOf(seriesId: number): Watch[] | null {
    let watches = this.bySeries.get(seriesId);
    if (watches === undefined) {
      const names = this.seriesNameStmt.get(seriesId) as string[] | undefined;
      watches = (names && this.map.watchesOf(...names)) ?? null;
      this.bySeries.set(seriesId, watches);
    }
    return watches;
  }

  private load(alarm: AlarmComponent): AlarmState {
    const cached = this.states.get(alarm.componentKey);
    if (cached) return cached;
    const state = this.read(alarm);
    this.states.set(alarm.componentKey, state);
    return state;
  }

  private read(alarm: AlarmComponent): AlarmState {
    const row = this.stateStmt.get(alarm.componentKey) as
      | {
          status: AlarmStatus;
          since_ms: number | null;
          breached: number;
          pending_since_ms: number | null;
          snoozed_until_ms: number | null;
          source_json: string | null;
        }
      | undefined;
    if (!row) return initialAlarmState();
    return {
      status: row.status,
      sinceMs: row.since_ms,
      breached: row.breached === 1,
      pendingSinceMs: row.pending_since_ms,
      snoozedUntilMs: row.snoozed_until_ms,
      source: row.source_json === null ? null : (JSON.parse(row.source_json) as SourceValue),
    };
  }

  /**
   * Stores the outcome: the state when it changed, an audit row per transition and, unless the
   * status was itself a written value (`writeStatus` false), the new status as an alarm_status value.
   */
  private apply(
    alarm: AlarmComponent,
    before: AlarmState,
    outcome: Outcome,
    events: StatusValueEvent[],
    writeStatus = true,
    accessKeyId?: string,
    note?: string,
  ): void {
    const s = outcome.state;
    if (stateChanged(before, s)) {
      this.states.set(alarm.componentKey, s);
      this.saveStmt.run(
        alarm.componentKey,
        alarm.workspaceId,
        s.status,
        s.sinceMs,
        s.breached ? 1 : 0,
        s.pendingSinceMs,
        s.snoozedUntilMs,
        s.source === null ? null : JSON.stringify(s.source),
      );
    }
    for (const t of outcome.transitions) {
      this.eventStmt.run(
        alarm.componentKey,
        t.timeMs,
        t.action,
        t.status,
        t.previousStatus,
        accessKeyId ?? null,
        note ?? null,
        t.source ? JSON.stringify(t.source) : null,
      );
      if (!writeStatus || !alarm.native) continue;
      const point = statusPointOf(t);
      const seq = this.writeValue(this.statusSeriesOf(alarm), t.timeMs, point);
      events.push([alarm.entityId, alarm.componentName, point, seq]);
    }
  }

  private statusSeriesOf(alarm: AlarmComponent): number {
    if (alarm.statusSeriesId === undefined) {
      const args = [alarm.workspaceId, alarm.entityId, alarm.componentName, 'alarm_status'];
      this.seriesInsertStmt.run(...args);
      alarm.statusSeriesId = this.seriesIdStmt.get(...args) as number;
    }
    return alarm.statusSeriesId;
  }
}
