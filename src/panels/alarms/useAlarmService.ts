// Where the panel's actions go: the Doppel data source its query ran on (else the first one),
// that data source's workspace, and whether its key may write there (GET /doppel/whoami).
import type { PanelData } from '@grafana/data';
import { useMemo } from 'react';

import { canWrite } from '../../common/alarms';
import type { DoppelClient } from '../../common/client';
import { listDoppelDataSources } from '../../common/datasources';
import { useAsync } from '../../common/useAsync';

export interface AlarmService {
  client: DoppelClient;
  workspaceId: string;
  /** undefined while whoami is asked */
  writable?: boolean;
  /** why the key's rights are unknown */
  error?: string;
}

/** The data source uid the panel's first query names, variables resolved. */
function queriedUid(data: PanelData, replace: (t: string) => string): string | undefined {
  const ref = data.request?.targets?.[0]?.datasource;
  const uid = typeof ref === 'string' ? ref : ref?.uid;
  return uid ? replace(uid) : undefined;
}

export function useAlarmService(data: PanelData, replace: (t: string) => string): AlarmService | undefined {
  const uid = queriedUid(data, replace);
  const connection = useMemo(() => {
    const all = listDoppelDataSources();
    const ds = all.find((d) => d.uid === uid || d.name === uid) ?? all[0];
    const workspaceId = ds ? replace(ds.workspaceId ?? '') : '';
    return ds && workspaceId ? { client: ds.client, workspaceId } : undefined;
    // replace changes identity on every render
  }, [uid]);
  const who = useAsync(
    () => (connection ? connection.client.whoami() : Promise.resolve(undefined)),
    [connection?.client, connection?.workspaceId],
  );
  if (!connection) return undefined;
  return {
    ...connection,
    writable: who.loading ? undefined : canWrite(who.value, connection.workspaceId),
    error: who.error,
  };
}
