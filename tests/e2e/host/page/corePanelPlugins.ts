// Grafana's core panels (timeseries, table, stat) are not published as packages, so the host
// declares them as PanelPlugins with the options and field config (defaults included) that our
// dashboards depend on; their frames then go through the same getPanelOptionsWithDefaults +
// applyFieldOverrides as plugin panels. Defaults follow grafana/grafana
// public/app/plugins/panel/timeseries/module.tsx + config.ts (defaultGraphConfig, classic palette),
// public/app/plugins/panel/table/module.tsx (width/minWidth/align/cellOptions/inspect, footer,
// cellHeight) and public/app/plugins/panel/stat/module.tsx (reduceOptions).
import {
  FieldColorModeId,
  FieldConfigProperty,
  type FieldConfigPropertyItem,
  identityOverrideProcessor,
  PanelPlugin,
  type PanelPluginMeta,
  PluginType,
} from '@grafana/data';

const NoPanel = () => null;
const NoEditor = () => null;

/** A custom field option whose value is an object (cellOptions, hideFrom…): kept as given. */
function objectOption(path: string, defaultValue: unknown): Omit<FieldConfigPropertyItem, 'id'> & { id: string } {
  return {
    id: path,
    path,
    name: path,
    editor: NoEditor,
    override: NoEditor,
    process: identityOverrideProcessor,
    shouldApply: () => true,
    defaultValue,
  };
}

function meta(id: string, name: string): PanelPluginMeta {
  return { id, name, type: PluginType.panel, module: `core:plugin/${id}`, baseUrl: '', info: {} } as PanelPluginMeta;
}

function timeseries() {
  const plugin = new PanelPlugin(NoPanel)
    .useFieldConfig({
      standardOptions: { [FieldConfigProperty.Color]: { defaultValue: { mode: FieldColorModeId.PaletteClassic } } },
      useCustomConfig: (b) =>
        b
          .addRadio({ path: 'drawStyle', name: 'Style', defaultValue: 'line', settings: { options: [] } })
          .addRadio({ path: 'lineInterpolation', name: 'Line', defaultValue: 'linear', settings: { options: [] } })
          .addNumberInput({ path: 'lineWidth', name: 'Line width', defaultValue: 1 })
          .addNumberInput({ path: 'fillOpacity', name: 'Fill opacity', defaultValue: 0 })
          .addRadio({ path: 'gradientMode', name: 'Gradient', defaultValue: 'none', settings: { options: [] } })
          .addRadio({ path: 'showPoints', name: 'Points', defaultValue: 'auto', settings: { options: [] } })
          .addNumberInput({ path: 'pointSize', name: 'Point size', defaultValue: 5 })
          .addBooleanSwitch({ path: 'spanNulls', name: 'Connect nulls', defaultValue: false })
          .addRadio({ path: 'axisPlacement', name: 'Axis', defaultValue: 'auto', settings: { options: [] } })
          .addCustomEditor(objectOption('scaleDistribution', { type: 'linear' }))
          .addCustomEditor(objectOption('stacking', { mode: 'none', group: 'A' }))
          .addCustomEditor(objectOption('hideFrom', { legend: false, tooltip: false, viz: false }))
          .addCustomEditor(objectOption('thresholdsStyle', { mode: 'off' })),
    })
    .setPanelOptions((b) =>
      b
        .addCustomEditor({
          ...objectOption('legend', { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] }),
        })
        .addCustomEditor({ ...objectOption('tooltip', { mode: 'single', sort: 'none' }) }),
    );
  plugin.meta = meta('timeseries', 'Time series');
  return plugin;
}

function table() {
  const plugin = new PanelPlugin(NoPanel)
    .useFieldConfig({
      standardOptions: { [FieldConfigProperty.Color]: { defaultValue: { mode: FieldColorModeId.Thresholds } } },
      useCustomConfig: (b) =>
        b
          .addNumberInput({ path: 'minWidth', name: 'Minimum column width' })
          .addNumberInput({ path: 'width', name: 'Column width' })
          .addRadio({ path: 'align', name: 'Column alignment', defaultValue: 'auto', settings: { options: [] } })
          .addCustomEditor(objectOption('cellOptions', { type: 'auto' }))
          .addBooleanSwitch({ path: 'inspect', name: 'Cell value inspect', defaultValue: false })
          .addBooleanSwitch({ path: 'filterable', name: 'Column filter' })
          .addBooleanSwitch({ path: 'hidden', name: 'Hide in table' })
          .addCustomEditor(objectOption('hideFrom', undefined)),
    })
    .setPanelOptions((b) =>
      b
        .addBooleanSwitch({ path: 'showHeader', name: 'Show table header', defaultValue: true })
        .addRadio({ path: 'cellHeight', name: 'Cell height', defaultValue: 'sm', settings: { options: [] } })
        .addNumberInput({ path: 'frameIndex', name: 'Frame', defaultValue: 0 })
        .addCustomEditor({
          ...objectOption('footer', { show: false, reducer: ['sum'], countRows: false, fields: '' }),
        })
        .addCustomEditor({ ...objectOption('sortBy', []) }),
    );
  plugin.meta = meta('table', 'Table');
  return plugin;
}

function stat() {
  const plugin = new PanelPlugin(NoPanel)
    .useFieldConfig({
      standardOptions: { [FieldConfigProperty.Color]: { defaultValue: { mode: FieldColorModeId.Thresholds } } },
    })
    .setPanelOptions((b) =>
      b.addCustomEditor({ ...objectOption('reduceOptions', { calcs: ['lastNotNull'], values: false, fields: '' }) }),
    );
  plugin.meta = meta('stat', 'Stat');
  return plugin;
}

let plugins: Record<string, PanelPlugin> | undefined;

/** The host's stand-in for a core panel type; unknown types are drawn as a table, as before. */
export function corePanelPlugin(type: string): PanelPlugin {
  plugins ??= { timeseries: timeseries(), table: table(), stat: stat() };
  return plugins[type] ?? plugins.table!;
}
