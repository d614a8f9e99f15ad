import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

import { type DoppelQuery, type FilterRow, QueryType } from './types';

/** Most concrete requests one query may expand to through multi-value variables. */
export const MAX_EXPANSIONS = 100;

const MARK = '\u0000';

/**
 * Every value `text` takes after variable interpolation: one per combination of multi-value
 * variable values (`${entity}` = [a, b] → ["a", "b"]; "x-${v}" → ["x-a", "x-b"]). Empty
 * results are dropped, duplicates kept once.
 */
export function expandValues(text: string | undefined, scopedVars: ScopedVars, templateSrv: TemplateSrv): string[] {
  if (text === undefined || text === '') return [];
  const choices: string[][] = [];
  const marked = templateSrv.replace(text, scopedVars, (value: string | string[]) => {
    choices.push(Array.isArray(value) ? value.map(String) : [String(value)]);
    return `${MARK}${choices.length - 1}${MARK}`;
  });
  let results = [''];
  const parts = marked.split(MARK);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i % 2 === 0) {
      results = results.map((r) => r + part);
    } else {
      const options = choices[Number(part)] ?? [];
      results = results.flatMap((r) => options.map((o) => r + o));
      if (results.length > MAX_EXPANSIONS) results = results.slice(0, MAX_EXPANSIONS);
    }
  }
  return [...new Set(results.filter((r) => r !== ''))];
}

/** One interpolated value; multi-values joined with commas (for free-text fields such as filter values). */
export function interpolateText(
  text: string | undefined,
  scopedVars: ScopedVars,
  templateSrv: TemplateSrv,
): string | undefined {
  if (text === undefined) return undefined;
  return templateSrv.replace(text, scopedVars, (value: string | string[]) =>
    Array.isArray(value) ? value.join(',') : String(value),
  );
}

/**
 * A knowledge-graph statement with variables replaced. A multi-value variable becomes its
 * values joined by `', '`, so `IN ('${ids}')` reads `IN ('a', 'b')`; quotes in values are doubled.
 */
export function interpolateStatement(
  text: string | undefined,
  scopedVars: ScopedVars,
  templateSrv: TemplateSrv,
): string {
  if (!text) return '';
  const escape = (v: unknown) => String(v).replace(/'/g, "''");
  return templateSrv.replace(text, scopedVars, (value: string | string[]) =>
    Array.isArray(value) ? value.map(escape).join("', '") : escape(value),
  );
}

function expandFilters(
  filters: FilterRow[] | undefined,
  scopedVars: ScopedVars,
  t: TemplateSrv,
): FilterRow[] | undefined {
  return filters?.map((f) => ({
    name: interpolateText(f.name, scopedVars, t) ?? '',
    op: interpolateText(f.op, scopedVars, t) ?? '=',
    value: interpolateText(f.value, scopedVars, t) ?? '',
  }));
}

const expandList = (values: string[] | undefined, scopedVars: ScopedVars, t: TemplateSrv) => [
  ...new Set((values ?? []).flatMap((v) => expandValues(v, scopedVars, t))),
];

/** Cartesian product of the value lists, capped at MAX_EXPANSIONS. An empty list stays one "unset" slot. */
function combinations<K extends string>(lists: Record<K, string[]>): Array<Record<K, string | undefined>> {
  let out: Array<Record<string, string | undefined>> = [{}];
  for (const [key, values] of Object.entries(lists) as Array<[K, string[]]>) {
    const options: Array<string | undefined> = values.length ? values : [undefined];
    out = out.flatMap((o) => options.map((v) => ({ ...o, [key]: v })));
    if (out.length > MAX_EXPANSIONS) out = out.slice(0, MAX_EXPANSIONS);
  }
  return out as Array<Record<K, string | undefined>>;
}

/**
 * The concrete queries a query stands for: every string field through
 * `templateSrv.replace`, multi-value variables in ids expanded into one query per value,
 * in property lists into more properties.
 */
export function interpolateQuery(query: DoppelQuery, scopedVars: ScopedVars, t: TemplateSrv): DoppelQuery[] {
  switch (query.queryType) {
    case QueryType.GetPropertyValue:
    case QueryType.EntityHistory: {
      const properties = expandList(query.properties, scopedVars, t);
      const filter =
        query.queryType === QueryType.EntityHistory ? expandFilters(query.filter, scopedVars, t) : undefined;
      return combinations({
        entityId: expandValues(query.entityId, scopedVars, t),
        componentName: expandValues(query.componentName, scopedVars, t),
      }).map((c) => ({ ...query, ...c, properties, ...(filter ? { filter } : {}) }));
    }
    case QueryType.ComponentHistory: {
      const properties = expandList(query.properties, scopedVars, t);
      const filter = expandFilters(query.filter, scopedVars, t);
      return combinations({ componentTypeId: expandValues(query.componentTypeId, scopedVars, t) }).map((c) => ({
        ...query,
        ...c,
        properties,
        filter,
      }));
    }
    case QueryType.GetEntity:
      return combinations({ entityId: expandValues(query.entityId, scopedVars, t) }).map((c) => ({ ...query, ...c }));
    case QueryType.ListEntities:
      return combinations({
        componentTypeId: expandValues(query.componentTypeId, scopedVars, t),
        parentEntityId: expandValues(query.parentEntityId, scopedVars, t),
      }).map((c) => ({ ...query, ...c }));
    case QueryType.GetAlarms:
      // no entity = the whole workspace: one query
      return combinations({ entityId: expandValues(query.entityId, scopedVars, t) }).map((c) => ({ ...query, ...c }));
    case QueryType.KnowledgeGraph:
      return [{ ...query, queryStatement: interpolateStatement(query.queryStatement, scopedVars, t) }];
    case QueryType.ListWorkspaces:
    case QueryType.ListScenes:
      return [query];
  }
}
