import type { AppPluginMeta, PluginConfigPageProps, SelectableValue } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Select, Stack, Text } from '@grafana/ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { DoppelApiError } from '../common/client';
import { listDoppelDataSources } from '../common/datasources';
import type { AppSettings } from '../types';

type Props = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

type Check = { state: 'idle' | 'checking' } | { state: 'ok'; version: string } | { state: 'failed'; message: string };

/**
 * App configuration: which Doppel data source the app pages browse, and a connection check
 * that shows the service version (or why it failed).
 */
export function AppConfig({ plugin }: Props) {
  const dataSources = useMemo(() => listDoppelDataSources(), []);
  const [uid, setUid] = useState<string | undefined>(plugin.meta.jsonData?.datasourceUid ?? dataSources[0]?.uid);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [saved, setSaved] = useState(false);
  const chosen = dataSources.find((d) => d.uid === uid);

  // a check answered after the data source changed again must not overwrite the newer one
  const latestCheck = useRef(0);
  const runCheck = useCallback(async () => {
    if (!chosen) return;
    const id = ++latestCheck.current;
    const settle = (next: Check) => id === latestCheck.current && setCheck(next);
    setCheck({ state: 'checking' });
    try {
      await chosen.client.health();
      const v = await chosen.client.version();
      settle({ state: 'ok', version: v.version });
    } catch (e) {
      const message =
        e instanceof DoppelApiError && e.unreachable
          ? `The service did not answer (${e.message}). Check the data source's service URL.`
          : e instanceof Error
            ? e.message
            : String(e);
      settle({ state: 'failed', message });
    }
  }, [chosen]);

  // opening the page (or picking another data source) checks at once: the state a user came to see
  useEffect(() => {
    void runCheck();
  }, [runCheck]);

  const save = async () => {
    await getBackendSrv().post(`/api/plugins/${plugin.meta.id}/settings`, {
      enabled: true,
      pinned: true,
      jsonData: { ...plugin.meta.jsonData, datasourceUid: uid },
    });
    setSaved(true);
  };

  return (
    <FieldSet label="Doppel service">
      {dataSources.length === 0 && (
        <Alert title="No Doppel data source yet" severity="info">
          Add a data source of type “Doppel” (Connections → Data sources), enter the service URL and an access key, then
          come back here.
        </Alert>
      )}
      <Field label="Data source" description="The Doppel data source the app's pages browse">
        <Select
          inputId="doppel-app-datasource"
          aria-label="Data source"
          width={50}
          options={dataSources.map((d): SelectableValue<string> => ({
            label: d.name,
            value: d.uid,
            description: d.workspaceId,
          }))}
          value={uid ?? null}
          onChange={(o) => {
            setUid(o.value);
            setSaved(false);
          }}
        />
      </Field>
      <Stack gap={1} alignItems="center">
        <Button
          variant="secondary"
          icon="heart-rate"
          onClick={runCheck}
          disabled={!chosen || check.state === 'checking'}
        >
          {check.state === 'checking' ? 'Checking…' : 'Check again'}
        </Button>
        <Button onClick={save} disabled={!uid}>
          Save settings
        </Button>
        {saved && <Text color="success">Saved</Text>}
      </Stack>
      {check.state === 'ok' && (
        <Alert title="Connected" severity="success">
          Doppel service version {check.version}
        </Alert>
      )}
      {check.state === 'failed' && (
        <Alert title="Connection failed" severity="error">
          {check.message}
        </Alert>
      )}
    </FieldSet>
  );
}
