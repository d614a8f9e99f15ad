import { FastifyBaseLogger } from 'fastify';
import { DataType, DataValue } from '../../api/common';
import { ComponentResponse } from '../../api/entities';
import { PropertyLatestValue } from '../../api/values';
import {
  connectorFailure,
  connectorNotRegistered,
  notTimeSeries,
  promqlMissing,
  propertyNotDefined,
  propertyNotInType,
} from '../../errors';
import { storableValue } from '../../model/values/point-value';
import { HistoryQuery } from '../../model/values/history-query';
import { compareKeys, HistoryCursor } from '../../model/values/paging';
import { formatTime, Instant } from '../../model/values/time';
import { HistoryPage, PageRequest } from '../../store/values';
import { ConnectorGraph } from '../connector-graph';
import { ConnectorRegistry, RegisteredConnector } from '../connector-registry';
import { ConnectorHistory } from '../lambda/lambda-reader';
import { coerce, ReaderPoint, ReaderSeries } from '../lambda/reader-replies';
import { queryPrometheus } from './prometheus-client';
import { fillPromql, rangeStepSeconds } from './promql';

/**
 * Reads `doppel.connector.prometheus` components: each selected time-series property's
 * `configuration.promql`, templates filled, through `query_range` for history (step from the
 * interpolation interval or the requested aggregation interval) and `query` for the latest
 * value. Prometheus answers a whole window at once, so pages are cut here, by the same
 * cursor as the built-in store's. A PromQL giving several series must be aggregated to one.
 */
export class PrometheusReader {
  constructor(
    private readonly graph: ConnectorGraph,
    private readonly registry: ConnectorRegistry,
    private readonly options: { env?: NodeJS.ProcessEnv; log?: FastifyBaseLogger } = {},
  ) {}

  /** The registry entry a component names in its `connector` property (default "prometheus"). */
  connectorOf(component?: ComponentResponse): RegisteredConnector {
    const name = component?.properties.connector?.value?.stringValue ?? 'prometheus';
    const found = this.registry.get(name);
    if (!found || found.entry.type !== 'prometheus') throw connectorNotRegistered(`Prometheus connector ${name}`);
    return found;
  }

  async history(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): Promise<HistoryPage> {
    const { series } = await this.read(workspaceId, query);
    const cursor = page.after;
    let remaining = page.limit;
    const out: HistoryPage['series'] = [];
    let last: HistoryCursor | undefined;
    for (const s of series) {
      const key: HistoryCursor['k'] = [s.reference.entityId!, s.reference.componentName!, s.reference.propertyName];
      const order = cursor ? compareKeys(key, cursor.k) : 1;
      if (order < 0) continue;
      const resume = order === 0 ? { ms: cursor!.t[0], ns: cursor!.t[1] } : undefined;
      const points = resume ? s.points.filter((p) => after(p.at, resume, query.descending)) : s.points;
      if (points.length === 0) continue;
      // the page is full and this series has more: the next page starts after `last`
      if (remaining === 0) return { series: out, next: last };
      const taken = points.slice(0, remaining);
      remaining -= taken.length;
      const lastAt = taken[taken.length - 1]!.at;
      out.push({ reference: s.reference, values: Buffer.from(taken.map((p) => p.point).join(','), 'utf8') });
      last = { k: key, t: [lastAt.ms, lastAt.ns] };
      if (taken.length < points.length) return { series: out, next: last };
    }
    return { series: out };
  }

  /** Every value of the window, series in page order. */
  async read(workspaceId: string, query: HistoryQuery, _page?: { maxResults: number }): Promise<ConnectorHistory> {
    const targets = await this.targets(workspaceId, query);
    const step = rangeStepSeconds(query.from.ms, query.to.ms, query.intervalMs, query.aggregation?.intervalMs);
    const series: ReaderSeries[] = [];
    let connector: RegisteredConnector | undefined;
    for (const t of targets) {
      connector = this.connectorOf(t.component);
      const result = await queryPrometheus(
        connector,
        'query_range',
        {
          query: t.promql,
          start: String(query.from.ms / 1000),
          end: String(query.to.ms / 1000),
          step: String(step),
        },
        this.options.env,
      );
      const samples = single(result, connector.name, t.propertyName);
      const points = samples.flatMap(([seconds, text]) => point(seconds, text, t.dataType));
      if (query.descending) points.reverse();
      series.push({
        reference: { entityId: t.entityId, componentName: t.component.componentName, propertyName: t.propertyName },
        points,
      });
    }
    return { series, connector: connector ?? this.connectorOf() };
  }

