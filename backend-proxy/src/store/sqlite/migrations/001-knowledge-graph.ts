/**
 * The knowledge graph as relational tables. The graph-query planner compiles to SQL over
 * these tables, so every graph notion is a row: entities (nodes), parent links
 * (`isChildOf` edges via entities.parent_key), components, properties with their resolved
 * definition, and one row per relationship value (edges labelled with the property name).
 */
export const knowledgeGraph = `
-- service-wide secrets and settings (e.g. the key that signs pagination tokens)
CREATE TABLE service_settings (
  name   TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;

CREATE TABLE workspaces (
  workspace_id   TEXT PRIMARY KEY,
  arn            TEXT NOT NULL,
  description    TEXT,
  s3_location    TEXT,
  role           TEXT,
  creation_time  REAL NOT NULL,
  update_time    REAL NOT NULL
) STRICT;

CREATE TABLE tags (
  resource_arn   TEXT NOT NULL,
  workspace_id   TEXT NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  tag_key        TEXT NOT NULL,
  tag_value      TEXT NOT NULL,
  PRIMARY KEY (resource_arn, tag_key)
) STRICT;

-- request_json: the type's own definition as last created/updated (what inheritance starts from).
-- resolved_json: propertyDefinitions/functions/propertyGroups/compositeComponentTypes/isAbstract after
-- inheritance, recomputed whenever the type or an ancestor changes.
CREATE TABLE component_types (
  workspace_id        TEXT NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  component_type_id   TEXT NOT NULL,
  arn                 TEXT NOT NULL,
  description         TEXT,
  component_type_name TEXT,
  is_singleton        INTEGER NOT NULL DEFAULT 0,
  is_abstract         INTEGER NOT NULL DEFAULT 0,
  request_json        TEXT NOT NULL,
  resolved_json       TEXT NOT NULL,
  creation_time       REAL NOT NULL,
  update_time         REAL NOT NULL,
  PRIMARY KEY (workspace_id, component_type_id)
) STRICT;

-- direct parents, in extendsFrom order
CREATE TABLE component_type_parents (
  workspace_id      TEXT NOT NULL,
  component_type_id TEXT NOT NULL,
  parent_id         TEXT NOT NULL,
  position          INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, component_type_id, parent_id),
  FOREIGN KEY (workspace_id, component_type_id) REFERENCES component_types(workspace_id, component_type_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX component_type_parents_by_parent ON component_type_parents(workspace_id, parent_id);

CREATE TABLE entities (
  entity_key      INTEGER PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  entity_id       TEXT NOT NULL,
  entity_name     TEXT NOT NULL,
  description     TEXT,
  parent_key      INTEGER REFERENCES entities(entity_key),
  arn             TEXT NOT NULL,
  creation_time   REAL NOT NULL,
  update_time     REAL NOT NULL,
  UNIQUE (workspace_id, entity_id)
) STRICT;
CREATE INDEX entities_by_parent ON entities(parent_key);
CREATE INDEX entities_by_name ON entities(workspace_id, entity_name);

CREATE TABLE components (
  component_key     INTEGER PRIMARY KEY,
  entity_key        INTEGER NOT NULL REFERENCES entities(entity_key) ON DELETE CASCADE,
  component_name    TEXT NOT NULL,
  component_type_id TEXT NOT NULL,
  description       TEXT,
  property_groups_json TEXT,
  UNIQUE (entity_key, component_name)
) STRICT;
CREATE INDEX components_by_type ON components(component_type_id);

-- definition_json: the resolved PropertyDefinitionResponse for this property on this component.
-- value_json: the DataValue as given (null when unset; time-series values live in the value store).
-- plain_value_json: the same value as plain JSON (what the query language compares against).
CREATE TABLE properties (
  property_key      INTEGER PRIMARY KEY,
  component_key     INTEGER NOT NULL REFERENCES components(component_key) ON DELETE CASCADE,
  property_name     TEXT NOT NULL,
  definition_json   TEXT NOT NULL,
  value_json        TEXT,
  plain_value_json  TEXT,
  is_time_series    INTEGER NOT NULL DEFAULT 0,
  is_external_id    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (component_key, property_name)
) STRICT;
-- externalId lookups (ListEntities filter, componentTypeId history) go by the plain value
CREATE INDEX properties_external_id ON properties(property_name, plain_value_json) WHERE is_external_id = 1;

-- one row per RELATIONSHIP value (each element of a LIST<RELATIONSHIP> too): a directed edge
-- from the entity holding the property to the target, labelled with the property's name.
CREATE TABLE relationships (
  relationship_key      INTEGER PRIMARY KEY,
  property_key          INTEGER NOT NULL REFERENCES properties(property_key) ON DELETE CASCADE,
  source_entity_key     INTEGER NOT NULL REFERENCES entities(entity_key) ON DELETE CASCADE,
  relationship_name     TEXT NOT NULL,
  list_index            INTEGER,
  target_entity_key     INTEGER REFERENCES entities(entity_key) ON DELETE SET NULL,
  target_entity_id      TEXT NOT NULL,
  target_component_name TEXT
) STRICT;
CREATE INDEX relationships_by_source ON relationships(source_entity_key, relationship_name);
CREATE INDEX relationships_by_target ON relationships(target_entity_key, relationship_name);

CREATE TABLE access_keys (
  access_key_id  TEXT PRIMARY KEY,
  secret         TEXT NOT NULL,
  is_admin       INTEGER NOT NULL DEFAULT 0,
  description    TEXT,
  creation_time  REAL NOT NULL,
  revoked_time   REAL
) STRICT;

CREATE TABLE access_key_scopes (
  access_key_id  TEXT NOT NULL REFERENCES access_keys(access_key_id) ON DELETE CASCADE,
  workspace_id   TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('read', 'write')),
  PRIMARY KEY (access_key_id, workspace_id)
) STRICT;

CREATE TABLE scenes (
  workspace_id     TEXT NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  scene_id         TEXT NOT NULL,
  arn              TEXT NOT NULL,
  content_location TEXT NOT NULL,
  description      TEXT,
  capabilities_json   TEXT,
  scene_metadata_json TEXT,
  creation_time    REAL NOT NULL,
  update_time      REAL NOT NULL,
  PRIMARY KEY (workspace_id, scene_id)
) STRICT;
`;
