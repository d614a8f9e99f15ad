import { DataValue } from '../../api/common';
import { EntityPropertyReference } from '../../api/values';
import {
  aggregationInvalid,
  dataConnectorNotOffered,
  notTimeSeries,
  propertyFilterInvalid,
  propertyNotDefined,
} from '../../errors';
import { Aggregation, aggregationMismatch } from '../../model/values/aggregation';
import { PropertyDefinitionResponse } from '../../model/types';
import { compileFilter, ValueFilter } from '../../model/values/filters';
import { HistoryQuery } from '../../model/values/history-query';
import { boundaries, interpolateAt } from '../../model/values/interpolation';
import { compareKeys, HistoryCursor, SeriesKey } from '../../model/values/paging';
import { Instant, TimeFormatter } from '../../model/values/time';
import { HistoryPage, HistorySeries, PageRequest } from '../values';
import { PropertyInfo, PropertyLookup } from './property-lookup';
import { resolveSelection } from './component-selection';
import { Chunk, ChunkBuilder, valueOf } from './chunks';
import { AggregateSource, SeriesSource } from './series-source';

/** One series a history query reads, in the order pages walk them. */
interface Target {
  key: SeriesKey;
  seriesId: number;
  reference: EntityPropertyReference;
  /** the property's data type (DOUBLE, STRING …) */
  dataType: string;
}

/** The query as the reads need it: filters compiled against the properties' types. */
interface Read {
  from: Instant;
  to: Instant;
  descending: boolean;
  filters: ValueFilter[];
  intervalMs?: number;
  aggregation?: Aggregation;
}

/**
 * GetPropertyValueHistory over the built-in store. Pages walk the selected series in
 * (entityId, componentName, propertyName) order and each series in time order; the cursor
 * records the last value returned, so no value is lost or repeated whatever is written
 * meanwhile. Each series of a page is built as text around the stored JSON points.
 */
export class HistoryReader {
  constructor(
    private readonly resolver: PropertyLookup,
    private readonly reader: SeriesSource,
    private readonly aggregates: AggregateSource,
  ) {}

  async read(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): Promise<HistoryPage> {
    const definitions = new Map<string, PropertyDefinitionResponse>();
    const targets = this.targets(workspaceId, query, definitions);
    const read: Read = {
      from: query.from,
      to: query.to,
      descending: query.descending,
      intervalMs: query.intervalMs,
      aggregation: query.aggregation,
      filters: query.filters.map((filter, i) => {
        const compiled = compileFilter(
          filter,
          definitions.get(filter.propertyName ?? '')?.dataType,
          `propertyFilters[${i}]`,
        );
        if (typeof compiled === 'string') throw propertyFilterInvalid(compiled);
        return compiled;
      }),
    };

    const cursor = page.after;
    let remaining = page.limit;
    const series: HistorySeries[] = [];
    let last: HistoryCursor | undefined;
    let more = false;
    for (const target of targets) {
      const order = cursor ? compareKeys(target.key, cursor.k) : 1;
      if (order < 0) continue;
      const resume = order === 0 ? { ms: cursor!.t[0], ns: cursor!.t[1] } : undefined;
      if (remaining === 0) {
        // the page is full: is there anything after it?
        more = (await this.values(target, read, resume, 1)).count > 0;
        if (more) break;
        continue;
      }
      const chunk = await this.values(target, read, resume, remaining);
      if (chunk.count === 0) continue;
      remaining -= chunk.count;
      series.push({ reference: target.reference, values: chunk.bytes });
      last = { k: target.key, t: chunk.last };
      if (remaining === 0) {
        more = chunk.more ?? (await this.values(target, read, { ms: chunk.last[0], ns: chunk.last[1] }, 1)).count > 0;
        if (more) break;
      }
    }
    return more && last ? { series, next: last } : { series };
  }

