import { workspaceArn } from '../../arn';
import { workspaceExists, workspaceNotEmpty, workspaceNotFound } from '../../errors';
import { StoreContext, WorkspaceScope } from '../context';
import { toWorkspace, WorkspaceRow } from '../rows/workspace-row';
import { Page, Workspace, WorkspaceInput, WorkspaceStore, WorkspaceSummary } from '../workspaces';
import { seedBuiltInComponentTypes } from './component-types';
import { PgDb, Queryable, row, rows } from './database';
import { deleteTagsOf, writeTags } from './tags';

const select = (q: Queryable, workspaceId: string) =>
  row<WorkspaceRow>(q, 'SELECT * FROM workspaces WHERE workspace_id = $1', [workspaceId]);

export class PgWorkspaceStore implements WorkspaceStore {
  constructor(
    private readonly db: PgDb,
    private readonly ctx: StoreContext,
  ) {}

  async create(workspaceId: string, input: WorkspaceInput, tags?: Record<string, string>): Promise<Workspace> {
    return this.db.graphWrite(async (q) => {
      if (await select(q, workspaceId)) throw workspaceExists(workspaceId);
      const now = this.ctx.now();
      const arn = workspaceArn(this.ctx, workspaceId);
      await q.query(
        'INSERT INTO workspaces (workspace_id, arn, description, s3_location, role, creation_time, update_time) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [workspaceId, arn, input.description ?? null, input.s3Location ?? null, input.role ?? null, now, now],
      );
      await writeTags(q, workspaceId, arn, tags);
      await seedBuiltInComponentTypes(q, this.ctx, workspaceId);
      return toWorkspace((await select(q, workspaceId))!);
    });
  }

  async exists(workspaceId: string): Promise<boolean> {
    return (await row(this.db.pool, 'SELECT 1 FROM workspaces WHERE workspace_id = $1', [workspaceId])) !== undefined;
  }

  async get(workspaceId: string): Promise<Workspace | undefined> {
    const found = await select(this.db.pool, workspaceId);
    return found && toWorkspace(found);
  }

  async list(scope: WorkspaceScope, maxResults: number, after = ''): Promise<Page<WorkspaceSummary>> {
    // a scoped key sees its own workspaces only: filter in SQL so a page is one statement
    const found = scope.all
      ? await rows<WorkspaceRow>(
          this.db.pool,
          'SELECT * FROM workspaces WHERE workspace_id > $1 ORDER BY workspace_id LIMIT $2',
          [after, maxResults + 1],
        )
      : await rows<WorkspaceRow>(
          this.db.pool,
          'SELECT * FROM workspaces WHERE workspace_id > $1 AND workspace_id = ANY($2::text[]) ORDER BY workspace_id LIMIT $3',
          [after, [...scope.workspaceIds], maxResults + 1],
        );
    const items = found.slice(0, maxResults).map((r) => {
      const { s3Location: _s3, role: _role, ...summary } = toWorkspace(r);
      return summary;
    });
    const last = items[items.length - 1];
    return { items, ...(found.length > maxResults && last && { next: last.workspaceId }) };
  }

  async update(workspaceId: string, input: WorkspaceInput): Promise<Workspace> {
    return this.db.graphWrite(async (q) => {
      const current = await select(q, workspaceId);
      if (!current) throw workspaceNotFound(workspaceId);
      await q.query(
        'UPDATE workspaces SET description = $1, s3_location = $2, role = $3, update_time = $4 WHERE workspace_id = $5',
        [
          input.description ?? current.description,
          input.s3Location ?? current.s3_location,
          input.role ?? current.role,
          this.ctx.now(),
          workspaceId,
        ],
      );
      return toWorkspace((await select(q, workspaceId))!);
    });
  }

  async delete(workspaceId: string): Promise<void> {
    await this.db.graphWrite(async (q) => {
      const current = await select(q, workspaceId);
      if (!current) throw workspaceNotFound(workspaceId);
      const count = async (sql: string) => Number((await row<{ n: number }>(q, sql, [workspaceId]))?.n ?? 0);
      const entities = await count('SELECT count(*) AS n FROM entities WHERE workspace_id = $1');
      const types = await count(
        `SELECT count(*) AS n FROM component_types WHERE workspace_id = $1
           AND component_type_id NOT LIKE 'com.amazon.%' AND component_type_id NOT LIKE 'doppel.%'`,
      );
      const scenes = await count('SELECT count(*) AS n FROM scenes WHERE workspace_id = $1');
      if (entities + types + scenes > 0) throw workspaceNotEmpty(workspaceId, entities, types, scenes);
      await deleteTagsOf(q, current.arn);
      await q.query('DELETE FROM workspaces WHERE workspace_id = $1', [workspaceId]);
      // grants die with the workspace: a later workspace of the same id must not inherit them
      await q.query('DELETE FROM access_key_scopes WHERE workspace_id = $1', [workspaceId]);
    });
  }
}
