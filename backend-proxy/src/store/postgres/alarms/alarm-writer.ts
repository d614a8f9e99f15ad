import { ALARM_BASE_TYPE, THRESHOLD_ALARM_TYPE } from '../../../model/component-types/built-ins';
import { AlarmState, AlarmStatus, initialAlarmState, Outcome, SourceValue } from '../../../model/alarms/alarm-state';
import {
  actionOutcome,
  AlarmActionCommand,
  AlarmComponent,
  alarmComponentOf,
  AlarmComponentRow,
  AlarmMap,
  endSnoozeIfDue,
  isRefusal,
  pointOf,
  stateChanged,
  statusPointOf,
  valueStep,
} from '../../alarms-common/evaluation';
import { Queryable, rows } from '../database';

/** A value just stored, as the alarm evaluation reads it. */
export interface WrittenValue {
  entityId: string;
  componentName: string;
  propertyName: string;
  ms: number;
  point: string;
}

/** An action on one alarm, by whom. */
export interface PgAlarmAction extends AlarmActionCommand {
  entityId: string;
  componentName: string;
  accessKeyId: string;
  note?: string;
}

// every alarm component of the workspace ($1) on the given entities ($4, null: all), with its
// property values and whether its type is (or extends) the threshold alarm and reads
// alarm_status from the built-in store (no Lambda dataReader)
const ALARM_COMPONENTS = `
  WITH RECURSIVE alarm_types(component_type_id, is_threshold) AS (
    SELECT component_type_id, component_type_id = $3 FROM component_types
    WHERE workspace_id = $1 AND component_type_id = $2
    UNION
    SELECT p.component_type_id, a.is_threshold OR p.component_type_id = $3
    FROM component_type_parents p JOIN alarm_types a ON p.workspace_id = $1 AND p.parent_id = a.component_type_id
  ),
  types AS (
    SELECT a.component_type_id, bool_or(a.is_threshold) AS is_threshold,
      (SELECT count(*) FROM jsonb_each(t.resolved_json::jsonb -> 'functions') f
       WHERE f.key IN ('dataReader', 'dataReaderByEntity', 'dataReaderByComponentType')
         AND f.value #> '{implementedBy,lambda}' IS NOT NULL
         AND NOT coalesce((f.value #>> '{implementedBy,isNative}')::boolean, false)) = 0 AS native
    FROM alarm_types a JOIN component_types t ON t.workspace_id = $1 AND t.component_type_id = a.component_type_id
    GROUP BY a.component_type_id, t.resolved_json
  )
  SELECT c.component_key AS "componentKey", e.workspace_id AS "workspaceId", e.entity_id AS "entityId",
    c.component_name AS "componentName", ty.is_threshold AS "isThreshold", ty.native,
    (SELECT json_object_agg(p.property_name, p.value_json::json)::text FROM properties p
     WHERE p.component_key = c.component_key AND p.value_json IS NOT NULL) AS "valuesJson"
  FROM types ty JOIN components c ON c.component_type_id = ty.component_type_id
  JOIN entities e ON e.entity_key = c.entity_key AND e.workspace_id = $1
  WHERE $4::text[] IS NULL OR e.entity_id = ANY($4::text[])`;

interface StateRow {
  component_key: number;
  status: AlarmStatus;
  since_ms: number | null;
  breached: boolean;
  pending_since_ms: number | null;
  snoozed_until_ms: number | null;
  source_json: string | null;
}

interface AuditRow {
  componentKey: number;
  timeMs: number;
  action: string;
  status: string;
  previousStatus: string;
  accessKeyId: string | null;
  note: string | null;
  source: string | null;
}

/** alarm_status values to store: the alarm's entity and component, the time and point. */
interface StatusValue {
  alarm: AlarmComponent;
  ms: number;
  point: string;
}

/**
 * Alarm evaluation in one value write's transaction on PostgreSQL. Value writes hold the
 * value-write advisory lock, so the states read here are the ones the last write (through any
 * replica) left, and nothing is cached across transactions: the alarms of the written entities
 * and their states are read, the model/alarms rules applied in memory (store/alarms-common), and
 * flush() stores new states, audit rows and alarm_status values (seqs after the write's own).
 */
export class PgAlarmTransaction {
  private readonly map = new AlarmMap();
  private readonly states = new Map<number, AlarmState>();
  private readonly before = new Map<number, AlarmState>();
  private readonly audit: AuditRow[] = [];
  private readonly statusValues: StatusValue[] = [];

  constructor(
    private readonly q: Queryable,
    private readonly workspaceId: string,
  ) {}

