import { DataValue } from '../../../api/common';
import { GetPropertyValueHistoryBody, MAX_HISTORY_PAGE } from '../../../api/values';
import { validation } from '../../../errors';
import { PropertyDefinitionResponse } from '../../../model/types';
import { compileFilter, ValueFilter } from '../../../model/values/filters';
import { boundaries, interpolateAt } from '../../../model/values/interpolation';
import { fromEpochSeconds, Instant, parseTime, TimeFormatter } from '../../../model/values/time';
import { pageSize, scopeOf } from '../../../pagination';
import { StoreContext } from '../../context';
import { compareKeys, PropertyInfo, PropertyResolver } from './resolver';
import { selectComponents } from './component-selection';
import { Chunk, SeriesReader, valueOf } from './series-reader';

/** One series a history query reads, in the order pages walk them. */
interface Target {
  key: [entityId: string, componentName: string, propertyName: string];
  seriesId: number;
  /** entityPropertyReference as JSON text */
  reference: string;
}

/** Where the previous page stopped: the series and the time of its last value. */
interface Cursor {
  k: [string, string, string];
  t: [number, number];
}

interface Query {
  from: Instant;
  to: Instant;
  descending: boolean;
  filters: ValueFilter[];
  intervalMs?: number;
}

export const DEFAULT_HISTORY_PAGE = 25;
const MAX_INTERVALS = 1_000_000;

/**
 * GetPropertyValueHistory over the built-in store. Pages walk the selected series in
 * (entityId, componentName, propertyName) order and each series in time order; the
 * nextToken records the last value returned, so no value is lost or repeated whatever is
 * written meanwhile. The response is built as text around the stored JSON values.
 */
export class HistoryReader {
  constructor(
    private readonly resolver: PropertyResolver,
    private readonly reader: SeriesReader,
    private readonly ctx: StoreContext,
  ) {}

  read(workspaceId: string, body: GetPropertyValueHistoryBody): string {
    const query = this.parse(body);
    const definitions = new Map<string, PropertyDefinitionResponse>();
    const targets = this.targets(workspaceId, body, definitions);
    query.filters = (body.propertyFilters ?? []).map((filter, i) => {
      const compiled = compileFilter(
        filter,
        definitions.get(filter.propertyName ?? '')?.dataType,
        `propertyFilters[${i}]`,
      );
      if (typeof compiled === 'string') throw validation(compiled);
      return compiled;
    });

    const { nextToken, maxResults, ...bound } = body;
    // hashing the request is only needed when a token is read or written
    const scope = () => scopeOf('GetPropertyValueHistory', { workspaceId, ...bound });
    const cursor = nextToken ? this.ctx.tokens.decode<Cursor>(scope(), nextToken) : undefined;
    if (cursor !== undefined && !validCursor(cursor)) throw validation('The nextToken is not valid: pass it unchanged');
    let remaining = pageSize(maxResults, DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE);

    const parts: string[] = [];
    let last: Cursor | undefined;
    let more = false;
    for (const target of targets) {
      const order = cursor ? compareKeys(target.key, cursor.k) : 1;
      if (order < 0) continue;
      const resume = order === 0 ? { ms: cursor!.t[0], ns: cursor!.t[1] } : undefined;
      if (remaining === 0) {
        // the page is full: is there anything after it?
        more = this.values(target, query, resume, 1).count > 0;
        if (more) break;
        continue;
      }
      const chunk = this.values(target, query, resume, remaining);
      if (chunk.count === 0) continue;
      remaining -= chunk.count;
      parts.push('{"entityPropertyReference":' + target.reference + ',"values":[' + chunk.text + ']}');
      last = { k: target.key, t: chunk.last };
      if (remaining === 0) {
        more = this.values(target, query, { ms: chunk.last[0], ns: chunk.last[1] }, 1).count > 0;
        if (more) break;
      }
    }
    let json = '{"propertyValues":[' + parts.join(',') + ']';
    if (more && last) json += ',"nextToken":' + JSON.stringify(this.ctx.tokens.encode(scope(), last));
    return json + '}';
  }

  private parse(body: GetPropertyValueHistoryBody): Query {
    const from = instant(body.startTime, body.startDateTime, 'startTime', 'startDateTime');
    const to = instant(body.endTime, body.endDateTime, 'endTime', 'endDateTime');
    if (from.ms > to.ms || (from.ms === to.ms && from.ns > to.ns)) {
      throw validation('startTime must not be after endTime');
    }
    const query: Query = { from, to, descending: body.orderByTime === 'DESCENDING', filters: [] };
    if (body.interpolation) {
      const { interpolationType, intervalInSeconds } = body.interpolation;
      if (interpolationType !== 'LINEAR') {
        throw validation(
          `interpolation.interpolationType ${JSON.stringify(interpolationType ?? null)} is not supported: use LINEAR`,
        );
      }
      if (intervalInSeconds === undefined || intervalInSeconds < 1) {
        throw validation('interpolation.intervalInSeconds is required: a whole number of seconds, at least 1');
      }
      query.intervalMs = intervalInSeconds * 1000;
      // every boundary costs two index lookups: bound the work one request can ask for
      const intervals = (to.ms - from.ms) / query.intervalMs;
      if (intervals > MAX_INTERVALS) {
        throw validation(
          `The window holds ${Math.floor(intervals)} intervals of ${intervalInSeconds} s; at most ${MAX_INTERVALS} are allowed: raise intervalInSeconds or narrow the window`,
        );
      }
    }
    return query;
  }

