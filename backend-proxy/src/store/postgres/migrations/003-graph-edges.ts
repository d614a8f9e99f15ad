/**
 * The edges of the knowledge graph as one indexed table, as SQLite's migration 003: one row per
 * relationship value that points at an existing entity, one `isChildOf` row from each child to
 * its parent, kept in step by triggers (cascades and SET NULL fire them too), so the entity
 * store writes only its own tables. Plus the index the graph query's property filters use.
 */
export const graphEdges = `
CREATE TABLE graph_edges (
  edge_key          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_key        integer NOT NULL,
  target_key        integer NOT NULL,
  name              text COLLATE "C" NOT NULL,
  -- NULL for the isChildOf edge of a parent link
  relationship_key  integer UNIQUE
);
CREATE INDEX graph_edges_out ON graph_edges(source_key, name, target_key);
CREATE INDEX graph_edges_in ON graph_edges(target_key, name, source_key);

INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
  SELECT source_entity_key, target_entity_key, relationship_name, relationship_key
  FROM relationships WHERE target_entity_key IS NOT NULL ORDER BY relationship_key;
INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
  SELECT entity_key, parent_key, 'isChildOf', NULL FROM entities WHERE parent_key IS NOT NULL ORDER BY entity_key;

CREATE FUNCTION graph_edges_follow_relationship() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM graph_edges WHERE relationship_key = OLD.relationship_key;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.target_entity_key IS NOT NULL THEN
    INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
    VALUES (NEW.source_entity_key, NEW.target_entity_key, NEW.relationship_name, NEW.relationship_key);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER graph_edges_relationship AFTER INSERT OR UPDATE OR DELETE ON relationships
  FOR EACH ROW EXECUTE FUNCTION graph_edges_follow_relationship();

CREATE FUNCTION graph_edges_follow_parent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.parent_key IS NOT DISTINCT FROM OLD.parent_key THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM graph_edges WHERE source_key = OLD.entity_key AND relationship_key IS NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    DELETE FROM graph_edges WHERE target_key = OLD.entity_key AND relationship_key IS NULL;
  ELSIF NEW.parent_key IS NOT NULL THEN
    INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
    VALUES (NEW.entity_key, NEW.parent_key, 'isChildOf', NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER graph_edges_parent AFTER INSERT OR UPDATE OF parent_key OR DELETE ON entities
  FOR EACH ROW EXECUTE FUNCTION graph_edges_follow_parent();

-- property filters (p.propertyName = … AND p.propertyValue = …) look up by name and value
CREATE INDEX properties_by_name_value ON properties(property_name, (plain_value_json::jsonb));
`;