  /** GetPropertyValue: the value of each time-series property now (`query`), static ones as stored. */
  async latest(
    workspaceId: string,
    entityId: string,
    componentName: string,
    propertyNames: string[],
  ): Promise<PropertyLatestValue[]> {
    const { component } = await this.graph.component(workspaceId, entityId, componentName);
    const values: PropertyLatestValue[] = [];
    for (const name of propertyNames) {
      const p = component.properties[name];
      if (!p?.definition) throw propertyNotDefined(name, componentName, entityId);
      const propertyReference = { entityId, componentName, propertyName: name };
      if (!p.definition.isTimeSeries) {
        values.push(p.value ? { propertyReference, propertyValue: p.value } : { propertyReference });
        continue;
      }
      const promql = p.definition.configuration?.promql;
      if (!promql) throw promqlMissing(name, component.componentTypeId);
      const connector = this.connectorOf(component);
      const result = await queryPrometheus(
        connector,
        'query',
        { query: fillPromql(promql, entityId, component) },
        this.options.env,
      );
      const sample = single(result, connector.name, name)[0];
      const parsed = sample && point(sample[0], sample[1], p.definition.dataType as DataType)[0];
      values.push(
        parsed
          ? { propertyReference, propertyValue: (JSON.parse(parsed.point) as { value: DataValue }).value }
          : { propertyReference },
      );
    }
    return values;
  }

  private async targets(workspaceId: string, query: HistoryQuery) {
    const { selection } = query;
    const components: { entityId: string; component: ComponentResponse }[] = [];
    if (selection.entityId !== undefined) {
      const { component } = await this.graph.component(workspaceId, selection.entityId, selection.componentName);
      components.push({ entityId: selection.entityId, component });
    } else {
      const type = await this.graph.componentType(workspaceId, selection.componentTypeId);
      for (const name of query.propertyNames) {
        if (!type.propertyDefinitions?.[name]) throw propertyNotInType(name, type.componentTypeId);
      }
      for (const c of await this.graph.componentsOfType(workspaceId, selection.componentTypeId)) components.push(c);
    }
    const targets: {
      entityId: string;
      component: ComponentResponse;
      propertyName: string;
      promql: string;
      dataType: DataType;
    }[] = [];
    for (const { entityId, component } of components) {
      for (const name of query.propertyNames) {
        const definition = component.properties[name]?.definition;
        if (!definition) throw propertyNotDefined(name, component.componentName, entityId);
        if (!definition.isTimeSeries) {
          throw notTimeSeries(`Property ${name} is not a time-series property: read its value with GetPropertyValue`);
        }
        const promql = definition.configuration?.promql;
        if (!promql) throw promqlMissing(name, component.componentTypeId);
        targets.push({
          entityId,
          component,
          propertyName: name,
          promql: fillPromql(promql, entityId, component),
          dataType: definition.dataType as DataType,
        });
      }
    }
    return targets.sort((a, b) =>
      compareKeys(
        [a.entityId, a.component.componentName, a.propertyName],
        [b.entityId, b.component.componentName, b.propertyName],
      ),
    );
  }
}

/** The samples of the one series a property's PromQL must give (none: no values). */
function single(
  result: { metric: Record<string, string>; values: [number, string][] }[],
  connector: string,
  property: string,
) {
  if (result.length > 1) {
    const labels = result
      .slice(0, 3)
      .map((r) => JSON.stringify(r.metric))
      .join(', ');
    throw connectorFailure(
      connector,
      `the PromQL of ${property} gives ${result.length} series (${labels}…): aggregate it to one, e.g. sum(…) or a narrower label selector`,
    );
  }
  return result[0]?.values ?? [];
}

/** A sample as a stored-style point; NaN and infinities, which no DataValue holds, are left out. */
function point(seconds: number, text: string, dataType: DataType): ReaderPoint[] {
  const n = Number(text);
  if (!Number.isFinite(n)) return [];
  const at: Instant = { ms: Math.round(seconds * 1000), ns: 0 };
  const stored = storableValue(dataType, coerce(dataType, { doubleValue: n }), 'sample');
  if (typeof stored !== 'string') return [];
  return [{ at, point: `{"time":"${formatTime(at.ms)}","value":${stored}}` }];
}

function after(at: Instant, cursor: Instant, descending: boolean): boolean {
  const order = at.ms - cursor.ms || at.ns - cursor.ns;
  return descending ? order < 0 : order > 0;
}
