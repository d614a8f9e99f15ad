// The panel's way to the service: the chosen Doppel data source (or the first) and its workspace.
import { SERVICE_ROUTE } from '../../common/client';
import { listDoppelDataSources } from '../../common/datasources';
import { SceneApi } from '../../common/scene/sceneApi';

/** A SceneApi for the data source option (variables resolved), or undefined when none is set up. */
export function sceneApiFor(datasourceOption: string, replace: (text: string) => string): SceneApi | undefined {
  const wanted = replace(datasourceOption ?? '').trim();
  const all = listDoppelDataSources();
  const ds = wanted ? all.find((d) => d.uid === wanted || d.name === wanted) : all[0];
  if (!ds) return undefined;
  const workspaceId = replace(ds.workspaceId ?? '');
  if (!workspaceId) return undefined;
  return new SceneApi(`/api/datasources/proxy/uid/${ds.uid}/${SERVICE_ROUTE}`, workspaceId);
}
