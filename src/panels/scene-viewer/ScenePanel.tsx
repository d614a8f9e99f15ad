// The panel: resolves its options (variables allowed), finds the data source and scene, and
// shows every failure inside the panel — no scene id, not found, no permission, invalid
// document, no WebGL — before handing a loaded scene to the viewer.
import type { PanelProps } from '@grafana/data';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { useMemo } from 'react';

import { sceneApiFor } from './connection';
import { SceneViewer } from './SceneViewer';
import type { SceneViewerOptions } from './types';
import { useSceneDocument } from './useSceneDocument';
import { webglAvailable } from './webgl';

export function ScenePanel(props: PanelProps<SceneViewerOptions>) {
  const { options, replaceVariables, width, height } = props;
  const sceneId = replaceVariables(options.sceneId ?? '').trim();
  const datasource = replaceVariables(options.datasource ?? '');
  const api = useMemo(() => sceneApiFor(datasource, (t) => replaceVariables(t)), [datasource, replaceVariables]);
  const load = useSceneDocument(sceneId && !sceneId.includes('$') ? api : undefined, sceneId);

  let message: { title: string; text: string } | undefined;
  if (!sceneId || sceneId.includes('$'))
    message = {
      title: 'No scene selected',
      text: sceneId
        ? `The scene option "${options.sceneId}" names a variable without a value.`
        : "Pick one of the workspace's scenes in the panel options (Scene).",
    };
  else if (!api)
    message = {
      title: 'No Doppel data source',
      text: datasource
        ? `No Doppel data source "${datasource}" with a workspace is configured.`
        : 'Add a Doppel data source and choose its workspace.',
    };
  else if (!webglAvailable())
    message = { title: 'WebGL is unavailable', text: 'This browser cannot draw 3D (WebGL is off or unsupported).' };
  else if (load.state === 'error') message = { title: load.title, text: load.message };

  if (message)
    return (
      <div style={{ padding: 8, width, height, overflow: 'auto' }} data-testid="scene-viewer-message">
        <Alert title={message.title} severity="error">
          {message.text}
        </Alert>
      </div>
    );
  if (load.state !== 'ready' || !api) return <LoadingPlaceholder text="Loading scene…" />;
  return <SceneViewer {...props} api={api} scene={load} />;
}
