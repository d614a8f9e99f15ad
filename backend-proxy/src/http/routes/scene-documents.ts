import { SceneParams } from '../../api/scenes';
import { sceneDocumentMissing, sceneNotFound } from '../../errors';
import { bucketOf } from '../../resources/buckets';
import { sceneDocumentPath } from '../../resources/scene-location';
import { App } from '../app-type';
import { sendResource } from '../resource-download';
import { requireWorkspace } from '../workspace-guard';

/**
 * A scene's document, read where its `contentLocation` points (the key in the workspace's
 * bucket, as TwinMaker's loader reads it), unchanged: model `uri`s stay relative to the
 * document's folder, so a viewer resolves them against `…/resources/<that folder>/`.
 */
export async function sceneDocumentRoutes(app: App) {
  app.get(
    '/doppel/workspaces/:workspaceId/scenes/:sceneId/document',
    {
      exposeHeadRoute: false,
      config: { operation: 'GetSceneDocument', access: 'read' },
      schema: { tags: ['scenes'], params: SceneParams },
    },
    async (request, reply) => {
      const { workspaceId, sceneId } = request.params;
      const workspace = await requireWorkspace(app.store, workspaceId);
      const scene = await app.store.scenes.get(workspaceId, sceneId);
      if (!scene) throw sceneNotFound(workspaceId, sceneId);
      const path = sceneDocumentPath(scene.contentLocation);
      const opened = await app.resources.store.open(bucketOf(workspace), path);
      if (!opened) {
        throw sceneDocumentMissing(workspaceId, sceneId, scene.contentLocation, path);
      }
      reply.header('x-doppel-resource-path', path);
      return sendResource(request, reply, opened);
    },
  );
}
