// The panel's way to the service: the chosen Doppel data source (or the first) and its workspace.
import { SERVICE_ROUTE } from '../../common/client';
import { type DoppelConnection, listDoppelDataSources } from '../../common/datasources';

export interface VideoConnection {
  connection: DoppelConnection;
  workspaceId: string;
  /** the data source's proxy URL of the service (the data proxy adds the credential) */
  serviceBaseUrl: string;
}

/** The data source the option names (variables resolved), or undefined when none with a workspace is set up. */
export function videoConnectionFor(
  datasourceOption: string,
  replace: (text: string) => string,
): VideoConnection | undefined {
  const wanted = replace(datasourceOption ?? '').trim();
  const all = listDoppelDataSources();
  const connection = wanted ? all.find((d) => d.uid === wanted || d.name === wanted) : all[0];
  if (!connection) return undefined;
  const workspaceId = replace(connection.workspaceId ?? '');
  if (!workspaceId) return undefined;
  return { connection, workspaceId, serviceBaseUrl: `/api/datasources/proxy/uid/${connection.uid}/${SERVICE_ROUTE}` };
}