  /** The series to read, sorted; throws what TwinMaker answers for unknown things. */
  private targets(
    workspaceId: string,
    query: HistoryQuery,
    definitions: Map<string, PropertyDefinitionResponse>,
  ): Target[] {
    const selected = query.propertyNames;
    const components: { entityId: string; componentName: string; externalIds?: boolean }[] = [];
    const selection = resolveSelection(this.resolver, workspaceId, query.selection, selected);
    if (selection.entityId !== undefined) {
      components.push({ entityId: selection.entityId, componentName: selection.componentName });
    } else {
      for (const name of selected) {
        checkTimeSeries(name, selection.type.propertyDefinitions[name]!);
        checkAggregation(query.aggregation, name, selection.type.propertyDefinitions[name]!);
      }
      for (const c of this.resolver.componentsOfType(workspaceId, selection.componentTypeId))
        components.push({ ...c, externalIds: true });
    }

    const targets: Target[] = [];
    for (const c of components) {
      const component = this.resolver.existingComponent(workspaceId, c.entityId, c.componentName);
      for (const name of selected) {
        const property = component.properties.get(name);
        if (!property) throw propertyNotDefined(name, c.componentName, c.entityId);
        checkTimeSeries(name, property.definition, property);
        checkAggregation(query.aggregation, name, property.definition);
        if (!definitions.has(name)) definitions.set(name, property.definition);
        const seriesId = this.resolver.seriesOf(workspaceId, property, false);
        if (seriesId === undefined) continue;
        const reference = {
          entityId: c.entityId,
          componentName: c.componentName,
          propertyName: name,
          ...(c.externalIds && component.externalIds && { externalIdProperty: component.externalIds }),
        };
        targets.push({
          key: [c.entityId, c.componentName, name],
          seriesId,
          reference,
          dataType: property.definition.dataType.type,
        });
      }
    }
    return targets.sort((a, b) => compareKeys(a.key, b.key));
  }

  /** Up to `limit` values of one series in page order, strictly after `resume`. */
  private async values(target: Target, query: Read, resume: Instant | undefined, limit: number): Promise<Chunk> {
    if (query.intervalMs !== undefined) return this.interpolated(target, query, resume, limit);
    if (query.aggregation !== undefined) {
      const { aggregation, from, to, descending } = query;
      return this.aggregates.chunk(
        target.seriesId,
        { aggregation, dataType: target.dataType, from, to, descending },
        resume,
        limit,
      );
    }
    let from = query.from;
    let to = query.to;
    if (resume) {
      if (query.descending) to = { ms: resume.ms, ns: resume.ns - 1 };
      else from = { ms: resume.ms, ns: resume.ns + 1 };
    }
    if (query.filters.length === 0) return this.reader.joined(target.seriesId, from, to, query.descending, limit);
    // filtered: read in chunks until enough values pass
    const out = new ChunkBuilder();
    const size = Math.max(256, limit);
    for (;;) {
      const rows = await this.reader.range(target.seriesId, from, to, query.descending, size);
      for (const row of rows) {
        if (passes(query.filters, target.key[2], valueOf(row[2]))) {
          out.add(row[0], row[1], row[2]);
          if (out.count === limit) return out.chunk();
        }
      }
      if (rows.length < size) return out.chunk();
      const end = rows[rows.length - 1]!;
      if (query.descending) to = { ms: end[0], ns: end[1] - 1 };
      else from = { ms: end[0], ns: end[1] + 1 };
    }
  }

  private async interpolated(target: Target, query: Read, resume: Instant | undefined, limit: number): Promise<Chunk> {
    const out = new ChunkBuilder();
    const first = await this.reader.after(target.seriesId, { ms: -9_223_372_036_854, ns: 0 });
    const last = await this.reader.before(target.seriesId, { ms: 9_223_372_036_853, ns: 0 });
    if (!first || !last) return out.chunk();
    const formatter = new TimeFormatter();
    for (const at of boundaries(query.from, query.to, query.intervalMs!, query.descending, resume, { first, last })) {
      const value = interpolateAt(
        at,
        await this.reader.before(target.seriesId, at),
        await this.reader.after(target.seriesId, at),
      );
      if (!value || !passes(query.filters, target.key[2], value)) continue;
      out.add(at.ms, at.ns, '{"time":"' + formatter.format(at.ms, at.ns) + '","value":' + JSON.stringify(value) + '}');
      if (out.count === limit) break;
    }
    return out.chunk();
  }
}

function passes(filters: ValueFilter[], propertyName: string, value: DataValue): boolean {
  for (const filter of filters) if (filter.propertyName === propertyName && !filter.test(value)) return false;
  return true;
}

function checkTimeSeries(name: string, definition: PropertyDefinitionResponse, property?: PropertyInfo): void {
  if (!definition.isTimeSeries) {
    throw notTimeSeries(`Property ${name} is not a time-series property: read its value with GetPropertyValue`);
  }
  if (property && !property.native) {
    throw dataConnectorNotOffered(name, property.componentTypeId);
  }
}

function checkAggregation(
  aggregation: Aggregation | undefined,
  name: string,
  definition: PropertyDefinitionResponse,
): void {
  if (!aggregation) return;
  const mismatch = aggregationMismatch(aggregation.function, definition.dataType.type, name);
  if (mismatch) throw aggregationInvalid(mismatch);
}
