import { getDataSourceSrv } from '@grafana/runtime';

import { DoppelClient, SERVICE_ROUTE } from './client';

export const DATASOURCE_TYPE = 'doppel-twin-datasource';

/** A configured Doppel data source as the app pages use it. */
export interface DoppelConnection {
  uid: string;
  name: string;
  /** the workspace chosen in the data source settings */
  workspaceId?: string;
  client: DoppelClient;
}

/** Every Doppel data source configured in this Grafana. */
export function listDoppelDataSources(): DoppelConnection[] {
  return getDataSourceSrv()
    .getList({ type: DATASOURCE_TYPE })
    .map((ds) => ({
      uid: ds.uid,
      name: ds.name,
      workspaceId: (ds.jsonData as { workspaceId?: string } | undefined)?.workspaceId,
      client: new DoppelClient(`/api/datasources/proxy/uid/${ds.uid}/${SERVICE_ROUTE}`),
    }));
}

/** The data source the app settings name, else the first Doppel one. */
export function pickDoppelDataSource(preferredUid?: string): DoppelConnection | undefined {
  const all = listDoppelDataSources();
  return all.find((d) => d.uid === preferredUid) ?? all[0];
}
