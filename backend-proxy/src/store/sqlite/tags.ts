import { parseArn, ParsedArn, resourceArn, workspaceArn } from '../../arn';
import { arnNotFound, tooManyTags } from '../../errors';
import { StoreContext } from '../context';
import { MAX_TAGS_PER_RESOURCE, TagStore } from '../tags';
import { Page } from '../workspaces';
import { Db } from './database';
import { prepared } from './prepared';

/** Tags live in one table keyed by resource ARN; resources write theirs at creation. */
export function writeTags(db: Db, workspaceId: string, arn: string, tags: Record<string, string> | undefined): void {
  if (!tags) return;
  const insert = prepared(
    db,
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

/** Removes the tags of a resource and of everything under it (a workspace's ARN is their prefix). */
export function deleteTagsOf(db: Db, arnPrefix: string): void {
  db.prepare("DELETE FROM tags WHERE resource_arn = ? OR resource_arn LIKE ? ESCAPE '\\'").run(
    arnPrefix,
    `${arnPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`,
  );
}

/** Which table holds each kind of resource, so tagging can check the resource exists. */
const existence: Record<ParsedArn['kind'], string> = {
  workspace: 'SELECT 1 FROM workspaces WHERE workspace_id = ?',
  entity: 'SELECT 1 FROM entities WHERE workspace_id = ? AND entity_id = ?',
  'component-type': 'SELECT 1 FROM component_types WHERE workspace_id = ? AND component_type_id = ?',
  scene: 'SELECT 1 FROM scenes WHERE workspace_id = ? AND scene_id = ?',
};

export class SqliteTagStore implements TagStore {
  constructor(
    private readonly db: Db,
    private readonly ctx: StoreContext,
  ) {}

  async tag(arn: string, tags: Record<string, string>): Promise<void> {
    this.db.transaction(() => {
      const target = this.requireResource(arn);
      const existing = Object.keys(readTags(this.db, arn));
      const added = Object.keys(tags).filter((k) => !existing.includes(k));
      if (existing.length + added.length > MAX_TAGS_PER_RESOURCE) {
        throw tooManyTags(arn, existing.length + added.length, MAX_TAGS_PER_RESOURCE);
      }
      writeTags(this.db, target.workspaceId, arn, tags);
    })();
  }

  async untag(arn: string, tagKeys: string[]): Promise<void> {
    this.db.transaction(() => {
      this.requireResource(arn);
      const remove = this.db.prepare('DELETE FROM tags WHERE resource_arn = ? AND tag_key = ?');
      for (const key of tagKeys) remove.run(arn, key);
    })();
  }

  async list(arn: string, maxResults: number, after?: string): Promise<Page<[string, string]>> {
    this.requireResource(arn);
    const rows = this.db
      .prepare('SELECT tag_key, tag_value FROM tags WHERE resource_arn = ? AND tag_key > ? ORDER BY tag_key LIMIT ?')
      .raw()
      .all(arn, after ?? '', maxResults + 1) as [string, string][];
    const items = rows.slice(0, maxResults);
    const last = items[items.length - 1];
    return { items, ...(rows.length > maxResults && last && { next: last[0] }) };
  }

  /** The parsed ARN of an existing resource of this service, else ResourceNotFoundException. */
  private requireResource(arn: string): ParsedArn {
    const parsed = parseArn(arn);
    const missing = () => arnNotFound(arn);
    if (!parsed) throw missing();
    // ARNs are compared as this service writes them (its region and account), so a
    // resource has exactly one ARN and one set of tags
    const canonical =
      parsed.kind === 'workspace'
        ? workspaceArn(this.ctx, parsed.workspaceId)
        : resourceArn(this.ctx, parsed.workspaceId, parsed.kind, parsed.id);
    if (canonical !== arn) throw missing();
    const params = parsed.kind === 'workspace' ? [parsed.workspaceId] : [parsed.workspaceId, parsed.id];
    const found = this.db.prepare(existence[parsed.kind]).get(...params);
    if (!found) throw missing();
    return parsed;
  }
}
