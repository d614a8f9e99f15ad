import { workspaceArn } from '../../arn';
import { workspaceExists, workspaceNotEmpty, workspaceNotFound } from '../../errors';
import { StoreContext, WorkspaceScope } from '../context';
import { toWorkspace, WorkspaceRow } from '../rows/workspace-row';
import { Page, Workspace, WorkspaceInput, WorkspaceStore, WorkspaceSummary } from '../workspaces';
import { Db } from './database';
import { seedBuiltInComponentTypes } from './component-types';
import { deleteTagsOf, writeTags } from './tags';
import { UntilNextWrite } from './until-next-write';

export class SqliteWorkspaceStore implements WorkspaceStore {
  private readonly existsStmt;
  /** every workspace route asks whether its workspace exists; the answer holds until a write */
  private readonly existing: UntilNextWrite<string, true>;

  constructor(
    private readonly db: Db,
    private readonly ctx: StoreContext,
  ) {
    this.existsStmt = db.prepare('SELECT 1 FROM workspaces WHERE workspace_id = ?').pluck();
    this.existing = new UntilNextWrite(db, 1000);
  }

  async create(workspaceId: string, input: WorkspaceInput, tags?: Record<string, string>): Promise<Workspace> {
    return this.db.transaction(() => {
      if (this.row(workspaceId)) throw workspaceExists(workspaceId);
      const now = this.ctx.now();
      const arn = workspaceArn(this.ctx, workspaceId);
      this.db
        .prepare(
          'INSERT INTO workspaces (workspace_id, arn, description, s3_location, role, creation_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(workspaceId, arn, input.description ?? null, input.s3Location ?? null, input.role ?? null, now, now);
      writeTags(this.db, workspaceId, arn, tags);
      seedBuiltInComponentTypes(this.db, this.ctx, workspaceId);
      return toWorkspace(this.row(workspaceId)!);
    })();
  }

  async exists(workspaceId: string): Promise<boolean> {
    return this.existing.get(workspaceId, (id) => (this.existsStmt.get(id) === undefined ? undefined : true)) === true;
  }

  async get(workspaceId: string): Promise<Workspace | undefined> {
    const row = this.row(workspaceId);
    return row && toWorkspace(row);
  }

  async list(scope: WorkspaceScope, maxResults: number, after = ''): Promise<Page<WorkspaceSummary>> {
    const rows = this.db
      .prepare('SELECT * FROM workspaces WHERE workspace_id > ? ORDER BY workspace_id')
      .iterate(after) as IterableIterator<WorkspaceRow>;
    const items: WorkspaceSummary[] = [];
    let more = false;
    for (const row of rows) {
      if (!scope.all && !scope.workspaceIds.has(row.workspace_id)) continue;
      if (items.length === maxResults) {
        more = true;
        break;
      }
      const { s3Location: _s3, role: _role, ...summary } = toWorkspace(row);
      items.push(summary);
    }
    const last = items[items.length - 1];
    return { items, ...(more && last && { next: last.workspaceId }) };
  }

  async update(workspaceId: string, input: WorkspaceInput): Promise<Workspace> {
    return this.db.transaction(() => {
      const row = this.row(workspaceId);
      if (!row) throw workspaceNotFound(workspaceId);
      this.db
        .prepare(
          'UPDATE workspaces SET description = ?, s3_location = ?, role = ?, update_time = ? WHERE workspace_id = ?',
        )
        .run(
          input.description ?? row.description,
          input.s3Location ?? row.s3_location,
          input.role ?? row.role,
          this.ctx.now(),
          workspaceId,
        );
      return toWorkspace(this.row(workspaceId)!);
    })();
  }

  async delete(workspaceId: string): Promise<void> {
    this.db.transaction(() => {
      const row = this.row(workspaceId);
      if (!row) throw workspaceNotFound(workspaceId);
      const count = (sql: string) => (this.db.prepare(sql).pluck().get(workspaceId) as number) ?? 0;
      const entities = count('SELECT count(*) FROM entities WHERE workspace_id = ?');
      const types = count(
        `SELECT count(*) FROM component_types WHERE workspace_id = ?
           AND component_type_id NOT LIKE 'com.amazon.%' AND component_type_id NOT LIKE 'doppel.%'`,
      );
      const scenes = count('SELECT count(*) FROM scenes WHERE workspace_id = ?');
      if (entities + types + scenes > 0) throw workspaceNotEmpty(workspaceId, entities, types, scenes);
      deleteTagsOf(this.db, row.arn);
      this.db.prepare('DELETE FROM workspaces WHERE workspace_id = ?').run(workspaceId);
      // grants die with the workspace: a later workspace of the same id must not inherit them
      this.db.prepare('DELETE FROM access_key_scopes WHERE workspace_id = ?').run(workspaceId);
    })();
  }

  private row(workspaceId: string): WorkspaceRow | undefined {
    return this.db.prepare('SELECT * FROM workspaces WHERE workspace_id = ?').get(workspaceId) as
      WorkspaceRow | undefined;
  }
}
