import type { StandardEditorProps } from '@grafana/data';
import { Combobox } from '@grafana/ui';

import { sceneApiFor } from '../connection';
import type { SceneViewerOptions } from '../types';

/** Lists the workspace's scenes; a typed id or a variable (`${scene}`) is kept as written. */
export function SceneOption({ value, onChange, context }: StandardEditorProps<string, unknown, SceneViewerOptions>) {
  const load = async (input: string) => {
    const api = sceneApiFor(context.options?.datasource ?? '', (t) => t);
    const scenes = api ? ((await api.listScenes()).sceneSummaries ?? []) : [];
    return scenes
      .filter((s) => s.sceneId.toLowerCase().includes(input.toLowerCase()))
      .map((s) => ({ label: s.sceneId, value: s.sceneId, description: s.description }));
  };
  return (
    <Combobox
      options={load}
      value={value ?? ''}
      createCustomValue
      onChange={(o) => onChange(o?.value ?? '')}
      aria-label="Scene"
      placeholder="Scene id or ${variable}"
    />
  );
}
