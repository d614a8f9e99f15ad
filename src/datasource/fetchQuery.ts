import type { DataFrame, TimeRange } from '@grafana/data';

import { DoppelApiError, type DoppelClient } from '../common/client';
import { followPages } from '../common/paginate';
import type {
  DataTypeName,
  DataValue,
  GetPropertyValueHistoryResponse,
  PropertyDefinition,
  PropertyFilter,
} from '../common/twinmaker';
import {
  addNotice,
  entitiesToFrame,
  entityToFrames,
  historyToFrames,
  latestValuesToFrame,
  linkEntities,
  queryResultToFrame,
  scenesToFrame,
  type SeriesContext,
  workspacesToFrame,
} from './frames';
import { alarmFrame, readAlarms } from './alarmsQuery';
import {
  type Aggregation,
  aggregationFor,
  downsampleFunction,
  type DownsampleFunction,
  markDownsampled,
  parseResolution,
  type Resolution,
} from './downsampling';
import { lookupIn, type MetadataCache } from './metadata';
import { type DoppelQuery, type FilterRow, PAGE_SIZE, QueryType, type QueryOf } from './types';

/**
 * Where queries are fetched: one concrete query becomes its service requests (following
 * nextToken up to the cap), and the pages go to the frame builders in `frames.ts`.
 */

/** What fetching a query needs besides the query: the service, the workspace, the time range, the cap. */
export interface FetchContext {
  client: DoppelClient;
  metadata: MetadataCache;
  workspaceId: string;
  range: TimeRange;
  /** cap on values/rows read by following nextToken */
  maxResults: number;
  /** the query stands for several entities (a multi-value variable): name series by entity too */
  severalEntities?: boolean;
  /** how many points the panel draws per series (Grafana's maxDataPoints): auto resolution downsamples beyond it */
  maxDataPoints?: number;
  /** the panel's type: a state timeline gets each bucket's last value, not its extremes */
  panelPluginId?: string;
}

/** A query's frames; `truncated` when the cap stopped paging early. */
export interface FetchResult {
  frames: DataFrame[];
  truncated: boolean;
  read: number;
  /** history: how its series frames were built, so a series first seen live is built alike */
  series?: SeriesContext;
}

/** Thrown for a query that cannot be sent as it is; the message tells the user what to fill in. */
export class IncompleteQueryError extends Error {}

const required = (value: string | undefined, what: string): string => {
  if (!value) throw new IncompleteQueryError(`Pick ${what} to run this query`);
  return value;
};

/** A filter row's text value as the DataValue the property's data type calls for. */
export function filterValue(text: string, definition: PropertyDefinition | undefined): DataValue {
  switch (definition?.dataType?.type) {
    case 'DOUBLE':
      return { doubleValue: Number(text) };
    case 'INTEGER':
      return { integerValue: Math.trunc(Number(text)) };
    case 'LONG':
      return { longValue: Math.trunc(Number(text)) };
    case 'BOOLEAN':
      return { booleanValue: /^(true|1|yes)$/i.test(text.trim()) };
    default:
      return { stringValue: text };
  }
}

function toPropertyFilters(
  rows: FilterRow[] | undefined,
  definitions: Record<string, PropertyDefinition> | undefined,
): PropertyFilter[] | undefined {
  const complete = (rows ?? []).filter((r) => r.name && r.value !== '');
  if (!complete.length) return undefined;
  return complete.map((r) => ({
    propertyName: r.name,
    operator: r.op || '=',
    value: filterValue(r.value, definitions?.[r.name]),
  }));
}

/** Page size to ask for: the service's limit, or less when the cap is closer. */
const pageSize = (remaining: number, size = PAGE_SIZE) => Math.max(1, Math.min(size, remaining));

const countHistory = (p: GetPropertyValueHistoryResponse) =>
  (p.propertyValues ?? []).reduce((n, s) => n + (s.values?.length ?? 0), 0);

/** The largest page the service answers (our limit; TwinMaker's is PAGE_SIZE): downsampled reads take few pages. */
const SERVICE_PAGE_MAX = 10_000;

