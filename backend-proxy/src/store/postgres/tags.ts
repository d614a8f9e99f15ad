import { parseArn, ParsedArn, resourceArn, workspaceArn } from '../../arn';
import { arnNotFound, tooManyTags } from '../../errors';
import { StoreContext } from '../context';
import { MAX_TAGS_PER_RESOURCE, TagStore } from '../tags';
import { Page } from '../workspaces';
import { PgDb, Queryable, row, rows } from './database';

/** Tags live in one table keyed by resource ARN; resources write theirs at creation. */
export async function writeTags(
  q: Queryable,
  workspaceId: string,
  arn: string,
  tags: Record<string, string> | undefined,
): Promise<void> {
  for (const [key, value] of Object.entries(tags ?? {})) {
    await q.query(
      `INSERT INTO tags (resource_arn, workspace_id, tag_key, tag_value) VALUES ($1, $2, $3, $4)
       ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
      [arn, workspaceId, key, value],
    );
  }
}

/** Removes the tags of a resource and of everything under it (a workspace's ARN is their prefix). */
export async function deleteTagsOf(q: Queryable, arnPrefix: string): Promise<void> {
  await q.query(`DELETE FROM tags WHERE resource_arn = $1 OR resource_arn LIKE $2 ESCAPE '\\'`, [
    arnPrefix,
    `${arnPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`,
  ]);
}

const existence: Record<ParsedArn['kind'], string> = {
  workspace: 'SELECT 1 FROM workspaces WHERE workspace_id = $1',
  entity: 'SELECT 1 FROM entities WHERE workspace_id = $1 AND entity_id = $2',
  'component-type': 'SELECT 1 FROM component_types WHERE workspace_id = $1 AND component_type_id = $2',
  scene: 'SELECT 1 FROM scenes WHERE workspace_id = $1 AND scene_id = $2',
};

export class PgTagStore implements TagStore {
  constructor(
    private readonly db: PgDb,
    private readonly ctx: StoreContext,
  ) {}

  async tag(arn: string, tags: Record<string, string>): Promise<void> {
    await this.db.graphWrite(async (q) => {
      const target = await this.requireResource(q, arn);
      const existing = (
        await rows<{ tag_key: string }>(q, 'SELECT tag_key FROM tags WHERE resource_arn = $1', [arn])
      ).map((r) => r.tag_key);
      const added = Object.keys(tags).filter((k) => !existing.includes(k));
      if (existing.length + added.length > MAX_TAGS_PER_RESOURCE) {
        throw tooManyTags(arn, existing.length + added.length, MAX_TAGS_PER_RESOURCE);
      }
      await writeTags(q, target.workspaceId, arn, tags);
    });
  }

  async untag(arn: string, tagKeys: string[]): Promise<void> {
    await this.db.graphWrite(async (q) => {
      await this.requireResource(q, arn);
      await q.query('DELETE FROM tags WHERE resource_arn = $1 AND tag_key = ANY($2::text[])', [arn, tagKeys]);
    });
  }

  async list(arn: string, maxResults: number, after?: string): Promise<Page<[string, string]>> {
    await this.requireResource(this.db.pool, arn);
    const found = await rows<{ tag_key: string; tag_value: string }>(
      this.db.pool,
      'SELECT tag_key, tag_value FROM tags WHERE resource_arn = $1 AND tag_key > $2 ORDER BY tag_key LIMIT $3',
      [arn, after ?? '', maxResults + 1],
    );
    const items = found.slice(0, maxResults).map((r): [string, string] => [r.tag_key, r.tag_value]);
    const last = items[items.length - 1];
    return { items, ...(found.length > maxResults && last && { next: last[0] }) };
  }

  /** The parsed ARN of an existing resource of this service, else ResourceNotFoundException. */
  private async requireResource(q: Queryable, arn: string): Promise<ParsedArn> {
    const parsed = parseArn(arn);
    const missing = () => arnNotFound(arn);
    if (!parsed) throw missing();
    const canonical =
      parsed.kind === 'workspace'
        ? workspaceArn(this.ctx, parsed.workspaceId)
        : resourceArn(this.ctx, parsed.workspaceId, parsed.kind, parsed.id);
    if (canonical !== arn) throw missing();
    const params = parsed.kind === 'workspace' ? [parsed.workspaceId] : [parsed.workspaceId, parsed.id];
    if (!(await row(q, existence[parsed.kind], params))) throw missing();
    return parsed;
  }
}