  /** The series to read, sorted; throws what TwinMaker answers for unknown things. */
  private targets(
    workspaceId: string,
    body: GetPropertyValueHistoryBody,
    definitions: Map<string, PropertyDefinitionResponse>,
  ): Target[] {
    if (body.componentPath)
      throw validation('componentPath (composite components) is not supported by this service yet');
    const selected = [...new Set(body.selectedProperties)];
    const components: { entityId: string; componentName: string; externalIds?: boolean }[] = [];
    const selection = selectComponents(this.resolver, workspaceId, body, selected);
    if (selection.entityId !== undefined) {
      components.push({ entityId: selection.entityId, componentName: selection.componentName });
    } else {
      for (const name of selected) checkTimeSeries(name, selection.type.propertyDefinitions[name]!);
      for (const c of this.resolver.componentsOfType(workspaceId, selection.componentTypeId))
        components.push({ ...c, externalIds: true });
    }

    const targets: Target[] = [];
    for (const c of components) {
      const component = this.resolver.existingComponent(workspaceId, c.entityId, c.componentName);
      for (const name of selected) {
        const property = component.properties.get(name);
        if (!property)
          throw validation(`Property ${name} is not defined on component ${c.componentName} of entity ${c.entityId}`);
        checkTimeSeries(name, property.definition, property);
        if (!definitions.has(name)) definitions.set(name, property.definition);
        const seriesId = this.resolver.seriesOf(workspaceId, property, false);
        if (seriesId === undefined) continue;
        const reference = {
          entityId: c.entityId,
          componentName: c.componentName,
          propertyName: name,
          ...(c.externalIds && component.externalIds && { externalIdProperty: component.externalIds }),
        };
        targets.push({ key: [c.entityId, c.componentName, name], seriesId, reference: JSON.stringify(reference) });
      }
    }
    return targets.sort((a, b) => compareKeys(a.key, b.key));
  }

  /** Up to `limit` values of one series in page order, strictly after `resume`. */
  private values(target: Target, query: Query, resume: Instant | undefined, limit: number): Chunk {
    if (query.intervalMs !== undefined) return this.interpolated(target, query, resume, limit);
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
      const rows = this.reader.range(target.seriesId, from, to, query.descending, size);
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

  private interpolated(target: Target, query: Query, resume: Instant | undefined, limit: number): Chunk {
    const out = new ChunkBuilder();
    const first = this.reader.after(target.seriesId, { ms: -9_223_372_036_854, ns: 0 });
    const last = this.reader.before(target.seriesId, { ms: 9_223_372_036_853, ns: 0 });
    if (!first || !last) return out.chunk();
    const formatter = new TimeFormatter();
    for (const at of boundaries(query.from, query.to, query.intervalMs!, query.descending, resume, { first, last })) {
      const value = interpolateAt(at, this.reader.before(target.seriesId, at), this.reader.after(target.seriesId, at));
      if (!value || !passes(query.filters, target.key[2], value)) continue;
      out.add(at.ms, at.ns, '{"time":"' + formatter.format(at.ms, at.ns) + '","value":' + JSON.stringify(value) + '}');
      if (out.count === limit) break;
    }
    return out.chunk();
  }
}

class ChunkBuilder {
  count = 0;
  private readonly points: string[] = [];
  private last: [number, number] = [0, 0];

  add(ms: number, ns: number, point: string): void {
    this.points.push(point);
    this.last = [ms, ns];
    this.count++;
  }

  chunk(): Chunk {
    return { count: this.count, text: this.points.join(','), last: this.last };
  }
}

function passes(filters: ValueFilter[], propertyName: string, value: DataValue): boolean {
  for (const filter of filters) if (filter.propertyName === propertyName && !filter.test(value)) return false;
  return true;
}

function checkTimeSeries(name: string, definition: PropertyDefinitionResponse, property?: PropertyInfo): void {
  if (!definition.isTimeSeries) {
    throw validation(`Property ${name} is not a time-series property: read its value with GetPropertyValue`);
  }
  if (property && !property.native) {
    throw validation(
      `Property ${name} is served by the data connector of component type ${property.componentTypeId}, and Lambda connectors are not available in this service yet`,
    );
  }
}

function instant(time: string | undefined, seconds: number | undefined, name: string, deprecated: string): Instant {
  if (time !== undefined) {
    const parsed = parseTime(time);
    if (typeof parsed === 'string') throw validation(`${name} ${parsed}`);
    return parsed;
  }
  if (seconds !== undefined) {
    const parsed = fromEpochSeconds(seconds);
    if (typeof parsed === 'string') throw validation(`${deprecated} ${parsed}`);
    return parsed;
  }
  throw validation(
    `${name} is required (an ISO-8601 time such as 2024-05-01T12:00:00Z; ${deprecated} in epoch seconds is deprecated)`,
  );
}

function validCursor(c: Cursor): boolean {
  return (
    Array.isArray(c?.k) &&
    c.k.length === 3 &&
    c.k.every((s) => typeof s === 'string') &&
    Array.isArray(c.t) &&
    c.t.length === 2 &&
    c.t.every((n) => Number.isInteger(n))
  );
}