async function fetchHistory(
  q: QueryOf<QueryType.EntityHistory> | QueryOf<QueryType.ComponentHistory>,
  ctx: FetchContext,
): Promise<FetchResult> {
  const byEntity = q.queryType === QueryType.EntityHistory;
  const where = byEntity
    ? { entityId: required(q.entityId, 'an entity'), componentName: required(q.componentName, 'a component') }
    : { componentTypeId: required(q.componentTypeId, 'a component type') };
  const properties = q.properties ?? [];
  if (!properties.length) throw new IncompleteQueryError('Pick at least one property to run this query');
  let resolution: Resolution;
  try {
    resolution = parseResolution(q.resolution);
  } catch (e) {
    throw new IncompleteQueryError((e as Error).message);
  }
  const definitions = await ctx.metadata.definitions(ctx.workspaceId, where);
  const request = {
    ...where,
    selectedProperties: properties.slice(0, 10),
    propertyFilters: toPropertyFilters(q.filter, definitions),
    startTime: ctx.range.from.toISOString(),
    endTime: ctx.range.to.toISOString(),
    orderByTime: q.order ?? 'ASCENDING',
  };
  const read = (aggregation: Aggregation | undefined, selectedProperties: string[], size: number) =>
    followPages(
      (token, remaining) =>
        ctx.client.getPropertyValueHistory(
          ctx.workspaceId,
          {
            ...request,
            selectedProperties,
            ...(aggregation && { aggregation }),
            maxResults: pageSize(remaining, size),
          },
          token,
        ),
      countHistory,
      { maxItems: ctx.maxResults },
    );

  // the service refuses aggregation with value filters: filtered queries read every value
  const mayDownsample = resolution.kind !== 'raw' && !request.propertyFilters;
  const maxDataPoints = ctx.maxDataPoints;
  if (!mayDownsample || (resolution.kind === 'auto' && !maxDataPoints)) {
    const paged = await read(undefined, request.selectedProperties, PAGE_SIZE);
    return historyResult(paged, q, ctx, definitions, properties, new Map(), resolution);
  }
  if (resolution.kind === 'auto') {
    // one page as large as the panel draws for every series: when it holds the whole window,
    // those raw values are the answer and nothing is downsampled. A cap below that keeps its
    // meaning (at most that many raw values, and a notice that there are more).
    const probeSize = Math.min(SERVICE_PAGE_MAX, maxDataPoints! * request.selectedProperties.length);
    const size = Math.max(1, Math.min(probeSize, ctx.maxResults));
    const probe = await ctx.client.getPropertyValueHistory(ctx.workspaceId, { ...request, maxResults: size });
    if (!probe.nextToken || size < probeSize) {
      const read = { pages: [probe], truncated: Boolean(probe.nextToken), itemCount: countHistory(probe) };
      return historyResult(read, q, ctx, definitions, properties, new Map(), resolution);
    }
  }
  const paged = { pages: [] as GetPropertyValueHistoryResponse[], truncated: false, itemCount: 0 };
  const downsampled = new Map<string, Aggregation>();
  // one request per function: minmax for numbers, last for the rest (and on state panels)
  const groups = new Map<DownsampleFunction, string[]>();
  for (const name of request.selectedProperties) {
    const fn = downsampleFunction(ctx.panelPluginId, definitions?.[name]?.dataType?.type as DataTypeName | undefined);
    groups.set(fn, [...(groups.get(fn) ?? []), name]);
  }
  let refused: string | undefined;
  for (const [fn, names] of groups) {
    const aggregation = aggregationFor(fn, resolution, maxDataPoints ?? 1000)!;
    let part;
    try {
      part = await read(aggregation, names, SERVICE_PAGE_MAX);
    } catch (e) {
      // e.g. properties a data connector serves: the same request without aggregation works
      if (!(e instanceof DoppelApiError) || e.status !== 400) throw e;
      refused = e.message;
      part = await read(undefined, names, PAGE_SIZE);
      paged.pages.push(...part.pages);
      paged.truncated ||= part.truncated;
      paged.itemCount += part.itemCount;
      continue;
    }
    paged.pages.push(...part.pages);
    paged.truncated ||= part.truncated;
    paged.itemCount += part.itemCount;
    for (const name of names) downsampled.set(name, aggregation);
  }
  const result = historyResult(paged, q, ctx, definitions, properties, downsampled, resolution);
  const first = result.frames[0];
  if (refused && first) {
    addNotice(first, { severity: 'info', text: `Every value was read: the service did not downsample (${refused})` });
  }
  return result;
}

/** Frames of a history read: named and labelled, in the order the properties were picked, downsampled ones marked. */
function historyResult(
  { pages, truncated, itemCount }: { pages: GetPropertyValueHistoryResponse[]; truncated: boolean; itemCount: number },
  q: QueryOf<QueryType.EntityHistory> | QueryOf<QueryType.ComponentHistory>,
  ctx: FetchContext,
  definitions: Record<string, PropertyDefinition> | undefined,
  properties: string[],
  downsampled: Map<string, Aggregation>,
  resolution: Resolution,
): FetchResult {
  const byEntity = q.queryType === QueryType.EntityHistory;
  const series: SeriesContext = {
    definitionOf: lookupIn(definitions),
    nameWithEntity: !byEntity || Boolean(ctx.severalEntities),
    extraLabels: byEntity ? undefined : { componentTypeId: q.componentTypeId! },
  };
  const frames = historyToFrames(pages, series);
  for (const frame of frames) {
    const aggregation = downsampled.get(frame.fields[1]?.labels?.propertyName ?? '');
    if (aggregation) markDownsampled(frame, aggregation, resolution.kind === 'fixed' ? 'fixed' : 'auto');
  }
  // series in the order the properties were picked, whatever order the service answered in
  const rank = (name: string | undefined) => {
    const i = properties.indexOf(name ?? '');
    return i < 0 ? properties.length : i;
  };
  frames.sort((a, b) => rank(a.fields[1]?.labels?.propertyName) - rank(b.fields[1]?.labels?.propertyName));
  return { frames, truncated, read: itemCount, series };
}

