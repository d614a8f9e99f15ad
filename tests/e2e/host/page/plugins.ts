// Loads plugin module.js files through SystemJS the way Grafana's pluginImporter does, and
// provides the DataSourceSrv that turns data source settings into plugin instances.
import {
  AppPlugin,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  DataSourcePlugin,
  type DataSourceRef,
  PanelPlugin,
  type PluginMeta,
} from '@grafana/data';
import { config, type DataSourceSrv, type GetDataSourceListFilters } from '@grafana/runtime';

import { System } from './shared';
import { templateSrv } from './templateSrv';

const modules = new Map<string, Promise<any>>();

/** Imports a plugin's module.js once (SystemJS + AMD extra, shared deps from the import map). */
export function importPluginModule(meta: PluginMeta): Promise<any> {
  const path = '/' + meta.module.replace(/^\//, '');
  if (!modules.has(path)) {
    modules.set(
      path,
      System.import(path).catch((e: Error) => {
        modules.delete(path);
        throw new Error(`Could not load plugin ${meta.id} from ${path}: ${e.message}`);
      }),
    );
  }
  return modules.get(path)!;
}

export async function loadDataSourcePlugin(meta: PluginMeta): Promise<DataSourcePlugin<any, any, any>> {
  const exports = await importPluginModule(meta);
  const plugin = exports.plugin ?? exports.default?.plugin;
  if (!(plugin instanceof DataSourcePlugin))
    throw new Error(`${meta.id}: module.js does not export a DataSourcePlugin as "plugin"`);
  plugin.meta = meta as any;
  return plugin;
}

export async function loadPanelPlugin(meta: PluginMeta): Promise<PanelPlugin> {
  const exports = await importPluginModule(meta);
  const plugin = await (exports.plugin ?? exports.default?.plugin);
  if (!(plugin instanceof PanelPlugin))
    throw new Error(`${meta.id}: module.js does not export a PanelPlugin as "plugin"`);
  plugin.meta = meta as any;
  return plugin;
}

export async function loadAppPlugin(meta: PluginMeta): Promise<AppPlugin> {
  const exports = await importPluginModule(meta);
  const plugin: AppPlugin = exports.plugin ?? new AppPlugin();
  if (!(plugin instanceof AppPlugin)) throw new Error(`${meta.id}: module.js does not export an AppPlugin as "plugin"`);
  plugin.meta = meta as any;
  plugin.init(meta as any);
  return plugin;
}

/** Every plugin the host server found in dist/, by id (from grafanaBootData). */
export function pluginMetas(): Record<string, PluginMeta> {
  return (window as any).grafanaBootData.settings.hostPlugins ?? {};
}

function settingsList(): DataSourceInstanceSettings[] {
  return Object.values(config.datasources);
}

class HostDataSourceSrv implements DataSourceSrv {
  private instances = new Map<string, Promise<DataSourceApi>>();

  getInstanceSettings(ref?: DataSourceRef | string | null): DataSourceInstanceSettings | undefined {
    const list = settingsList();
    if (ref === null || ref === undefined || ref === 'default') return list.find((s) => s.isDefault) ?? list[0];
    if (typeof ref === 'string') {
      const text = templateSrv.replace(ref);
      return list.find((s) => s.uid === text || s.name === text);
    }
    if (ref.uid) {
      const uid = templateSrv.replace(ref.uid);
      const found = list.find((s) => s.uid === uid || s.name === uid);
      if (found) return found;
      // Dashboards exported with __inputs carry ${DS_X} uids: use the first of that type.
      if (ref.type) return list.find((s) => s.type === ref.type);
    }
    if (ref.type) return list.find((s) => s.type === ref.type);
    return undefined;
  }

  get(ref?: DataSourceRef | string | null): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref);
    if (!settings) return Promise.reject(new Error(`Data source ${JSON.stringify(ref)} was not found`));
    if (!this.instances.has(settings.uid)) {
      const created = loadDataSourcePlugin(settings.meta).then((plugin) => {
        const instance = new plugin.DataSourceClass(settings);
        instance.components = plugin.components;
        instance.meta = settings.meta;
        return instance as DataSourceApi;
      });
      created.catch(() => this.instances.delete(settings.uid));
      this.instances.set(settings.uid, created);
    }
    return this.instances.get(settings.uid)!;
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    return settingsList().filter((s) => {
      if (filters.type && (Array.isArray(filters.type) ? !filters.type.includes(s.type) : s.type !== filters.type))
        return false;
      if (filters.pluginId && s.meta.id !== filters.pluginId) return false;
      if (filters.metrics && !s.meta.metrics) return false;
      return true;
    });
  }

  async reload() {
    this.instances.clear();
  }

  /** Replaces one data source's settings (after a save) and drops its cached instance. */
  update(settings: DataSourceInstanceSettings) {
    for (const [name, s] of Object.entries(config.datasources))
      if (s.uid === settings.uid) delete config.datasources[name];
    config.datasources[settings.name] = settings;
    this.instances.delete(settings.uid);
  }

  registerRuntimeDataSource() {
    throw new Error('runtime data sources are not offered by the test host');
  }
}

export const dataSourceSrv = new HostDataSourceSrv();
