// Turns a dashboard's `templating.list` into host variables with their options: custom,
// textbox, constant and interval from the JSON, query variables through their data source
// (metricFindQuery, or CustomVariableSupport's query), in order so later ones see earlier values.
import { type DataSourceApi, type MetricFindValue, type TimeRange } from '@grafana/data';
import { lastValueFrom, isObservable } from 'rxjs';

import { dataSourceSrv } from './plugins';
import { buildRequest } from './queryRunner';
import { ALL_VALUE, type HostVariable, templateSrv } from './templateSrv';

function customOptions(query: string): Array<{ text: string; value: string }> {
  // Grafana's custom syntax: "a, b, label : value"
  return query
    .split(/(?<!\\),/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [text, value] = item.split(/\s:\s/).map((s) => s.trim());
      return { text: text!, value: value ?? text! };
    });
}

async function findValues(ds: DataSourceApi, query: unknown, range: TimeRange): Promise<MetricFindValue[]> {
  if (typeof ds.metricFindQuery === 'function') {
    return ds.metricFindQuery(query, { range, scopedVars: {} } as any);
  }
  const support = (ds as any).variables;
  if (support && typeof support.query === 'function') {
    const request = buildRequest({ ds, targets: [{ refId: 'variable', ...(query as object) }], range });
    const result = support.query(request);
    const response = isObservable(result) ? await lastValueFrom(result) : await result;
    const frame = (response as any).data?.[0];
    const text = frame?.fields?.find((f: any) => f.name === 'text') ?? frame?.fields?.[0];
    const value = frame?.fields?.find((f: any) => f.name === 'value') ?? text;
    return (text?.values ?? []).map((t: unknown, i: number) => ({
      text: String(t),
      value: String(value?.values?.[i] ?? t),
    }));
  }
  throw new Error(`data source ${ds.name} offers no variable queries`);
}

/** Grafana's variable `sort`: 1/2 alphabetical, 3/4 numerical, 5/6 alphabetical ignoring case (odd = ascending). */
function sortOptions(options: Array<{ text: string; value: string }>, sort: number | undefined) {
  if (!sort) return;
  const numeric = (t: string) => Number(t.match(/-?\d+(\.\d+)?/)?.[0] ?? NaN);
  const key = (t: string) => (sort >= 5 ? t.toLowerCase() : t);
  options.sort((a, b) => {
    if (sort === 3 || sort === 4) return numeric(a.text) - numeric(b.text);
    return key(a.text) < key(b.text) ? -1 : key(a.text) > key(b.text) ? 1 : 0;
  });
  if (sort % 2 === 0) options.reverse();
}

export interface VariableError {
  name: string;
  message: string;
}

/** Resolves every variable's options in order; installs them in the template service as it goes. */
export async function resolveVariables(
  list: any[],
  range: TimeRange,
): Promise<{ variables: HostVariable[]; errors: VariableError[] }> {
  const variables: HostVariable[] = [];
  const errors: VariableError[] = [];
  templateSrv.updateTimeRange(range);
  for (const raw of list ?? []) {
    const variable: HostVariable = {
      name: raw.name,
      type: raw.type,
      label: raw.label,
      hide: raw.hide,
      multi: Boolean(raw.multi),
      includeAll: Boolean(raw.includeAll),
      allValue: raw.allValue,
      query: raw.query,
      datasource: raw.datasource,
      current: raw.current,
      options: [],
    };
    try {
      if (raw.type === 'custom') variable.options = customOptions(String(raw.query ?? ''));
      else if (raw.type === 'textbox' || raw.type === 'constant') {
        const value = String(raw.current?.value ?? raw.query ?? '');
        variable.options = [{ text: value, value }];
      } else if (raw.type === 'interval') variable.options = customOptions(String(raw.query ?? '1m'));
      else if (raw.type === 'query') {
        const ds = await dataSourceSrv.get(raw.datasource ?? null);
        const found = await findValues(ds, raw.query, range);
        const seen = new Set<string>();
        for (const v of found) {
          const value = String(v.value ?? v.text);
          if (seen.has(value)) continue;
          seen.add(value);
          variable.options.push({ text: String(v.text), value });
        }
        sortOptions(variable.options, raw.sort);
      } else if (raw.type === 'datasource') {
        // Data sources of the plugin type in `query`; the value is the uid, as Grafana stores it.
        variable.options = dataSourceSrv
          .getList({ pluginId: String(raw.query ?? '') })
          .map((d) => ({ text: d.name, value: d.uid }));
      } else
        variable.options = raw.options?.length
          ? raw.options.map((o: any) => ({ text: String(o.text), value: String(o.value) }))
          : [];
    } catch (e) {
      errors.push({ name: raw.name, message: e instanceof Error ? e.message : String(e) });
    }
    if (variable.includeAll) variable.options.unshift({ text: 'All', value: ALL_VALUE });
    variables.push(variable);
    templateSrv.setVariables([...variables]);
  }
  return { variables, errors };
}
