import { PanelPlugin } from '@grafana/data';

import { DataSourceOption } from './editors/DataSourceOption';
import { SceneOption } from './editors/SceneOption';
import { ScenePanel } from './ScenePanel';
import { DEFAULT_OPTIONS, type SceneViewerOptions } from './types';

export const plugin = new PanelPlugin<SceneViewerOptions>(ScenePanel).setNoPadding().setPanelOptions((builder) =>
  builder
    .addCustomEditor({
      id: 'datasource',
      path: 'datasource',
      name: 'Data source',
      description: 'A Doppel data source; empty = the first one',
      editor: DataSourceOption,
      defaultValue: DEFAULT_OPTIONS.datasource,
    })
    .addCustomEditor({
      id: 'sceneId',
      path: 'sceneId',
      name: 'Scene',
      description: "One of the workspace's scenes, or a variable such as ${scene}",
      editor: SceneOption,
      defaultValue: DEFAULT_OPTIONS.sceneId,
    })
    .addTextInput({
      path: 'selectedEntityVar',
      name: 'Selected entity variable',
      description: 'Dashboard variable set to the entity of the clicked tag or model',
      defaultValue: DEFAULT_OPTIONS.selectedEntityVar,
    })
    .addTextInput({
      path: 'selectedComponentVar',
      name: 'Selected component variable',
      defaultValue: DEFAULT_OPTIONS.selectedComponentVar,
    })
    .addTextInput({
      path: 'activeCameraVar',
      name: 'Active camera variable',
      description: "Dashboard variable holding the name of one of the scene's camera nodes",
      defaultValue: DEFAULT_OPTIONS.activeCameraVar,
    })
    .addBooleanSwitch({
      path: 'zoomToSelection',
      name: 'Zoom to selection',
      defaultValue: DEFAULT_OPTIONS.zoomToSelection,
    })
    .addBooleanSwitch({
      path: 'showStats',
      name: 'Show frame time and draw calls',
      defaultValue: DEFAULT_OPTIONS.showStats,
    }),
);