  /** The times (ms) a snooze of the workspace may end at: a partition must cover them before the write. */
  static async snoozeEnds(q: Queryable, workspaceId: string): Promise<number[]> {
    const found = await rows<{ t: number }>(
      q,
      `SELECT DISTINCT snoozed_until_ms AS t FROM alarm_states
       WHERE workspace_id = $1 AND status = 'SNOOZE_DISABLED' AND snoozed_until_ms IS NOT NULL`,
      [workspaceId],
    );
    return found.map((f) => f.t);
  }

  /** Evaluates the alarms fed by the values just written (in series, then time order). */
  async afterValues(values: WrittenValue[], nowMs: number): Promise<void> {
    await this.load([...new Set(values.map((v) => v.entityId))]);
    if (this.map.size === 0) return;
    for (const v of values) {
      const watches = this.map.watchesOf(this.workspaceId, v.entityId, v.componentName, v.propertyName);
      if (!watches) continue;
      const point = pointOf(v.point);
      for (const watch of watches) {
        const state = this.state(watch.alarm);
        const step = valueStep(watch, point, v.ms, state, nowMs);
        if (step) this.apply(watch.alarm, step.outcome, step.writeStatus);
      }
    }
  }

  /** An acknowledge, snooze or reset: 'not-alarm', a refusal's reason, or undefined when it applied. */
  async act(action: PgAlarmAction): Promise<'not-alarm' | { refused: string } | undefined> {
    await this.load([action.entityId]);
    const alarm = this.map.alarm(this.workspaceId, action.entityId, action.componentName);
    if (!alarm) return 'not-alarm';
    const outcome = actionOutcome(action, this.state(alarm));
    if (isRefusal(outcome)) return outcome;
    this.apply(alarm, outcome, true, action.accessKeyId, action.note);
    return undefined;
  }

  /** Ends the workspace's snoozes that are due at `nowMs`. */
  async expireSnoozes(nowMs: number): Promise<void> {
    const due = await rows<{ entity_id: string }>(
      this.q,
      `SELECT DISTINCT e.entity_id FROM alarm_states s JOIN components c ON c.component_key = s.component_key
       JOIN entities e ON e.entity_key = c.entity_key
       WHERE s.workspace_id = $1 AND s.status = 'SNOOZE_DISABLED' AND s.snoozed_until_ms <= $2`,
      [this.workspaceId, nowMs],
    );
    if (due.length === 0) return;
    await this.load(due.map((d) => d.entity_id));
    for (const alarm of this.map.byComponent.values()) {
      this.apply(alarm, endSnoozeIfDue(this.state(alarm), nowMs), true);
    }
  }

  /**
   * Stores what changed: states, audit rows, and alarm_status values (series created as needed,
   * each value with the next seq). Answers the seq range written, undefined when none.
   */
  async flush(): Promise<{ a: number; b: number } | undefined> {
    const changed = [...this.states].filter(([k, s]) => s !== this.before.get(k));
    if (changed.length > 0) {
      await this.q.query(
        `INSERT INTO alarm_states (component_key, workspace_id, status, since_ms, breached, pending_since_ms, snoozed_until_ms, source_json)
         SELECT k, $1, st, si, br, pe, sn, so
         FROM unnest($2::integer[], $3::text[], $4::bigint[], $5::boolean[], $6::bigint[], $7::bigint[], $8::text[])
           AS t(k, st, si, br, pe, sn, so)
         ON CONFLICT (component_key) DO UPDATE SET status = excluded.status, since_ms = excluded.since_ms,
           breached = excluded.breached, pending_since_ms = excluded.pending_since_ms,
           snoozed_until_ms = excluded.snoozed_until_ms, source_json = excluded.source_json`,
        [
          this.workspaceId,
          changed.map(([k]) => k),
          changed.map(([, s]) => s.status),
          changed.map(([, s]) => s.sinceMs),
          changed.map(([, s]) => s.breached),
          changed.map(([, s]) => s.pendingSinceMs),
          changed.map(([, s]) => s.snoozedUntilMs),
          changed.map(([, s]) => (s.source === null ? null : JSON.stringify(s.source))),
        ],
      );
    }
    if (this.audit.length > 0) {
      const a = this.audit;
      await this.q.query(
        `INSERT INTO alarm_events (component_key, time_ms, action, status, previous_status, access_key_id, note, source_json)
         SELECT k, ti, ac, st, pr, ke, no, so FROM unnest($1::integer[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           WITH ORDINALITY AS t(k, ti, ac, st, pr, ke, no, so, i) ORDER BY i`,
        [
          a.map((r) => r.componentKey),
          a.map((r) => r.timeMs),
          a.map((r) => r.action),
          a.map((r) => r.status),
          a.map((r) => r.previousStatus),
          a.map((r) => r.accessKeyId),
          a.map((r) => r.note),
          a.map((r) => r.source),
        ],
      );
    }
    return this.writeStatusValues();
  }

