import { AppPlugin } from '@grafana/data';

import { AppConfig } from './pages/AppConfig';
import { App } from './pages/App';
import type { AppSettings } from './types';

export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
