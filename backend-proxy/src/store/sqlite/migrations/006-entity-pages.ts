/**
 * ListEntities pages walk a workspace's entities in entity_key order. Without an index on
 * (workspace_id, entity_key) SQLite found them by the name index, built every row of the
 * workspace (parent and has-children lookups included) and sorted them before taking one
 * page: a page of 25 out of 100 entities cost as much as all 100. With it a page reads its
 * rows in order and stops at the LIMIT.
 */
export const entityPages = `
CREATE INDEX entities_by_workspace_key ON entities(workspace_id, entity_key);
`;
