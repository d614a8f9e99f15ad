import Database from '../store/sqlite/driver';
import { Queryable } from '../store/postgres/database';
import { CopyProgress } from './copy-graph';
import { insertRows } from './pg-rows';

/** Audit events sent at once. */
const EVENT_BATCH = 5000;

type Row = Record<string, unknown>;

/**
 * Copies the alarm states and the audit log of a workspace's alarm components (the tables are
 * the same on both stores, keyed by component): a copied workspace keeps its ACTIVE,
 * ACKNOWLEDGED and snoozed alarms, their pending delays and their history, instead of
 * starting every alarm at NORMAL. Audit events keep their order (their keys are drawn anew,
 * in source order, and break ties between events of the same millisecond).
 */
export async function copyWorkspaceAlarms(
  source: Database.Database,
  q: Queryable,
  workspaceId: string,
  componentKeys: Map<number, number>,
  progress: CopyProgress,
): Promise<void> {
  const component = (old: unknown) => {
    const key = componentKeys.get(Number(old));
    if (key === undefined) throw new Error(`alarm of component ${String(old)} whose component was not copied`);
    return key;
  };
  const states = source
    .prepare('SELECT * FROM alarm_states WHERE workspace_id = ? ORDER BY component_key')
    .all(workspaceId) as Row[];
  await insertRows(
    q,
    'alarm_states',
    [
      { name: 'component_key', type: 'int4' },
      { name: 'workspace_id', type: 'text' },
      { name: 'status', type: 'text' },
      { name: 'since_ms', type: 'int8' },
      { name: 'breached', type: 'bool' },
      { name: 'pending_since_ms', type: 'int8' },
      { name: 'snoozed_until_ms', type: 'int8' },
      { name: 'source_json', type: 'text' },
    ],
    states.map((r) => [
      component(r.component_key),
      r.workspace_id,
      r.status,
      r.since_ms,
      r.breached === 1,
      r.pending_since_ms,
      r.snoozed_until_ms,
      r.source_json,
    ]),
  );
  progress('alarm states', states.length);

  const page = source.prepare(
    `SELECT a.* FROM alarm_events a JOIN components c ON c.component_key = a.component_key
     JOIN entities e ON e.entity_key = c.entity_key
     WHERE e.workspace_id = ? AND a.event_key > ? ORDER BY a.event_key LIMIT ${EVENT_BATCH}`,
  );
  for (let after = -1; ;) {
    const events = page.all(workspaceId, after) as Row[];
    if (events.length === 0) return;
    await insertRows(
      q,
      'alarm_events',
      [
        { name: 'component_key', type: 'int4' },
        { name: 'time_ms', type: 'int8' },
        { name: 'action', type: 'text' },
        { name: 'status', type: 'text' },
        { name: 'previous_status', type: 'text' },
        { name: 'access_key_id', type: 'text' },
        { name: 'note', type: 'text' },
        { name: 'source_json', type: 'text' },
      ],
      events.map((r) => [
        component(r.component_key),
        r.time_ms,
        r.action,
        r.status,
        r.previous_status,
        r.access_key_id,
        r.note,
        r.source_json,
      ]),
    );
    progress('alarm events', events.length);
    after = Number(events[events.length - 1]!.event_key);
  }
}
