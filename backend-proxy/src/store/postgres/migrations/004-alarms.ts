/**
 * Alarm state and its audit log, as SQLite's migration 005: one alarm_states row per alarm
 * component that has had a value or an action (none: NORMAL), written only in a value write's
 * transaction (under the value-write advisory lock), so every replica reads the state the last
 * write left. Times are epoch milliseconds.
 */
export const alarms = `
CREATE TABLE alarm_states (
  component_key     integer PRIMARY KEY REFERENCES components(component_key) ON DELETE CASCADE,
  workspace_id      text COLLATE "C" NOT NULL,
  status            text NOT NULL CHECK (status IN ('ACTIVE', 'SNOOZE_DISABLED', 'ACKNOWLEDGED', 'NORMAL')),
  since_ms          bigint,
  breached          boolean NOT NULL DEFAULT false,
  pending_since_ms  bigint,
  snoozed_until_ms  bigint,
  source_json       text
);
CREATE INDEX alarm_states_by_status ON alarm_states(workspace_id, status);

CREATE TABLE alarm_events (
  event_key        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  component_key    integer NOT NULL REFERENCES components(component_key) ON DELETE CASCADE,
  time_ms          bigint NOT NULL,
  action           text NOT NULL,
  status           text NOT NULL,
  previous_status  text NOT NULL,
  access_key_id    text,
  note             text,
  source_json      text
);
CREATE INDEX alarm_events_by_component ON alarm_events(component_key, time_ms, event_key);
`;
