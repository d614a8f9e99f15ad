import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

type Format = string | ((value: string | string[], variable?: unknown) => string) | undefined;

/**
 * A TemplateSrv with Grafana's replace semantics for what the plugin uses: `$x`, `${x}`,
 * `${x:format}`, `[[x]]`; scoped vars win; a format function gets the raw value (an array
 * for multi-value variables); without one, multi-values render as `{a,b}` (glob).
 */
export function fakeTemplateSrv(variables: Record<string, string | string[]>): TemplateSrv {
  const pattern = /\$(\w+)|\[\[(\w+)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;
  const format = (value: string | string[], fmt: Format): string => {
    if (typeof fmt === 'function') return fmt(value, {});
    if (!Array.isArray(value)) return value;
    if (fmt === 'csv') return value.join(',');
    if (fmt === 'pipe') return value.join('|');
    return value.length > 1 ? `{${value.join(',')}}` : (value[0] ?? '');
  };
  return {
    getVariables: () =>
      Object.keys(variables).map((name) => ({ name, type: 'custom' }) as unknown as TypedVariableModel),
    replace(target?: string, scopedVars?: ScopedVars, fmt?: Format) {
      if (!target) return target ?? '';
      return target.replace(pattern, (match, v1, v2, f2, v3, _path, f3) => {
        const name = v1 ?? v2 ?? v3;
        const scoped = scopedVars?.[name];
        const value = scoped ? (scoped.value as string | string[]) : variables[name];
        if (value === undefined) return match;
        return format(value, f2 ?? f3 ?? fmt);
      });
    },
    containsTemplate: (t?: string) => Boolean(t && /\$\w|\[\[/.test(t)),
    updateTimeRange: () => undefined,
  } as TemplateSrv;
}
