import { resourceArn } from '../../arn';
import { sceneExists, sceneNotFound } from '../../errors';
import { StoreContext } from '../context';
import { jsonColumn, SceneRow, toScene, toSceneSummary } from '../rows/scene-row';
import { Scene, SceneInput, SceneStore, SceneSummary } from '../scenes';
import { Page } from '../workspaces';
import { PgDb, Queryable, row, rows } from './database';
import { deleteTagsOf, writeTags } from './tags';

const select = (q: Queryable, workspaceId: string, sceneId: string) =>
  row<SceneRow>(q, 'SELECT * FROM scenes WHERE workspace_id = $1 AND scene_id = $2', [workspaceId, sceneId]);

export class PgSceneStore implements SceneStore {
  constructor(
    private readonly db: PgDb,
    private readonly ctx: StoreContext,
  ) {}

  async create(
    workspaceId: string,
    sceneId: string,
    input: SceneInput & { contentLocation: string },
    tags?: Record<string, string>,
  ): Promise<Scene> {
    return this.db.graphWrite(async (q) => {
      if (await select(q, workspaceId, sceneId)) throw sceneExists(workspaceId, sceneId);
      const now = this.ctx.now();
      const arn = resourceArn(this.ctx, workspaceId, 'scene', sceneId);
      await q.query(
        `INSERT INTO scenes (workspace_id, scene_id, arn, content_location, description, capabilities_json, scene_metadata_json, creation_time, update_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          workspaceId,
          sceneId,
          arn,
          input.contentLocation,
          input.description ?? null,
          jsonColumn(input.capabilities),
          jsonColumn(input.sceneMetadata),
          now,
          now,
        ],
      );
      await writeTags(q, workspaceId, arn, tags);
      return toScene((await select(q, workspaceId, sceneId))!);
    });
  }

  async get(workspaceId: string, sceneId: string): Promise<Scene | undefined> {
    const found = await select(this.db.pool, workspaceId, sceneId);
    return found && toScene(found);
  }

  async list(workspaceId: string, maxResults: number, after = ''): Promise<Page<SceneSummary>> {
    const found = await rows<SceneRow>(
      this.db.pool,
      'SELECT * FROM scenes WHERE workspace_id = $1 AND scene_id > $2 ORDER BY scene_id LIMIT $3',
      [workspaceId, after, maxResults + 1],
    );
    const items = found.slice(0, maxResults).map(toSceneSummary);
    const last = items[items.length - 1];
    return { items, ...(found.length > maxResults && last && { next: last.sceneId }) };
  }

  async update(workspaceId: string, sceneId: string, input: SceneInput): Promise<Scene> {
    return this.db.graphWrite(async (q) => {
      const current = await select(q, workspaceId, sceneId);
      if (!current) throw sceneNotFound(workspaceId, sceneId);
      await q.query(
        `UPDATE scenes SET content_location = $1, description = $2, capabilities_json = $3, scene_metadata_json = $4, update_time = $5
         WHERE workspace_id = $6 AND scene_id = $7`,
        [
          input.contentLocation ?? current.content_location,
          input.description ?? current.description,
          input.capabilities === undefined ? current.capabilities_json : jsonColumn(input.capabilities),
          input.sceneMetadata === undefined ? current.scene_metadata_json : jsonColumn(input.sceneMetadata),
          this.ctx.now(),
          workspaceId,
          sceneId,
        ],
      );
      return toScene((await select(q, workspaceId, sceneId))!);
    });
  }

  async delete(workspaceId: string, sceneId: string): Promise<void> {
    await this.db.graphWrite(async (q) => {
      const current = await select(q, workspaceId, sceneId);
      if (!current) throw sceneNotFound(workspaceId, sceneId);
      await deleteTagsOf(q, current.arn);
      await q.query('DELETE FROM scenes WHERE workspace_id = $1 AND scene_id = $2', [workspaceId, sceneId]);
    });
  }
}
