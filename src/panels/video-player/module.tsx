import { PanelPlugin } from '@grafana/data';

import { DataSourceOption } from '../scene-viewer/editors/DataSourceOption';
import { DEFAULT_OPTIONS, type VideoPlayerOptions } from './types';
import { VideoPanel } from './VideoPanel';

export const plugin = new PanelPlugin<VideoPlayerOptions>(VideoPanel).setPanelOptions((builder) =>
  builder
    .addCustomEditor({
      id: 'datasource',
      path: 'datasource',
      name: 'Data source',
      description: 'A Doppel data source; empty = the first one',
      editor: DataSourceOption,
      defaultValue: DEFAULT_OPTIONS.datasource,
    })
    .addTextInput({
      path: 'entityId',
      name: 'Entity',
      description: 'The camera entity, or a variable such as ${camera}',
      defaultValue: DEFAULT_OPTIONS.entityId,
    })
    .addTextInput({
      path: 'componentName',
      name: 'Component',
      description: "Its doppel.video.stream component; empty = the entity's first video component",
      defaultValue: DEFAULT_OPTIONS.componentName,
    }),
);
