import type { AppRootProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';

import type { AppSettings } from '../types';
import { ScenesPage } from './ScenesPage';
import { WorkspacesPage } from './WorkspacesPage';

/** App root: the Scenes page under /scenes, the workspace explorer for every other sub-path. */
export function App(props: AppRootProps<AppSettings>) {
  const settings = props.meta.jsonData ?? {};
  // the location, not props.path: Grafana gives the app's route there, not the sub-path
  if (/\/scenes(\/|$)/.test(locationService.getLocation().pathname))
    return <ScenesPage settings={settings} basename={props.basename} />;
  return <WorkspacesPage settings={settings} />;
}
