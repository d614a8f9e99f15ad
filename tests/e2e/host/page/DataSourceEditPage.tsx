// /datasources/edit[?uid=]: the data source settings page — the plugin's ConfigEditor over the
// stored settings, and "Save & test" that saves (secrets go to the server and come back only
// as secureJsonFields) and then runs the data source's testDatasource(), as Grafana does.
import type {
  DataSourceInstanceSettings,
  DataSourcePlugin,
  DataSourceSettings,
  TestDataSourceResponse,
} from '@grafana/data';
import { DataSourcePluginContextProvider } from '@grafana/data';
import { selectors } from '@grafana/e2e-selectors';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, Button, Field, Input, Spinner } from '@grafana/ui';
import { useEffect, useState } from 'react';

import { dataSourceSrv, loadDataSourcePlugin, pluginMetas } from './plugins';

interface SaveResponse {
  datasource: DataSourceSettings;
  instanceSettings: DataSourceInstanceSettings;
}

export function DataSourceEditPage() {
  const uid = new URLSearchParams(locationService.getLocation().search).get('uid') ?? '';
  const [options, setOptions] = useState<DataSourceSettings>();
  const [plugin, setPlugin] = useState<DataSourcePlugin<any, any, any>>();
  const [error, setError] = useState<string>();
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestDataSourceResponse & { details?: { message?: string } }>();

  useEffect(() => {
    getBackendSrv()
      .get<DataSourceSettings>(uid ? `/api/datasources/uid/${encodeURIComponent(uid)}` : '/api/host/datasource/default')
      .then(async (settings) => {
        const meta = pluginMetas()[settings.type];
        if (!meta) throw new Error(`no plugin ${settings.type} in dist/`);
        setPlugin(await loadDataSourcePlugin(meta));
        setOptions(settings);
      })
      .catch((e: any) => setError(e?.data?.message ?? e?.message ?? String(e)));
  }, [uid]);

  const saveAndTest = async () => {
    if (!options) return;
    setTesting(true);
    setResult(undefined);
    try {
      const saved = await getBackendSrv().put<SaveResponse>(
        `/api/datasources/uid/${encodeURIComponent(options.uid)}`,
        options,
      );
      setOptions(saved.datasource);
      dataSourceSrv.update(saved.instanceSettings);
      const ds = await dataSourceSrv.get(saved.instanceSettings.uid);
      setResult(await ds.testDatasource());
    } catch (e: any) {
      setResult({ status: 'error', message: e?.data?.message ?? e?.message ?? String(e) });
    } finally {
      setTesting(false);
    }
  };

  if (error)
    return (
      <Alert title="Could not open the data source" severity="error">
        {error}
      </Alert>
    );
  if (!options || !plugin) return <Spinner />;
  const ConfigEditor = plugin.components.ConfigEditor;

  return (
    <div style={{ padding: 16, maxWidth: 900 }} data-testid="datasource-edit">
      <h1 style={{ fontSize: 20 }}>
        <img
          src={'/' + plugin.meta.info.logos.small}
          alt=""
          width={24}
          style={{ verticalAlign: 'middle', marginRight: 8 }}
        />
        {options.name}
      </h1>
      <Field label="Name">
        <Input
          data-testid={selectors.pages.DataSource.name}
          width={40}
          value={options.name}
          onChange={(e) => setOptions({ ...options, name: e.currentTarget.value })}
        />
      </Field>
      {ConfigEditor ? (
        <DataSourcePluginContextProvider instanceSettings={dataSourceSrv.getInstanceSettings(options.uid) as any}>
          <ConfigEditor options={options} onOptionsChange={setOptions} />
        </DataSourcePluginContextProvider>
      ) : (
        <Alert title="This data source has no ConfigEditor" severity="warning" />
      )}
      {result && (
        <div data-testid={selectors.pages.DataSource.alert} data-status={result.status}>
          <Alert
            title={result.message}
            severity={result.status === 'success' ? 'success' : result.status === 'warning' ? 'warning' : 'error'}
          >
            {result.details?.message}
          </Alert>
        </div>
      )}
      <div style={{ display: 'flex', gap: 8, marginTop: 16 }}>
        <Button data-testid={selectors.pages.DataSource.saveAndTest} onClick={saveAndTest} disabled={testing}>
          {testing ? 'Testing...' : 'Save & test'}
        </Button>
        <Button
          variant="secondary"
          fill="outline"
          onClick={() => locationService.push(`/explore?ds=${encodeURIComponent(options.uid)}`)}
        >
          Explore data
        </Button>
      </div>
    </div>
  );
}
