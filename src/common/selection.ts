// The selection lives in dashboard variables (as in TwinMaker's panel): clicking writes them
// with locationService.partial, and the panel follows them when something else changes them.
import { locationService } from '@grafana/runtime';
import { useEffect, useState } from 'react';

export interface Selection {
  entityId?: string;
  componentName?: string;
}

/** A variable's value: the URL's `var-<name>`, else what the dashboard resolves; undefined when unset. */
export function variableValue(name: string, replace: (text: string) => string): string | undefined {
  if (!name) return undefined;
  const fromUrl = locationService.getSearchObject()[`var-${name}`];
  const value = Array.isArray(fromUrl) ? fromUrl[0] : fromUrl;
  if (typeof value === 'string' && value !== '') return value;
  const resolved = replace(`\${${name}}`);
  return resolved && !resolved.includes('$') ? resolved : undefined;
}

/** Follows the selection variables; re-reads them on every location change. */
export function useSelection(entityVar: string, componentVar: string, replace: (text: string) => string): Selection {
  const read = () => ({
    entityId: variableValue(entityVar, replace),
    componentName: variableValue(componentVar, replace),
  });
  const [selection, setSelection] = useState<Selection>(read);
  useEffect(() => {
    const update = () =>
      setSelection((old) => {
        const next = read();
        return next.entityId === old.entityId && next.componentName === old.componentName ? old : next;
      });
    update();
    const sub = locationService.getLocationObservable().subscribe(update);
    return () => sub.unsubscribe();
    // deps: replace changes identity on every render
  }, [entityVar, componentVar]);
  return selection;
}

/** Sets the selection variables (and `extra` ones), replacing the history entry as Grafana's own panels do. */
export function select(entityVar: string, componentVar: string, target: Selection, extra: Record<string, string> = {}) {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) if (/^\w+$/.test(name)) query[`var-${name}`] = String(value);
  if (entityVar && target.entityId) query[`var-${entityVar}`] = target.entityId;
  if (componentVar && target.componentName) query[`var-${componentVar}`] = target.componentName;
  if (Object.keys(query).length > 0) locationService.partial(query, true);
}
