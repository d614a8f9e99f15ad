// /a/<app id>/… renders the app plugin's root page; /plugins/<app id> its config pages —
// the app's module.js loaded like the others, with its plugin settings from the host server.
import { type AppPlugin, type AppRootProps, PluginContextProvider } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, ErrorBoundaryAlert, Spinner } from '@grafana/ui';
import React, { useEffect, useState } from 'react';

import { loadAppPlugin, pluginMetas } from './plugins';

export function AppPage() {
  const path = locationService.getLocation().pathname;
  const [, kind, appId] = path.split('/');
  const [plugin, setPlugin] = useState<AppPlugin>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const meta = pluginMetas()[appId ?? ''];
    if (!meta || meta.type !== 'app') {
      setError(`no app plugin ${appId} in dist/`);
      return;
    }
    getBackendSrv()
      .get(`/api/plugins/${appId}/settings`)
      .then((settings: any) => loadAppPlugin({ ...meta, ...settings, module: meta.module, baseUrl: meta.baseUrl }))
      .then(setPlugin, (e) => setError(e.message));
  }, [appId]);

  if (error)
    return (
      <Alert title="Could not load the app" severity="error">
        {error}
      </Alert>
    );
  if (!plugin) return <Spinner />;

  if (kind === 'plugins') {
    return (
      <div style={{ padding: 16 }} data-testid="app-config">
        <h1 style={{ fontSize: 20 }}>{plugin.meta.name}</h1>
        {(plugin.configPages ?? []).map((page) => (
          <section key={page.id}>
            <h2 style={{ fontSize: 16 }}>{page.title}</h2>
            <ErrorBoundaryAlert>
              <PluginContextProvider meta={plugin.meta}>
                <page.body plugin={plugin} query={locationService.getSearchObject() as any} />
              </PluginContextProvider>
            </ErrorBoundaryAlert>
          </section>
        ))}
      </div>
    );
  }
  const Root = plugin.root as React.ComponentType<AppRootProps> | undefined;
  if (!Root) return <Alert title={`${appId} has no root page`} severity="warning" />;
  return (
    <div style={{ padding: 16 }} data-testid="app-root">
      <ErrorBoundaryAlert>
        <PluginContextProvider meta={plugin.meta}>
          <Root
            meta={plugin.meta}
            basename={`/a/${appId}`}
            query={locationService.getSearchObject() as any}
            path={path}
            onNavChanged={() => {}}
          />
        </PluginContextProvider>
      </ErrorBoundaryAlert>
    </div>
  );
}
