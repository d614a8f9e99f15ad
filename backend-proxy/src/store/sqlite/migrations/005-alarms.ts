/**
 * Alarm state, one row per alarm component that has had a value or an action (a component
 * without a row is NORMAL), and the audit log of its transitions. Both are keyed by the
 * component, so deleting the component or its entity deletes them.
 *
 * alarm_states: written only by the value writer, in the transaction that stores the value
 * that moved it (model/alarms holds the rules). Times are epoch milliseconds; `source_json`
 * the value behind the last RAISE or CLEAR. Listing the ACTIVE alarms of a workspace is one
 * range of `alarm_states_by_status`.
 */
export const alarms = `
CREATE TABLE alarm_states (
  component_key     INTEGER PRIMARY KEY REFERENCES components(component_key) ON DELETE CASCADE,
  workspace_id      TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('ACTIVE', 'SNOOZE_DISABLED', 'ACKNOWLEDGED', 'NORMAL')),
  since_ms          INTEGER,
  breached          INTEGER NOT NULL DEFAULT 0,
  pending_since_ms  INTEGER,
  snoozed_until_ms  INTEGER,
  source_json       TEXT
) STRICT;
CREATE INDEX alarm_states_by_status ON alarm_states(workspace_id, status);

CREATE TABLE alarm_events (
  event_key        INTEGER PRIMARY KEY,
  component_key    INTEGER NOT NULL REFERENCES components(component_key) ON DELETE CASCADE,
  time_ms          INTEGER NOT NULL,
  action           TEXT NOT NULL,
  status           TEXT NOT NULL,
  previous_status  TEXT NOT NULL,
  access_key_id    TEXT,
  note             TEXT,
  source_json      TEXT
) STRICT;
CREATE INDEX alarm_events_by_component ON alarm_events(component_key, time_ms, event_key);
`;
