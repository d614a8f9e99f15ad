/**
 * The built-in time-series store. A series is one time-series property of one component of
 * one entity; its values are keyed by (series_id, time) in a WITHOUT ROWID table, so a range
 * scan of one series reads consecutive pages and the same time written twice replaces the
 * value (last write wins, no duplicate row).
 *
 * time: epoch nanoseconds (TwinMaker times carry up to 9 fraction digits). JS numbers cannot
 * hold that exactly, so SQL splits and joins it (`time / 1000000`, `? * 1000000 + ?`) and the
 * service only ever handles milliseconds plus a sub-millisecond remainder.
 * point: the value as GetPropertyValueHistory serves it, `{"time":"…Z","value":{DataValue}}`, so a
 * page is the stored texts joined (by SQLite's group_concat) rather than rows re-serialized.
 * seq: a database-wide, strictly increasing write sequence; it is the SSE event id, so a
 * reconnecting stream replays `seq > Last-Event-ID` from here.
 */
export const values = `
CREATE TABLE value_series (
  series_id       INTEGER PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  entity_id       TEXT NOT NULL,
  component_name  TEXT NOT NULL,
  property_name   TEXT NOT NULL,
  UNIQUE (workspace_id, entity_id, component_name, property_name)
) STRICT;

CREATE TABLE property_values (
  series_id  INTEGER NOT NULL,
  time       INTEGER NOT NULL,
  point      TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  PRIMARY KEY (series_id, time)
) STRICT, WITHOUT ROWID;
CREATE INDEX property_values_by_seq ON property_values(seq);

-- values die with their series (workspace deletion cascades to value_series)
CREATE TRIGGER value_series_delete AFTER DELETE ON value_series BEGIN
  DELETE FROM property_values WHERE series_id = OLD.series_id;
END;

-- Property lookups are cached in memory by the value store; any change to the knowledge
-- graph bumps this counter so the cache is dropped (one cheap read per request).
CREATE TABLE knowledge_graph_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
) STRICT;
INSERT INTO knowledge_graph_version (id, version) VALUES (1, 0);
${['entities', 'components', 'properties', 'component_types']
  .flatMap((table) =>
    ['INSERT', 'UPDATE', 'DELETE'].map(
      (op) => `CREATE TRIGGER ${table}_${op.toLowerCase()}_bumps_version AFTER ${op} ON ${table} BEGIN
  UPDATE knowledge_graph_version SET version = version + 1 WHERE id = 1;
END;`,
    ),
  )
  .join('\n')}

-- deleting an entity deletes its series and so its values
CREATE TRIGGER entities_delete_drops_series AFTER DELETE ON entities BEGIN
  DELETE FROM value_series WHERE workspace_id = OLD.workspace_id AND entity_id = OLD.entity_id;
END;
`;
