import { ComponentResponse } from '../../api/entities';
import { DataValue } from '../../api/common';

/**
 * A property's PromQL with its templates filled: `${entityId}`, `${componentName}` and
 * `${<property>}` for the component's other properties with a scalar value (its external ids
 * above all). A template naming nothing is left as written, so Prometheus' error names it.
 */
export function fillPromql(promql: string, entityId: string, component: ComponentResponse): string {
  return promql.replace(/\$\{([A-Za-z0-9_.-]+)\}/g, (whole, name: string) => {
    if (name === 'entityId') return escapeLabel(entityId);
    if (name === 'componentName') return escapeLabel(component.componentName);
    const value = scalarText(component.properties[name]?.value);
    return value === undefined ? whole : escapeLabel(value);
  });
}

/** Text inside a PromQL string literal: backslashes and quotes escaped. */
function escapeLabel(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function scalarText(value: DataValue | undefined): string | undefined {
  if (!value) return undefined;
  for (const v of [value.stringValue, value.doubleValue, value.integerValue, value.longValue, value.booleanValue]) {
    if (v !== undefined) return String(v);
  }
  return undefined;
}

/** The step of a range query: the interpolation interval, else the requested resolution, else at most 11,000 points (Prometheus' own limit). */
export function rangeStepSeconds(fromMs: number, toMs: number, intervalMs?: number, resolutionMs?: number): number {
  if (intervalMs !== undefined) return intervalMs / 1000;
  if (resolutionMs !== undefined) return resolutionMs / 1000;
  return Math.max(1, Math.ceil((toMs - fromMs) / 1000 / 11_000));
}