async function fetchLatest(q: QueryOf<QueryType.GetPropertyValue>, ctx: FetchContext): Promise<FetchResult> {
  const where = {
    entityId: required(q.entityId, 'an entity'),
    componentName: required(q.componentName, 'a component'),
  };
  const properties = q.properties ?? [];
  if (!properties.length) throw new IncompleteQueryError('Pick at least one property to run this query');
  const definitions = await ctx.metadata.definitions(ctx.workspaceId, where);
  const pages = [];
  // The service takes at most 10 properties a request.
  for (let i = 0; i < properties.length; i += 10) {
    const request = { ...where, selectedProperties: properties.slice(i, i + 10) };
    const paged = await followPages(
      (token) => ctx.client.getPropertyValue(ctx.workspaceId, request, token),
      (p) => Object.keys(p.propertyValues ?? {}).length,
      { maxItems: ctx.maxResults },
    );
    pages.push(...paged.pages);
  }
  const frame = latestValuesToFrame(pages, {
    definitionOf: lookupIn(definitions),
    nameWithEntity: ctx.severalEntities,
  });
  return { frames: [frame], truncated: false, read: 1 };
}

async function fetchList<P extends { nextToken?: string }, T>(
  fetchPage: (token: string | undefined, remaining: number) => Promise<P>,
  rowsOf: (page: P) => T[] | undefined,
  toFrame: (rows: T[]) => DataFrame,
  ctx: FetchContext,
): Promise<FetchResult> {
  const paged = await followPages(fetchPage, (p) => rowsOf(p)?.length ?? 0, { maxItems: ctx.maxResults });
  const rows = paged.pages.flatMap((p) => rowsOf(p) ?? []).slice(0, ctx.maxResults);
  return { frames: [toFrame(rows)], truncated: paged.truncated, read: rows.length };
}

/** Fetches one concrete (already interpolated) query and returns its frames. */
export async function fetchQuery(q: DoppelQuery, ctx: FetchContext): Promise<FetchResult> {
  const result = await fetchUnlinked(q, ctx);
  if (
    q.queryType === QueryType.ListEntities ||
    q.queryType === QueryType.GetEntity ||
    q.queryType === QueryType.GetAlarms ||
    q.queryType === QueryType.KnowledgeGraph
  ) {
    result.frames.forEach((f) => linkEntities(f, ctx.workspaceId));
  }
  return result;
}

async function fetchUnlinked(q: DoppelQuery, ctx: FetchContext): Promise<FetchResult> {
  const ws = ctx.workspaceId;
  const c = ctx.client;
  switch (q.queryType) {
    case QueryType.EntityHistory:
    case QueryType.ComponentHistory:
      return fetchHistory(q, ctx);
    case QueryType.GetPropertyValue:
      return fetchLatest(q, ctx);
    case QueryType.GetEntity: {
      const entity = await c.getEntity(ws, required(q.entityId, 'an entity'));
      return { frames: entityToFrames(entity), truncated: false, read: 1 };
    }
    case QueryType.ListEntities: {
      const filters = q.componentTypeId
        ? [{ componentTypeId: q.componentTypeId }]
        : q.parentEntityId
          ? [{ parentEntityId: q.parentEntityId }]
          : [];
      return fetchList(
        (t, n) => c.listEntities(ws, filters, t, pageSize(n)),
        (p) => p.entitySummaries,
        entitiesToFrame,
        ctx,
      );
    }
    case QueryType.ListWorkspaces:
      return fetchList(
        (t, n) => c.listWorkspaces(t, pageSize(n)),
        (p) => p.workspaceSummaries,
        workspacesToFrame,
        ctx,
      );
    case QueryType.ListScenes:
      return fetchList(
        (t, n) => c.listScenes(ws, t, pageSize(n)),
        (p) => p.sceneSummaries,
        scenesToFrame,
        ctx,
      );
    case QueryType.GetAlarms: {
      const read = await readAlarms([q], ctx);
      return { frames: [alarmFrame(read, ctx.maxResults, '')], truncated: false, read: read.alarms.length };
    }
    case QueryType.KnowledgeGraph: {
      const statement = q.queryStatement?.trim();
      if (!statement)
        throw new IncompleteQueryError('Write a query statement, e.g. SELECT e FROM EntityGraph MATCH (e)');
      const paged = await followPages(
        (t, n) => c.executeQuery(ws, statement, t, Math.min(100, pageSize(n))),
        (p) => p.rows?.length ?? 0,
        { maxItems: ctx.maxResults },
      );
      return { frames: [queryResultToFrame(paged.pages)], truncated: paged.truncated, read: paged.itemCount };
    }
  }
}

/** Marks frames of a capped result with a notice that says how to read further. */
export function withTruncationNotice(result: FetchResult, cap: number): DataFrame[] {
  if (!result.truncated || !result.frames.length) return result.frames;
  addNotice(result.frames[0]!, {
    severity: 'warning',
    text: `Stopped after ${result.read.toLocaleString('en-US')} values (cap ${cap.toLocaleString('en-US')}); the service has more. Raise "Max results" in the query or narrow the time range.`,
  });
  return result.frames;
}
