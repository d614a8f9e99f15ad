import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DoppelDataSource } from './datasource';
import type { DoppelOptions, DoppelQuery, DoppelSecureOptions } from './types';

export const plugin = new DataSourcePlugin<DoppelDataSource, DoppelQuery, DoppelOptions, DoppelSecureOptions>(
  DoppelDataSource,
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);

// The frame builders, for the test host's frames benchmark (pure functions, no Grafana state).
export { historyToFrames } from './frames';
