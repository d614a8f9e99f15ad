// The test host page: what Grafana's frontend provides to plugins, without Grafana. The
// server injects window.grafanaBootData before this bundle runs (runtime's `config` reads it
// at import time). The page registers the shared packages with SystemJS, installs the
// runtime services, and routes to a dashboard, the data source editor or Explore.
import { AppPlugin, DataSourcePlugin, EventBusSrv, PanelPlugin } from '@grafana/data';
import {
  config,
  locationService,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setEchoSrv,
  setTemplateSrv,
} from '@grafana/runtime';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'react-router-dom';
import { CompatRouter } from 'react-router-dom-v5-compat';

import { AppPage } from './AppPage';
import { createBackendSrv } from './backendSrv';
import { runFramesBench } from './bench';
import { DashboardPage } from './DashboardPage';
import { DataSourceEditPage } from './DataSourceEditPage';
import { ExplorePage } from './ExplorePage';
import { registerStandardFieldConfigs } from './fieldConfig';
import { interceptLinkClicks } from './interceptLinkClicks';
import { dataSourceSrv, importPluginModule, pluginMetas } from './plugins';
import { registerSharedDependencies, sharedDependencies } from './shared';
import { templateSrv } from './templateSrv';
import { VariableEditPage } from './VariableEditPage';

// before any plugin builds its field config registry from the standard one
registerStandardFieldConfigs();
registerSharedDependencies();
interceptLinkClicks();
setBackendSrv(createBackendSrv());
setTemplateSrv(templateSrv);
setDataSourceSrv(dataSourceSrv);
setAppEvents(new EventBusSrv() as any);
setEchoSrv({
  addBackend: () => {},
  addEvent: () => {},
  logDebug: () => {},
  isEnabled: () => false,
} as any);

function Home() {
  const metas = Object.values(pluginMetas());
  return (
    <div style={{ padding: 16 }}>
      <h2>Doppel test host</h2>
      <p>Plugins loaded from dist/:</p>
      <ul>
        {metas.map((m) => (
          <li key={m.id}>
            {m.type} <code>{m.id}</code> — {m.module}
          </li>
        ))}
      </ul>
      <ul>
        <li>
          <a href="/datasources/edit">Data source settings</a>
        </li>
        <li>
          <a href="/explore">Explore</a>
        </li>
        <li>
          <a href="/variables/edit">Variable query editor</a>
        </li>
        <li>
          <a href="/a/doppel-twin-app/workspaces">App: Workspaces</a>
        </li>
        <li>
          <a href="/d?file=tests/e2e/fixtures/factory-dashboard.json">Dashboard</a> (any:
          /d?file=&lt;dashboard.json&gt;)
        </li>
      </ul>
    </div>
  );
}

function Routes() {
  const [location, setLocation] = useState(locationService.getLocation());
  useEffect(() => {
    const sub = locationService.getLocationObservable().subscribe(setLocation);
    return () => sub.unsubscribe();
  }, []);
  const path = location.pathname;
  if (path === '/d' || path.startsWith('/d/')) return <DashboardPage />;
  if (path.startsWith('/datasources/edit')) return <DataSourceEditPage />;
  if (path.startsWith('/explore')) return <ExplorePage />;
  if (path.startsWith('/variables/edit')) return <VariableEditPage />;
  if (path.startsWith('/a/') || path.startsWith('/plugins/')) return <AppPage />;
  return <Home />;
}

function HostApp() {
  return (
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <Router history={locationService.getHistory()}>
        <CompatRouter>
          <div id="host-root" style={{ minHeight: '100vh', background: config.theme2.colors.background.canvas }}>
            <Routes />
          </div>
        </CompatRouter>
      </Router>
    </ThemeContext.Provider>
  );
}

/** Which host class a module's `plugin` export is an instance of (one @grafana/data means one answer). */
function pluginKind(plugin: unknown): string {
  if (plugin instanceof DataSourcePlugin) return 'datasource';
  if (plugin instanceof PanelPlugin) return 'panel';
  if (plugin instanceof AppPlugin) return 'app';
  return typeof plugin;
}

// Handles for tests and benchmarks driven from Playwright.
(window as any).__host = {
  importPluginModule,
  dataSourceSrv,
  templateSrv,
  locationService,
  pluginMetas,
  pluginKind,
  sharedDependencyNames: Object.keys(sharedDependencies),
  runFramesBench,
};

createRoot(document.getElementById('root')!).render(<HostApp />);
