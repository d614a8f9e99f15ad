// The packages Grafana shares with plugins (its sharedDependenciesMap), registered with SystemJS
// as `package:<name>` plus an import map entry, as Grafana's loader does: a plugin's AMD
// `define(["react", "@grafana/ui", …])` then gets the very instances this page renders with.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';

import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaE2eSelectors from '@grafana/e2e-selectors';
import * as grafanaI18n from '@grafana/i18n';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaSchema from '@grafana/schema';
import * as grafanaUi from '@grafana/ui';
import * as i18next from 'i18next';
import * as lodash from 'lodash';
import * as moment from 'moment';
import * as react from 'react';
import * as reactJsxDevRuntime from 'react/jsx-dev-runtime';
import * as reactJsxRuntime from 'react/jsx-runtime';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as reactRouterDom from 'react-router-dom';
import * as reactRouterCompat from 'react-router-dom-v5-compat';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

export interface SystemJSLike {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<any>;
  has(id: string): boolean;
}

export const System = (window as any).System as SystemJSLike;

/** name → module namespace, under the names plugins import. */
export const sharedDependencies: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/e2e-selectors': grafanaE2eSelectors,
  '@grafana/i18n': grafanaI18n,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/schema': grafanaSchema,
  // Grafana aliases the plugin classes from @grafana/data onto @grafana/ui for old plugins.
  '@grafana/ui': {
    ...grafanaUi,
    PanelPlugin: grafanaData.PanelPlugin,
    DataSourcePlugin: grafanaData.DataSourcePlugin,
    AppPlugin: grafanaData.AppPlugin,
    DataSourceApi: grafanaData.DataSourceApi,
  },
  i18next,
  lodash,
  moment,
  react,
  'react/jsx-runtime': reactJsxRuntime,
  'react/jsx-dev-runtime': reactJsxDevRuntime,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  'react-router-dom': reactRouterDom,
  // Grafana serves the v6 API under "react-router" (react-router-dom-v5-compat).
  'react-router': reactRouterCompat,
  rxjs,
  'rxjs/operators': rxjsOperators,
};

/** Registers every shared dependency with SystemJS under `package:<name>`. */
export function registerSharedDependencies(): void {
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(sharedDependencies)) {
    System.set(`package:${name}`, module);
    imports[name] = `package:${name}`;
  }
  System.addImportMap({ imports });
}
