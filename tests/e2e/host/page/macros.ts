// Grafana's data-link macros, which its TemplateSrv resolves besides dashboard variables:
// `${__value.raw|text|numeric|time}`, `${__data.fields[…]}`, `${__series.name}`, `${__field.…}`
// read the clicked cell through
// the `__dataContext` scoped var that applyFieldOverrides' link supplier sets, and
// `${__url_time_range}` / `${__timezone}` / `${__all_variables}` read the dashboard.
// Follows grafana/grafana public/app/features/templating/macroRegistry.ts and dataMacros.ts
// (valueMacro, dataMacro, seriesNameMacro, fieldMacro); the cell values come from @grafana/data's own display processor
// and getFieldDisplayValuesProxy, so text/numeric read as Grafana shows them.
import {
  type DataContextScopedVar,
  FieldType,
  formattedValueToString,
  getDisplayProcessor,
  getFieldDisplayName,
  getFieldDisplayValuesProxy,
  getFrameDisplayName,
  type ScopedVars,
} from '@grafana/data';

/** What a macro may read besides the scoped vars: the dashboard's raw range, zone and variables. */
export interface MacroContext {
  rawRange?: { from: unknown; to: unknown };
  timeZone: string;
  /** `var-<name>=<value>` pairs of every dashboard variable */
  variableParams: () => string;
}

/** A macro answers a value, or undefined to leave the expression as written (no data context yet). */
type Macro = (fieldPath: string | undefined, scopedVars: ScopedVars | undefined, ctx: MacroContext) => unknown;

/** `fields[0].text`, `fields["a b"]`, `name` → the value at that path (lodash's `property`, as Grafana uses). */
export function getByPath(value: unknown, path: string): unknown {
  const keys = [...path.matchAll(/[^.[\]"']+|"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? m[0]);
  let current: any = value;
  for (const key of keys) {
    if (current === undefined || current === null) return undefined;
    current = current[key];
  }
  return current;
}

function dataContext(scopedVars?: ScopedVars): DataContextScopedVar['value'] | undefined {
  return (scopedVars?.__dataContext as DataContextScopedVar | undefined)?.value;
}

const valueMacro: Macro = (fieldPath, scopedVars) => {
  const context = dataContext(scopedVars);
  if (!context) return undefined;
  const { frame, rowIndex, field, calculatedValue } = context;
  if (calculatedValue) {
    // a reduced value (stat, gauge): numeric and raw are its number
    if (fieldPath === 'numeric' || fieldPath === 'raw') return calculatedValue.numeric;
    if (fieldPath === 'time') return '';
    return formattedValueToString(calculatedValue);
  }
  if (rowIndex === undefined) return undefined;
  if (fieldPath === 'time') {
    const timeField = frame.fields.find((f) => f.type === FieldType.time);
    return timeField ? timeField.values[rowIndex] : undefined;
  }
  const value = field.values[rowIndex];
  if (fieldPath === 'raw') return value;
  const display = (field.display ?? getDisplayProcessor())(value);
  if (fieldPath === 'text') return display.text;
  if (fieldPath === 'numeric') return display.numeric;
  return formattedValueToString(display);
};

const dataMacro: Macro = (fieldPath, scopedVars) => {
  const context = dataContext(scopedVars);
  if (!context || context.rowIndex === undefined) return undefined;
  const { frame, rowIndex } = context;
  const data = {
    name: frame.name,
    refId: frame.refId,
    fields: getFieldDisplayValuesProxy({ frame, rowIndex }),
  };
  return fieldPath ? (getByPath(data, fieldPath) ?? '') : '';
};

const seriesNameMacro: Macro = (fieldPath, scopedVars) => {
  const context = dataContext(scopedVars);
  if (!context) return undefined;
  return fieldPath === 'name' ? getFrameDisplayName(context.frame, context.frameIndex) : undefined;
};

const fieldMacro: Macro = (fieldPath, scopedVars) => {
  const context = dataContext(scopedVars);
  if (!context || !fieldPath) return undefined;
  const { field, frame, data } = context;
  const labels = field.labels ?? {};
  const proxy = {
    name: field.name,
    displayName: getFieldDisplayName(field, frame, data),
    labels: { ...labels, __values: Object.values(labels).join(', ') },
    formattedLabels: Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(', '),
  };
  return getByPath(proxy, fieldPath) ?? '';
};

const urlTimeRangeMacro: Macro = (_path, _vars, ctx) => {
  if (!ctx.rawRange) return undefined;
  // Grafana's timeRangeForUrl: relative ends stay as written, absolute ones as epoch ms
  const end = (v: unknown) => (typeof v === 'string' ? v : String((v as { valueOf(): number }).valueOf()));
  return `from=${encodeURIComponent(end(ctx.rawRange.from))}&to=${encodeURIComponent(end(ctx.rawRange.to))}`;
};

export const MACROS: Record<string, { macro: Macro; /** already URL-shaped: never re-encoded */ raw?: boolean }> = {
  __value: { macro: valueMacro },
  // Grafana's data, series and field macros ignore the format: their value is used as it reads
  __data: { macro: dataMacro, raw: true },
  __series: { macro: seriesNameMacro, raw: true },
  __field: { macro: fieldMacro, raw: true },
  __url_time_range: { macro: urlTimeRangeMacro, raw: true },
  __all_variables: { macro: (_p, _v, ctx) => ctx.variableParams(), raw: true },
  __timezone: { macro: (_p, _v, ctx) => ctx.timeZone },
};
