// Loads a scene (GetScene for its folder, then the document), parses it once into the typed
// model and its flattened layout, and turns every failure into a message a person can act on.
import { useEffect, useState } from 'react';

import { DoppelApiError } from '../../common/client';
import { layoutScene, type SceneLayout } from '../../common/scene/layout';
import { parseScene, SceneDocumentError } from '../../common/scene/parseScene';
import { type SceneApi, sceneFolder } from '../../common/scene/sceneApi';
import type { SceneModel } from '../../common/scene/types';

export interface LoadedScene {
  model: SceneModel;
  layout: SceneLayout;
  /** folder of the scene file among the workspace's resources; model uris are relative to it */
  folder: string;
}

export type SceneLoad =
  { state: 'loading' } | { state: 'error'; title: string; message: string } | ({ state: 'ready' } & LoadedScene);

/** A failed call in the words the panel shows. */
export function describeLoadError(
  sceneId: string,
  workspaceId: string,
  e: unknown,
): { title: string; message: string } {
  if (e instanceof SceneDocumentError)
    return {
      title: `Scene ${sceneId}: the document is invalid`,
      message: `${e.field}: ${e.message.slice(e.field.length + 2)}`,
    };
  if (e instanceof DoppelApiError) {
    if (e.status === 404 || e.errorType === 'ResourceNotFoundException')
      return { title: `Scene ${sceneId} was not found`, message: `${e.message} (workspace ${workspaceId})` };
    if (e.status === 403 || e.status === 401 || e.errorType === 'AccessDeniedException')
      return {
        title: `No permission to read scene ${sceneId}`,
        message: `${e.message}. The data source's access key needs read access to workspace ${workspaceId}.`,
      };
    if (e.unreachable) return { title: 'The Doppel service did not answer', message: e.message };
  }
  return { title: `Scene ${sceneId} could not be loaded`, message: e instanceof Error ? e.message : String(e) };
}

export function useSceneDocument(api: SceneApi | undefined, sceneId: string): SceneLoad {
  const [load, setLoad] = useState<SceneLoad>({ state: 'loading' });
  const key = api ? `${api.baseUrl}|${api.workspaceId}|${sceneId}` : '';
  useEffect(() => {
    if (!api || !sceneId) return;
    let cancelled = false;
    setLoad({ state: 'loading' });
    (async () => {
      const info = await api.getScene(sceneId);
      const raw = await api.getDocument(sceneId);
      const model = parseScene(typeof raw === 'string' ? JSON.parse(raw) : raw);
      return { model, layout: layoutScene(model), folder: sceneFolder(info.contentLocation) };
    })().then(
      (loaded) => !cancelled && setLoad({ state: 'ready', ...loaded }),
      (e) => !cancelled && setLoad({ state: 'error', ...describeLoadError(sceneId, api.workspaceId, e) }),
    );
    return () => {
      cancelled = true;
    };
    // deps: key stands for api and sceneId
  }, [key]);
  return load;
}
