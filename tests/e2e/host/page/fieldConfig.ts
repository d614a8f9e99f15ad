// Field config as Grafana applies it before frames reach a panel: the standard options registry
// (unit, decimals, min/max, display name, colour, thresholds, value mappings, links…) that
// Grafana's core registers at start, and the panel plugin's own registry (standard options with
// the plugin's defaults plus its `custom.*` options) through @grafana/data's applyFieldOverrides.
// Without the standard registry applyFieldOverrides applies no default and no override at all,
// which is why every series used to be drawn grey.
// Follows grafana/grafana public/app/core/components/OptionsUI/registry.tsx
// (getAllStandardFieldConfigs, set up in public/app/app.ts) and
// public/app/features/query/state/PanelQueryRunner.ts (getProcessedDataFrames + applyFieldOverrides).
import {
  applyFieldOverrides,
  booleanOverrideProcessor,
  type DataFrame,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldConfigProperty,
  type FieldConfigPropertyItem,
  type FieldConfigSource,
  FieldType,
  getPanelOptionsWithDefaults,
  type GrafanaTheme2,
  identityOverrideProcessor,
  type InterpolateFunction,
  numberOverrideProcessor,
  type PanelPlugin,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  ThresholdsMode,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

// The host has no options pane: editors draw nothing.
const NoEditor = () => null;

// Grafana's core fills the option editor registry at start; panel option builders look
// editors up by id. The host has no options pane, so each id gets an editor that draws nothing.
const OPTION_EDITOR_IDS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
  'links',
  'thresholds',
  'mappings',
  'fieldColor',
  'stats-picker',
  'interval',
  'data-links',
];

const isNumber = (f: { type: FieldType }) => f.type === FieldType.number;
const always = () => true;

function item(
  id: FieldConfigProperty,
  process: FieldConfigPropertyItem['process'],
  shouldApply: FieldConfigPropertyItem['shouldApply'],
  extra: Partial<FieldConfigPropertyItem> = {},
): FieldConfigPropertyItem {
  return { id, path: id, name: id, editor: NoEditor, override: NoEditor, process, shouldApply, ...extra };
}

/** Grafana's standard field options, with Grafana's defaults (green/red at 80 thresholds, no mappings, no links). */
export function standardFieldConfigs(): FieldConfigPropertyItem[] {
  return [
    item(FieldConfigProperty.Unit, unitOverrideProcessor as FieldConfigPropertyItem['process'], always),
    item(FieldConfigProperty.FieldMinMax, booleanOverrideProcessor, isNumber),
    item(FieldConfigProperty.Min, numberOverrideProcessor, isNumber),
    item(FieldConfigProperty.Max, numberOverrideProcessor, isNumber),
    item(FieldConfigProperty.Decimals, numberOverrideProcessor, isNumber, {
      settings: { placeholder: 'auto', min: 0, max: 15, integer: true },
    }),
    item(FieldConfigProperty.DisplayName, displayNameOverrideProcessor, always),
    item(FieldConfigProperty.Color, identityOverrideProcessor, always),
    item(FieldConfigProperty.NoValue, stringOverrideProcessor, always),
    item(FieldConfigProperty.Thresholds, thresholdsOverrideProcessor, always, {
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
    }),
    item(FieldConfigProperty.Mappings, valueMappingsOverrideProcessor, always, { defaultValue: [] }),
    item(FieldConfigProperty.Links, dataLinksOverrideProcessor, always, { defaultValue: [] }),
    item(FieldConfigProperty.Filterable, booleanOverrideProcessor, always, { hideFromDefaults: true }),
  ];
}

let registered = false;
/** Fills @grafana/data's standard registries once, as Grafana's app start does (before any plugin reads them). */
export function registerStandardFieldConfigs() {
  if (registered) return;
  registered = true;
  standardEditorsRegistry.setInit(() => OPTION_EDITOR_IDS.map((id) => ({ id, name: id, editor: NoEditor })));
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
}

export interface ProcessOptions {
  plugin: PanelPlugin;
  frames: DataFrame[];
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  theme: GrafanaTheme2;
  replaceVariables: InterpolateFunction;
}

/** The panel's options and field config with the plugin's defaults, and its frames with field config applied. */
export function processPanelData({ plugin, frames, options, fieldConfig, theme, replaceVariables }: ProcessOptions) {
  registerStandardFieldConfigs();
  const withDefaults = getPanelOptionsWithDefaults({
    plugin,
    currentOptions: options ?? {},
    currentFieldConfig: fieldConfig ?? { defaults: {}, overrides: [] },
    isAfterPluginChange: false,
  });
  const series = applyFieldOverrides({
    data: frames,
    fieldConfig: withDefaults.fieldConfig,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables,
    theme,
    timeZone: 'utc',
  });
  return { options: withDefaults.options, fieldConfig: withDefaults.fieldConfig, series };
}
