// TemplateSrv for the host: dashboard variables whose current values live in the URL as
// `var-<name>` (as in Grafana, so locationService.partial({'var-x': …}) from a panel changes
// them), with Grafana's `$x`, `${x}`, `${x:format}`, `[[x]]` syntax, scoped vars (with field
// paths: `${__field.name}`), formats, the built-ins $__from/$__to and the data-link macros
// (macros.ts). Follows grafana/grafana public/app/features/templating/template_srv.ts.
import type { ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import { locationService, type TemplateSrv } from '@grafana/runtime';

import { getByPath, MACROS, type MacroContext } from './macros';

const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;
export const ALL_VALUE = '$__all';

export interface HostVariable {
  name: string;
  type: string;
  label?: string;
  hide?: number;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  query?: unknown;
  datasource?: { type?: string; uid?: string } | string | null;
  current?: { text?: string | string[]; value?: string | string[] };
  options: Array<{ text: string; value: string }>;
}

type Formatter = (value: string | string[], variable?: unknown, fallback?: unknown) => string;

const escapeRegex = (s: string) => s.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
const FORMATS: Record<string, (v: string[], name: string) => string> = {
  csv: (v) => v.join(','),
  raw: (v) => v.join(','),
  pipe: (v) => v.join('|'),
  json: (v) => JSON.stringify(v.length === 1 ? v[0] : v),
  text: (v) => v.join(' + '),
  glob: (v) => (v.length > 1 ? `{${v.join(',')}}` : (v[0] ?? '')),
  regex: (v) => (v.length > 1 ? `(${v.map(escapeRegex).join('|')})` : escapeRegex(v[0] ?? '')),
  singlequote: (v) => v.map((x) => `'${x.replace(/'/g, "\\'")}'`).join(','),
  doublequote: (v) => v.map((x) => `"${x.replace(/"/g, '\\"')}"`).join(','),
  sqlstring: (v) => v.map((x) => `'${x.replace(/'/g, "''")}'`).join(','),
  // Grafana's encodeURIComponentStrict: also !'()*
  uriencode: (v) =>
    encodeURIComponent(v.length > 1 ? `{${v.join(',')}}` : (v[0] ?? '')).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    ),
  percentencode: (v) => encodeURIComponent(v.length > 1 ? `{${v.join(',')}}` : (v[0] ?? '')),
  queryparam: (v, name) => v.map((x) => `var-${name}=${encodeURIComponent(x)}`).join('&'),
  lucene: (v) => (v.length > 1 ? `(${v.map((x) => `"${x}"`).join(' OR ')})` : (v[0] ?? '')),
};

export class HostTemplateSrv implements TemplateSrv {
  private variables: HostVariable[] = [];
  private timeRange?: TimeRange;

  setVariables(variables: HostVariable[]) {
    this.variables = variables;
  }

  listVariables(): HostVariable[] {
    return this.variables;
  }

  /** The variable's value now: the URL's var-<name> if set, else the dashboard's current, else the first option. */
  currentValue(variable: HostVariable): string | string[] {
    const fromUrl = locationService.getSearch().getAll(`var-${variable.name}`);
    let value: string | string[] | undefined = fromUrl.length
      ? variable.multi
        ? fromUrl
        : fromUrl[0]
      : variable.current?.value;
    if (value === undefined || (Array.isArray(value) && value.length === 0)) value = variable.options[0]?.value ?? '';
    if (variable.multi && !Array.isArray(value)) value = [value];
    return value;
  }

  /** Concrete values, with "All" expanded to every option. */
  resolvedValue(variable: HostVariable): string | string[] {
    const value = this.currentValue(variable);
    const values = Array.isArray(value) ? value : [value];
    if (values.includes(ALL_VALUE) || values.includes('All')) {
      if (variable.allValue) return variable.allValue;
      return variable.options.map((o) => o.value).filter((v) => v !== ALL_VALUE);
    }
    return value;
  }

  getVariables(): TypedVariableModel[] {
    return this.variables.map((v) => {
      const value = this.currentValue(v);
      const text = Array.isArray(value) ? value.map((x) => this.textOf(v, x)) : this.textOf(v, value);
      return {
        ...v,
        id: v.name,
        rootStateKey: 'host',
        current: { text, value, selected: true },
      } as unknown as TypedVariableModel;
    });
  }

  private textOf(v: HostVariable, value: string): string {
    if (value === ALL_VALUE) return 'All';
    return v.options.find((o) => o.value === value)?.text ?? value;
  }

  updateTimeRange(timeRange: TimeRange) {
    this.timeRange = timeRange;
  }

  containsTemplate(target?: string): boolean {
    if (!target) return false;
    VARIABLE_REGEX.lastIndex = 0;
    for (const match of target.matchAll(VARIABLE_REGEX)) {
      const name = match[1] || match[2] || match[4];
      if (name && (this.variables.some((v) => v.name === name) || name.startsWith('__'))) return true;
    }
    return false;
  }

  private macroContext(): MacroContext {
    return {
      rawRange: this.timeRange?.raw,
      timeZone: 'utc',
      variableParams: () =>
        this.variables
          .flatMap((v) => {
            const value = this.currentValue(v);
            return FORMATS.queryparam(Array.isArray(value) ? value : [value], v.name);
          })
          .join('&'),
    };
  }

  private lookup(name: string, scopedVars?: ScopedVars, fieldPath?: string): unknown {
    const scoped = scopedVars?.[name];
    if (scoped) return fieldPath ? getByPath(scoped.value, fieldPath) : scoped.value;
    if (name === '__from' && this.timeRange) return String(this.timeRange.from.valueOf());
    if (name === '__to' && this.timeRange) return String(this.timeRange.to.valueOf());
    const variable = this.variables.find((v) => v.name === name);
    return variable ? this.resolvedValue(variable) : undefined;
  }

  replace(target?: string, scopedVars?: ScopedVars, format?: string | Formatter): string {
    if (!target) return target ?? '';
    return target.replace(VARIABLE_REGEX, (match, var1, var2, fmt2, var3, fieldPath, fmt3) => {
      const name: string = var1 || var2 || var3;
      const fmt = fmt2 || fmt3 || format;
      const macro = !scopedVars?.[name] && MACROS[name];
      if (macro) {
        // a macro without its context (no clicked cell yet) stays as written, for a later pass
        const value = macro.macro(fieldPath, scopedVars, this.macroContext());
        if (value === undefined) return match;
        if (macro.raw) return String(value);
        return this.format(value, name, fmt);
      }
      const value = this.lookup(name, scopedVars, fieldPath);
      if (value === undefined) return match;
      return this.format(value, name, fmt);
    });
  }

  private format(value: unknown, name: string, fmt: string | Formatter | undefined): string {
    const variable = this.variables.find((v) => v.name === name);
    if (typeof fmt === 'function') return fmt(value as string | string[], variable, undefined);
    const values = (Array.isArray(value) ? value : [value]).map(String);
    if (typeof fmt === 'string' && FORMATS[fmt]) return FORMATS[fmt](values, name);
    return Array.isArray(value) ? FORMATS.glob(values, name) : String(value);
  }
}

export const templateSrv = new HostTemplateSrv();
