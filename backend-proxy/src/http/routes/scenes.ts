import { WorkspaceParams } from '../../api/common';
import {
  CreateSceneBody,
  CreateSceneResponse,
  ListScenesBody,
  ListScenesResponse,
  SceneParams,
  SceneResponse,
  UpdateSceneBody,
  UpdateSceneResponse,
} from '../../api/scenes';
import { EmptyResponse } from '../../api/tags';
import { sceneNotFound } from '../../errors';
import { checkSceneContentLocation, generatedSceneMetadata } from '../../resources/scene-content';
import { App } from '../app-type';
import { listPageSize } from '../../pagination';
import { listPage } from '../list-page';

const tags = ['scenes'];

/** Scene metadata: where the scene document lives and what it needs (the document is a resource). */
export async function sceneRoutes(app: App) {
  app.post(
    '/workspaces/:workspaceId/scenes',
    {
      config: { operation: 'CreateScene', access: 'write' },
      schema: { tags, params: WorkspaceParams, body: CreateSceneBody, response: { 200: CreateSceneResponse } },
    },
    async (request) => {
      const { workspaceId } = request.params;
      const { sceneId, tags: sceneTags, ...input } = request.body;
      await checkSceneContentLocation(app, workspaceId, input.contentLocation);
      const scene = await app.store.scenes.create(workspaceId, sceneId, input, sceneTags);
      return { arn: scene.arn, creationDateTime: scene.creationDateTime };
    },
  );

  app.get(
    '/workspaces/:workspaceId/scenes/:sceneId',
    {
      config: { operation: 'GetScene', access: 'read' },
      schema: { tags, params: SceneParams, response: { 200: SceneResponse } },
    },
    async (request) => {
      const { workspaceId, sceneId } = request.params;
      const scene = await app.store.scenes.get(workspaceId, sceneId);
      if (!scene) throw sceneNotFound(workspaceId, sceneId);
      const generated = await generatedSceneMetadata(
        app,
        (await app.store.workspaces.get(workspaceId))!,
        scene.contentLocation,
      );
      return { ...scene, ...(generated && { generatedSceneMetadata: generated }) };
    },
  );

  app.post(
    '/workspaces/:workspaceId/scenes-list',
    {
      config: { operation: 'ListScenes', access: 'read' },
      schema: { tags, params: WorkspaceParams, body: ListScenesBody, response: { 200: ListScenesResponse } },
    },
    async (request) => {
      const { workspaceId } = request.params;
      const { items, ...next } = await listPage(
        app.store.tokens,
        `ListScenes:${workspaceId}`,
        request.body.nextToken,
        (after: string | undefined) => app.store.scenes.list(workspaceId, listPageSize(request.body.maxResults), after),
      );
      return { sceneSummaries: items, ...next };
    },
  );

  app.put(
    '/workspaces/:workspaceId/scenes/:sceneId',
    {
      config: { operation: 'UpdateScene', access: 'write' },
      schema: { tags, params: SceneParams, body: UpdateSceneBody, response: { 200: UpdateSceneResponse } },
    },
    async (request) => {
      const { workspaceId, sceneId } = request.params;
      // a missing scene answers 404 before its new location is judged
      if (!(await app.store.scenes.get(workspaceId, sceneId))) throw sceneNotFound(workspaceId, sceneId);
      if (request.body.contentLocation !== undefined)
        await checkSceneContentLocation(app, workspaceId, request.body.contentLocation);
      const scene = await app.store.scenes.update(workspaceId, sceneId, request.body);
      return { updateDateTime: scene.updateDateTime };
    },
  );

  app.delete(
    '/workspaces/:workspaceId/scenes/:sceneId',
    {
      config: { operation: 'DeleteScene', access: 'write' },
      schema: { tags, params: SceneParams, response: { 200: EmptyResponse } },
    },
    async (request) => {
      const { workspaceId, sceneId } = request.params;
      await app.store.scenes.delete(workspaceId, sceneId);
      return {};
    },
  );
}
