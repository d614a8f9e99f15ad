/**
 * The knowledge graph, keys, scenes and the value store on PostgreSQL: the same tables as the
 * SQLite store's migrations 001–006, in one step. Identifiers and names are `COLLATE "C"`, so
 * pages and cursors order by code point as SQLite's BINARY collation does (a database created
 * with a locale collation would otherwise page `B` before `a` differently from SQLite).
 * Times of resources are epoch seconds (double precision), as the API answers them.
 */
export const schema = `
CREATE TABLE service_settings (
  name   text COLLATE "C" PRIMARY KEY,
  value  text NOT NULL
);

CREATE TABLE workspaces (
  workspace_id   text COLLATE "C" PRIMARY KEY,
  arn            text NOT NULL,
  description    text,
  s3_location    text,
  role           text,
  creation_time  double precision NOT NULL,
  update_time    double precision NOT NULL
);

CREATE TABLE tags (
  resource_arn   text COLLATE "C" NOT NULL,
  workspace_id   text COLLATE "C" NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  tag_key        text COLLATE "C" NOT NULL,
  tag_value      text NOT NULL,
  PRIMARY KEY (resource_arn, tag_key)
);

CREATE TABLE component_types (
  workspace_id        text COLLATE "C" NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  component_type_id   text COLLATE "C" NOT NULL,
  arn                 text NOT NULL,
  description         text,
  component_type_name text,
  is_singleton        boolean NOT NULL DEFAULT false,
  is_abstract         boolean NOT NULL DEFAULT false,
  request_json        text NOT NULL,
  resolved_json       text NOT NULL,
  creation_time       double precision NOT NULL,
  update_time         double precision NOT NULL,
  PRIMARY KEY (workspace_id, component_type_id)
);

CREATE TABLE component_type_parents (
  workspace_id      text COLLATE "C" NOT NULL,
  component_type_id text COLLATE "C" NOT NULL,
  parent_id         text COLLATE "C" NOT NULL,
  position          integer NOT NULL,
  PRIMARY KEY (workspace_id, component_type_id, parent_id),
  FOREIGN KEY (workspace_id, component_type_id) REFERENCES component_types(workspace_id, component_type_id) ON DELETE CASCADE
);
CREATE INDEX component_type_parents_by_parent ON component_type_parents(workspace_id, parent_id);

CREATE TABLE entities (
  entity_key      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id    text COLLATE "C" NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  entity_id       text COLLATE "C" NOT NULL,
  entity_name     text NOT NULL,
  description     text,
  parent_key      integer REFERENCES entities(entity_key),
  arn             text NOT NULL,
  creation_time   double precision NOT NULL,
  update_time     double precision NOT NULL,
  UNIQUE (workspace_id, entity_id)
);
CREATE INDEX entities_by_parent ON entities(parent_key);
CREATE INDEX entities_by_workspace_key ON entities(workspace_id, entity_key);

CREATE TABLE components (
  component_key     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_key        integer NOT NULL REFERENCES entities(entity_key) ON DELETE CASCADE,
  component_name    text COLLATE "C" NOT NULL,
  component_type_id text COLLATE "C" NOT NULL,
  description       text,
  property_groups_json text,
  UNIQUE (entity_key, component_name)
);
CREATE INDEX components_by_type ON components(component_type_id);

CREATE TABLE properties (
  property_key      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  component_key     integer NOT NULL REFERENCES components(component_key) ON DELETE CASCADE,
  property_name     text COLLATE "C" NOT NULL,
  definition_json   text NOT NULL,
  value_json        text,
  plain_value_json  text COLLATE "C",
  is_time_series    boolean NOT NULL DEFAULT false,
  is_external_id    boolean NOT NULL DEFAULT false,
  UNIQUE (component_key, property_name)
);
CREATE INDEX properties_external_id ON properties(property_name, plain_value_json) WHERE is_external_id;

CREATE TABLE relationships (
  relationship_key      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  property_key          integer NOT NULL REFERENCES properties(property_key) ON DELETE CASCADE,
  source_entity_key     integer NOT NULL REFERENCES entities(entity_key) ON DELETE CASCADE,
  relationship_name     text COLLATE "C" NOT NULL,
  list_index            integer,
  target_entity_key     integer REFERENCES entities(entity_key) ON DELETE SET NULL,
  target_entity_id      text COLLATE "C" NOT NULL,
  target_component_name text
);
CREATE INDEX relationships_by_property ON relationships(property_key);
CREATE INDEX relationships_by_source ON relationships(source_entity_key, relationship_name);
CREATE INDEX relationships_by_target ON relationships(target_entity_key, relationship_name);

CREATE TABLE access_keys (
  access_key_id  text COLLATE "C" PRIMARY KEY,
  secret         text NOT NULL,
  is_admin       boolean NOT NULL DEFAULT false,
  description    text,
  creation_time  double precision NOT NULL,
  revoked_time   double precision
);

CREATE TABLE access_key_scopes (
  access_key_id  text COLLATE "C" NOT NULL REFERENCES access_keys(access_key_id) ON DELETE CASCADE,
  workspace_id   text COLLATE "C" NOT NULL,
  role           text NOT NULL CHECK (role IN ('read', 'write')),
  PRIMARY KEY (access_key_id, workspace_id)
);

CREATE TABLE scenes (
  workspace_id     text COLLATE "C" NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  scene_id         text COLLATE "C" NOT NULL,
  arn              text NOT NULL,
  content_location text NOT NULL,
  description      text,
  capabilities_json   text,
  scene_metadata_json text,
  creation_time    double precision NOT NULL,
  update_time      double precision NOT NULL,
  PRIMARY KEY (workspace_id, scene_id)
);

-- A series is one time-series property of one component, keyed as in SQLite.
CREATE TABLE value_series (
  series_id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id    text COLLATE "C" NOT NULL REFERENCES workspaces(workspace_id) ON DELETE CASCADE,
  entity_id       text COLLATE "C" NOT NULL,
  component_name  text COLLATE "C" NOT NULL,
  property_name   text COLLATE "C" NOT NULL,
  UNIQUE (workspace_id, entity_id, component_name, property_name)
);

-- time: epoch nanoseconds; point: the value as history serves it; seq: the SSE event id.
-- Range-partitioned by time; partitions are created on demand by the writer
-- (postgres/values/partitions.ts), so old history can be detached or dropped a partition at a time.
CREATE TABLE property_values (
  series_id  integer NOT NULL REFERENCES value_series(series_id) ON DELETE CASCADE,
  time       bigint NOT NULL,
  point      text NOT NULL,
  seq        bigint NOT NULL,
  PRIMARY KEY (series_id, time)
) PARTITION BY RANGE (time);
CREATE INDEX property_values_by_seq ON property_values(seq);
CREATE SEQUENCE value_seq;

-- deleting an entity deletes its series and so its values (SQLite: a trigger of migration 002)
CREATE FUNCTION entities_drop_series() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM value_series WHERE workspace_id = OLD.workspace_id AND entity_id = OLD.entity_id;
  RETURN OLD;
END $$;
CREATE TRIGGER entities_delete_drops_series AFTER DELETE ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_drop_series();
`;
