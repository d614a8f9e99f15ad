import type { AppRootProps } from '@grafana/data';

import type { AppSettings } from '../types';
import { WorkspacesPage } from './WorkspacesPage';

/** App root: the one page so far is the workspace explorer, whatever the sub-path. */
export function App(props: AppRootProps<AppSettings>) {
  return <WorkspacesPage settings={props.meta.jsonData ?? {}} />;
}
