import { Db } from './database';

/** Tags live in one table keyed by resource ARN; resources write theirs at creation. */
export function writeTags(db: Db, workspaceId: string, arn: string, tags: Record<string, string> | undefined): void {
  if (!tags) return;
  const insert = db.prepare(
    'INSERT INTO tags (resource_arn, workspace_id, tag_key, tag_value) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value',
  );
  for (const [key, value] of Object.entries(tags)) insert.run(arn, workspaceId, key, value);
}

export function readTags(db: Db, arn: string): Record<string, string> {
  const rows = db.prepare('SELECT tag_key, tag_value FROM tags WHERE resource_arn = ? ORDER BY tag_key').all(arn) as {
    tag_key: string;
    tag_value: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
}

export function deleteTagsOf(db: Db, arnPrefix: string): void {
  db.prepare("DELETE FROM tags WHERE resource_arn = ? OR resource_arn LIKE ? ESCAPE '\\'").run(
    arnPrefix,
    `${arnPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`,
  );
}
