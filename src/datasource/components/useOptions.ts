import type { SelectableValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { useEffect, useState } from 'react';

/** Options loaded from the service, re-loaded when `deps` change; errors show in the picker. */
export function useOptions(
  load: () => Promise<Array<SelectableValue<string>>>,
  deps: unknown[],
): { options: Array<SelectableValue<string>>; loading: boolean; error?: string } {
  const [state, setState] = useState<{ options: Array<SelectableValue<string>>; loading: boolean; error?: string }>({
    options: [],
    loading: true,
  });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (options) => live && setState({ options, loading: false }),
      (e) => live && setState({ options: [], loading: false, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, deps);
  return state;
}

/** Dashboard variables as picker options (`$name`), so any field can follow a variable. */
export function variableOptions(): Array<SelectableValue<string>> {
  try {
    return getTemplateSrv()
      .getVariables()
      .map((v) => ({ label: `$${v.name}`, value: `$${v.name}`, description: 'Dashboard variable' }));
  } catch {
    return [];
  }
}

/** An option for the current value, so a value the list does not (yet) contain still shows. */
export function withCurrent(options: Array<SelectableValue<string>>, value: string | undefined) {
  if (!value || options.some((o) => o.value === value)) return options;
  return [{ label: value, value }, ...options];
}

/** True when the text holds a template variable reference, so it cannot be resolved in the editor. */
export const hasVariable = (text: string | undefined) => Boolean(text && /\$\{?[\w]/.test(text));
