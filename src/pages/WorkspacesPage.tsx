import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { locationService, PluginPage } from '@grafana/runtime';
import { Alert, InlineField, Select, Stack, Tab, TabsBar, useStyles2 } from '@grafana/ui';
import { css } from '@emotion/css';
import { useMemo, useState } from 'react';

import { listDoppelDataSources, pickDoppelDataSource } from '../common/datasources';
import { followPages } from '../common/paginate';
import { useAsync } from '../common/useAsync';
import type { AppSettings } from '../types';
import { ComponentTypesView } from './ComponentTypesView';
import { EntityDetails } from './EntityDetails';
import { EntityTree } from './EntityTree';

type TabId = 'entities' | 'componentTypes';

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Workspace explorer: workspaces, the lazy entity tree with an entity's values, component types. */
export function WorkspacesPage({ settings }: { settings: AppSettings }) {
  const styles = useStyles2(getStyles);
  // one client per data source for the page's life: effects key on it
  const dataSources = useMemo(() => listDoppelDataSources(), []);
  // where the page stands lives in the URL (?ds=&ws=&entity=&tab=), so links and reloads land there
  const initial = useMemo(() => locationService.getSearchObject(), []);
  const [uid, setUidState] = useState(pickDoppelDataSource(text(initial.ds) ?? settings.datasourceUid)?.uid);
  const connection = dataSources.find((d) => d.uid === uid);
  const [workspaceId, setWorkspaceState] = useState<string | undefined>(text(initial.ws) ?? connection?.workspaceId);
  const [tab, setTabState] = useState<TabId>(initial.tab === 'componentTypes' ? 'componentTypes' : 'entities');
  const [selected, setSelectedState] = useState<string | undefined>(text(initial.entity));
  const setUid = (v: string | undefined) => {
    setUidState(v);
    locationService.partial({ ds: v }, true);
  };
  const setWorkspaceId = (v: string | undefined) => {
    setWorkspaceState(v);
    locationService.partial({ ws: v, entity: undefined }, true);
  };
  const setTab = (v: TabId) => {
    setTabState(v);
    locationService.partial({ tab: v }, true);
  };
  const setSelected = (v: string | undefined) => {
    setSelectedState(v);
    locationService.partial({ entity: v }, true);
  };

  const workspaces = useAsync(async () => {
    if (!connection) return [];
    const paged = await followPages(
      (t) => connection.client.listWorkspaces(t),
      (p) => p.workspaceSummaries?.length ?? 0,
      {
        maxItems: 1000,
      },
    );
    return paged.pages.flatMap((p) => p.workspaceSummaries ?? []);
  }, [uid]);

  if (!connection) {
    return (
      <PluginPage>
        <Alert title="No Doppel data source" severity="info">
          Add a data source of type “Doppel” with the service URL and an access key to browse workspaces.
        </Alert>
      </PluginPage>
    );
  }

  return (
    <PluginPage>
      <Stack gap={1} wrap="wrap">
        <InlineField label="Data source" labelWidth={14}>
          <Select
            aria-label="Data source"
            width={30}
            options={dataSources.map((d): SelectableValue<string> => ({ label: d.name, value: d.uid }))}
            value={uid}
            onChange={(o) => {
              setUid(o.value);
              setWorkspaceId(dataSources.find((d) => d.uid === o.value)?.workspaceId);
              setSelected(undefined);
            }}
          />
        </InlineField>
        <InlineField label="Workspace" labelWidth={14} invalid={Boolean(workspaces.error)} error={workspaces.error}>
          <Select
            aria-label="Workspace"
            width={40}
            isLoading={workspaces.loading}
            options={(workspaces.value ?? []).map((w) => ({
              label: w.workspaceId,
              value: w.workspaceId,
              description: w.description,
            }))}
            value={workspaceId ?? null}
            placeholder="Pick a workspace"
            onChange={(o) => {
              setWorkspaceId(o.value);
              setSelected(undefined);
            }}
          />
        </InlineField>
      </Stack>
      {workspaceId && (
        <>
          <TabsBar>
            <Tab label="Entities" active={tab === 'entities'} onChangeTab={() => setTab('entities')} />
            <Tab
              label="Component types"
              active={tab === 'componentTypes'}
              onChangeTab={() => setTab('componentTypes')}
            />
          </TabsBar>
          {tab === 'entities' ? (
            <div className={styles.split}>
              <div className={styles.tree}>
                <EntityTree
                  key={`${uid}/${workspaceId}`}
                  client={connection.client}
                  workspaceId={workspaceId}
                  selected={selected}
                  onSelect={setSelected}
                />
              </div>
              <div className={styles.details}>
                {selected ? (
                  <EntityDetails client={connection.client} workspaceId={workspaceId} entityId={selected} />
                ) : (
                  <Alert title="Pick an entity" severity="info">
                    Open the tree on the left and pick an entity to see its components and property values.
                  </Alert>
                )}
              </div>
            </div>
          ) : (
            <ComponentTypesView key={`${uid}/${workspaceId}`} client={connection.client} workspaceId={workspaceId} />
          )}
        </>
      )}
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  split: css({ display: 'flex', gap: theme.spacing(2), marginTop: theme.spacing(2), alignItems: 'flex-start' }),
  tree: css({ flex: '0 0 340px', maxHeight: '75vh', overflow: 'auto' }),
  details: css({ flex: 1, minWidth: 0 }),
});
