/**
 * The edges of the knowledge graph as one indexed table, so the graph-query planner joins a
 * hop as one index lookup whatever its label: one row per relationship value that points at
 * an existing entity, and one `isChildOf` row from each child to its parent. Triggers keep it
 * in step with `relationships` and `entities.parent_key` (cascading deletes fire them too), so
 * the entity store writes only its own tables.
 */
export const graphEdges = `
CREATE TABLE graph_edges (
  edge_key          INTEGER PRIMARY KEY,
  source_key        INTEGER NOT NULL,
  target_key        INTEGER NOT NULL,
  name              TEXT NOT NULL,
  -- NULL for the isChildOf edge of a parent link
  relationship_key  INTEGER UNIQUE
) STRICT;
CREATE INDEX graph_edges_out ON graph_edges(source_key, name, target_key);
CREATE INDEX graph_edges_in ON graph_edges(target_key, name, source_key);

INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
  SELECT source_entity_key, target_entity_key, relationship_name, relationship_key
  FROM relationships WHERE target_entity_key IS NOT NULL;
INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
  SELECT entity_key, parent_key, 'isChildOf', NULL FROM entities WHERE parent_key IS NOT NULL;

CREATE TRIGGER graph_edges_relationship_insert AFTER INSERT ON relationships
WHEN NEW.target_entity_key IS NOT NULL BEGIN
  INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
  VALUES (NEW.source_entity_key, NEW.target_entity_key, NEW.relationship_name, NEW.relationship_key);
END;
CREATE TRIGGER graph_edges_relationship_delete AFTER DELETE ON relationships BEGIN
  DELETE FROM graph_edges WHERE relationship_key = OLD.relationship_key;
END;
CREATE TRIGGER graph_edges_relationship_update AFTER UPDATE ON relationships BEGIN
  DELETE FROM graph_edges WHERE relationship_key = OLD.relationship_key;
  INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
  SELECT NEW.source_entity_key, NEW.target_entity_key, NEW.relationship_name, NEW.relationship_key
  WHERE NEW.target_entity_key IS NOT NULL;
END;

CREATE TRIGGER graph_edges_parent_insert AFTER INSERT ON entities
WHEN NEW.parent_key IS NOT NULL BEGIN
  INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
  VALUES (NEW.entity_key, NEW.parent_key, 'isChildOf', NULL);
END;
CREATE TRIGGER graph_edges_parent_update AFTER UPDATE OF parent_key ON entities
WHEN NEW.parent_key IS NOT OLD.parent_key BEGIN
  DELETE FROM graph_edges WHERE source_key = OLD.entity_key AND relationship_key IS NULL;
  INSERT INTO graph_edges (source_key, target_key, name, relationship_key)
  SELECT NEW.entity_key, NEW.parent_key, 'isChildOf', NULL WHERE NEW.parent_key IS NOT NULL;
END;
CREATE TRIGGER graph_edges_entity_delete AFTER DELETE ON entities BEGIN
  DELETE FROM graph_edges WHERE source_key = OLD.entity_key AND relationship_key IS NULL;
  DELETE FROM graph_edges WHERE target_key = OLD.entity_key AND relationship_key IS NULL;
END;

-- property filters (p.propertyName = … AND p.propertyValue = …) look up by name and plain value
CREATE INDEX properties_by_name_value ON properties(property_name, (plain_value_json ->> '$'));
`;