  private async writeStatusValues(): Promise<{ a: number; b: number } | undefined> {
    // two transitions of one alarm at one time (e.g. a snooze ending and a raise): the last one is stored, as on SQLite
    const last = new Map<string, StatusValue>();
    for (const v of this.statusValues) last.set(`${v.alarm.componentKey}\u0000${v.ms}`, v);
    const values = [...last.values()];
    if (values.length === 0) return undefined;
    await this.q.query(
      `INSERT INTO value_series (workspace_id, entity_id, component_name, property_name)
       SELECT DISTINCT $1, e, c, 'alarm_status' FROM unnest($2::text[], $3::text[]) AS n(e, c) ON CONFLICT DO NOTHING`,
      [this.workspaceId, values.map((v) => v.alarm.entityId), values.map((v) => v.alarm.componentName)],
    );
    const [range] = await rows<{ a: number; b: number }>(
      this.q,
      `WITH written AS (
         INSERT INTO property_values (series_id, time, point, num, seq)
         SELECT s.series_id, t.m * 1000000, t.p, NULL, nextval('value_seq')
         FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[]) WITH ORDINALITY AS t(e, c, m, p, i)
         JOIN value_series s ON s.workspace_id = $1 AND s.entity_id = t.e AND s.component_name = t.c
           AND s.property_name = 'alarm_status'
         ORDER BY t.i
         ON CONFLICT (series_id, time) DO UPDATE SET point = excluded.point, num = excluded.num, seq = excluded.seq
         RETURNING seq)
       SELECT min(seq) AS a, max(seq) AS b FROM written`,
      [
        this.workspaceId,
        values.map((v) => v.alarm.entityId),
        values.map((v) => v.alarm.componentName),
        values.map((v) => v.ms),
        values.map((v) => v.point),
      ],
    );
    return range;
  }

  /** Reads the alarms on these entities and their states (once per transaction). */
  private async load(entityIds: string[]): Promise<void> {
    const found = await rows<AlarmComponentRow>(this.q, ALARM_COMPONENTS, [
      this.workspaceId,
      ALARM_BASE_TYPE,
      THRESHOLD_ALARM_TYPE,
      entityIds,
    ]);
    const fresh = found.filter((f) => !this.states.has(f.componentKey));
    for (const row of fresh) this.map.add(alarmComponentOf(row));
    if (fresh.length === 0) return;
    const stored = await rows<StateRow>(
      this.q,
      `SELECT component_key, status, since_ms, breached, pending_since_ms, snoozed_until_ms, source_json
       FROM alarm_states WHERE component_key = ANY($1::integer[])`,
      [fresh.map((f) => f.componentKey)],
    );
    const byKey = new Map(stored.map((s) => [s.component_key, s]));
    for (const { componentKey } of fresh) {
      const s = byKey.get(componentKey);
      const state: AlarmState = s
        ? {
            status: s.status,
            sinceMs: s.since_ms,
            breached: s.breached,
            pendingSinceMs: s.pending_since_ms,
            snoozedUntilMs: s.snoozed_until_ms,
            source: s.source_json === null ? null : (JSON.parse(s.source_json) as SourceValue),
          }
        : initialAlarmState();
      this.states.set(componentKey, state);
      this.before.set(componentKey, state);
    }
  }

  private state(alarm: AlarmComponent): AlarmState {
    return this.states.get(alarm.componentKey)!;
  }

  /** Keeps the outcome: the new state, an audit row per transition and (unless the status was itself written) its alarm_status value. */
  private apply(alarm: AlarmComponent, outcome: Outcome, writeStatus: boolean, accessKeyId?: string, note?: string) {
    const before = this.state(alarm);
    if (stateChanged(before, outcome.state)) this.states.set(alarm.componentKey, outcome.state);
    for (const t of outcome.transitions) {
      this.audit.push({
        componentKey: alarm.componentKey,
        timeMs: t.timeMs,
        action: t.action,
        status: t.status,
        previousStatus: t.previousStatus,
        accessKeyId: accessKeyId ?? null,
        note: note ?? null,
        source: t.source ? JSON.stringify(t.source) : null,
      });
      if (writeStatus && alarm.native) this.statusValues.push({ alarm, ms: t.timeMs, point: statusPointOf(t) });
    }
  }
}
