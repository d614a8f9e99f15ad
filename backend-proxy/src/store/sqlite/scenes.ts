import { resourceArn } from '../../arn';
import { sceneExists, sceneNotFound } from '../../errors';
import { StoreContext } from '../context';
import { jsonColumn, SceneRow, toScene, toSceneSummary } from '../rows/scene-row';
import { Scene, SceneInput, SceneStore, SceneSummary } from '../scenes';
import { Page } from '../workspaces';
import { Db } from './database';
import { deleteTagsOf, writeTags } from './tags';

export class SqliteSceneStore implements SceneStore {
  constructor(
    private readonly db: Db,
    private readonly ctx: StoreContext,
  ) {}

  async create(
    workspaceId: string,
    sceneId: string,
    input: SceneInput & { contentLocation: string },
    tags?: Record<string, string>,
  ): Promise<Scene> {
    return this.db.transaction(() => {
      if (this.row(workspaceId, sceneId)) throw sceneExists(workspaceId, sceneId);
      const now = this.ctx.now();
      const arn = resourceArn(this.ctx, workspaceId, 'scene', sceneId);
      this.db
        .prepare(
          'INSERT INTO scenes (workspace_id, scene_id, arn, content_location, description, capabilities_json, scene_metadata_json, creation_time, update_time) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          workspaceId,
          sceneId,
          arn,
          input.contentLocation,
          input.description ?? null,
          jsonColumn(input.capabilities),
          jsonColumn(input.sceneMetadata),
          now,
          now,
        );
      writeTags(this.db, workspaceId, arn, tags);
      return toScene(this.row(workspaceId, sceneId)!);
    })();
  }

  async get(workspaceId: string, sceneId: string): Promise<Scene | undefined> {
    const row = this.row(workspaceId, sceneId);
    return row && toScene(row);
  }

  async list(workspaceId: string, maxResults: number, after = ''): Promise<Page<SceneSummary>> {
    const rows = this.db
      .prepare('SELECT * FROM scenes WHERE workspace_id = ? AND scene_id > ? ORDER BY scene_id LIMIT ?')
      .all(workspaceId, after, maxResults + 1) as SceneRow[];
    const items = rows.slice(0, maxResults).map(toSceneSummary);
    const last = items[items.length - 1];
    return {
      items,
      ...(rows.length > maxResults && last && { next: last.sceneId }),
    };
  }

  async update(workspaceId: string, sceneId: string, input: SceneInput): Promise<Scene> {
    return this.db.transaction(() => {
      const row = this.row(workspaceId, sceneId);
      if (!row) throw sceneNotFound(workspaceId, sceneId);
      this.db
        .prepare(
          'UPDATE scenes SET content_location = ?, description = ?, capabilities_json = ?, scene_metadata_json = ?, update_time = ? ' +
            'WHERE workspace_id = ? AND scene_id = ?',
        )
        .run(
          input.contentLocation ?? row.content_location,
          input.description ?? row.description,
          input.capabilities === undefined ? row.capabilities_json : jsonColumn(input.capabilities),
          input.sceneMetadata === undefined ? row.scene_metadata_json : jsonColumn(input.sceneMetadata),
          this.ctx.now(),
          workspaceId,
          sceneId,
        );
      return toScene(this.row(workspaceId, sceneId)!);
    })();
  }

  async delete(workspaceId: string, sceneId: string): Promise<void> {
    this.db.transaction(() => {
      const row = this.row(workspaceId, sceneId);
      if (!row) throw sceneNotFound(workspaceId, sceneId);
      deleteTagsOf(this.db, row.arn);
      this.db.prepare('DELETE FROM scenes WHERE workspace_id = ? AND scene_id = ?').run(workspaceId, sceneId);
    })();
  }

  private row(workspaceId: string, sceneId: string): SceneRow | undefined {
    return this.db.prepare('SELECT * FROM scenes WHERE workspace_id = ? AND scene_id = ?').get(workspaceId, sceneId) as
      SceneRow | undefined;
  }
}
