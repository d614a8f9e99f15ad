import {
  type CoreApp,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  LoadingState,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { catchError, from, map, merge, type Observable, of } from 'rxjs';

import { DoppelApiError, DoppelClient, SERVICE_ROUTE, type Transport } from '../common/client';
import { openValueStream } from '../common/scene/valueStream';
import { alarmFrame, liveAlarmFrames, MAX_STREAM_REFERENCES, readAlarms, type ValueStreamOpener } from './alarmsQuery';
import { addNotice, linkEntities, noticeFrame } from './frames';
import { interpolateQuery } from './interpolate';
import { MetadataCache } from './metadata';
import { notApplicableReason } from './notApplicable';
import { fetchQuery, IncompleteQueryError, withTruncationNotice } from './fetchQuery';
import { browserEventSource, type EventSourceFactory, liveFrames, MAX_LIVE_STREAMS, type StreamSource } from './stream';
import { checkConnection } from './testConnection';
import {
  DEFAULT_MAX_RESULTS,
  DEFAULT_QUERY,
  type DoppelOptions,
  type DoppelQuery,
  type DoppelVariableQuery,
  type ComponentHistoryQuery,
  type EntityHistoryQuery,
  type GetAlarmsQuery,
  QueryType,
} from './types';
import { DoppelVariableSupport, findVariableValues } from './variables';

/** The history queries with a Stream switch. */
type StreamableQuery = EntityHistoryQuery | ComponentHistoryQuery;

/** Services the data source uses, replaceable in tests. */
export interface DataSourceDeps {
  transport?: Transport;
  templateSrv?: () => TemplateSrv;
  eventSource?: EventSourceFactory;
  /** opens a `values:stream` (live Get Alarms) */
  valueStream?: ValueStreamOpener;
}

/**
 * Frontend data source for a Doppel service. Every call goes through Grafana's data proxy
 * route `<url>/doppel`, which adds `Authorization: Bearer <key id>:<secret>` server-side.
 */
export class DoppelDataSource extends DataSourceApi<DoppelQuery, DoppelOptions> {
  readonly client: DoppelClient;
  readonly metadata: MetadataCache;
  readonly settings: DoppelOptions;
  private readonly templateSrv: () => TemplateSrv;
  private readonly eventSource: EventSourceFactory;
  private readonly valueStream: ValueStreamOpener;

  constructor(instanceSettings: DataSourceInstanceSettings<DoppelOptions>, deps: DataSourceDeps = {}) {
    super(instanceSettings);
    this.settings = instanceSettings.jsonData ?? {};
    this.client = new DoppelClient(`${instanceSettings.url ?? ''}/${SERVICE_ROUTE}`, deps.transport);
    this.metadata = new MetadataCache(this.client);
    this.templateSrv = deps.templateSrv ?? getTemplateSrv;
    this.eventSource = deps.eventSource ?? browserEventSource;
    this.valueStream = deps.valueStream ?? openValueStream;
    this.variables = new DoppelVariableSupport(this);
  }

  /** The configured workspace (variables allowed). */
  get workspaceId(): string {
    return this.templateSrv().replace(this.settings.workspaceId ?? '');
  }

  /** The cap a query without its own `maxResults` reads up to. */
  get defaultMaxResults(): number {
    return this.settings.maxResults ?? DEFAULT_MAX_RESULTS;
  }

  getDefaultQuery(_app: CoreApp): Partial<DoppelQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: DoppelQuery): boolean {
    return !query.hide;
  }

  /** Interpolated copies for Explore / "copy to other data source". */
  interpolateVariablesInQueries(queries: DoppelQuery[], scopedVars: ScopedVars): DoppelQuery[] {
    return queries.flatMap((q) => interpolateQuery(q, scopedVars, this.templateSrv()));
  }

  query(request: DataQueryRequest<DoppelQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((t) => this.filterQuery(t));
    if (!targets.length) return of({ data: [], state: LoadingState.Done });
    const streams = targets.map((target) => this.runTarget(target, request));
    return merge(...streams);
  }

  private runTarget(target: DoppelQuery, request: DataQueryRequest<DoppelQuery>): Observable<DataQueryResponse> {
    const key = `${request.requestId}-${target.refId}`;
    const workspaceId = this.workspaceId;
    if (!workspaceId && target.queryType !== QueryType.ListWorkspaces) {
      return of({
        key,
        data: [],
        error: {
          refId: target.refId,
          message: 'No workspace is selected: open the data source settings and pick one.',
        },
      });
    }
    const cap = target.maxResults ?? this.defaultMaxResults;
    const concrete = interpolateQuery(target, request.scopedVars, this.templateSrv());
    const ctx = {
      client: this.client,
      metadata: this.metadata,
      workspaceId,
      range: request.range,
      maxResults: cap,
      severalEntities: new Set(concrete.map((q) => ('entityId' in q ? q.entityId : undefined))).size > 1,
      maxDataPoints: request.maxDataPoints,
      panelPluginId: request.panelPluginId,
    };
    const fail = (error: unknown) =>
      of({ key, data: [], state: LoadingState.Error, error: toQueryError(error, target.refId) });

    const notApplicable = notApplicableReason(target, concrete);
    if (notApplicable) {
      const notice = noticeFrame(target.refId, { severity: 'info', text: notApplicable });
      return of({ key, data: [notice], state: LoadingState.Done });
    }

    if (target.queryType === QueryType.GetAlarms) {
      return this.runAlarms(target, concrete as GetAlarmsQuery[], { ...ctx, refId: target.refId }).pipe(
        map((frame) => ({
          key,
          data: [linkEntities(frame, workspaceId)],
          state: target.stream ? LoadingState.Streaming : LoadingState.Done,
        })),
        catchError(fail),
      );
    }

    if (
      (target.queryType === QueryType.EntityHistory || target.queryType === QueryType.ComponentHistory) &&
      target.stream
    ) {
      const sources = (concrete as StreamableQuery[])
        .slice(0, MAX_LIVE_STREAMS)
        .map((q) => this.streamSource(q, workspaceId));
      const streamed = target.queryType === QueryType.EntityHistory ? 'entities' : 'component types';
      const readHistory = async () => {
        const results = await Promise.all(concrete.map((q) => fetchQuery(q, ctx)));
        const histories = results.map((r) => ({ frames: withTruncationNotice(r, cap), series: r.series }));
        const first = histories[0]?.frames[0];
        if (concrete.length > sources.length && first) {
          addNotice(first, {
            severity: 'info',
            text: `Live for the first ${sources.length} of ${concrete.length} ${streamed}: a browser keeps few streams open per server.`,
          });
        }
        return histories;
      };
      return liveFrames(sources, readHistory, Math.max(cap, 1000), this.eventSource, target.refId).pipe(
        map((frames) => ({ key, data: frames, state: LoadingState.Streaming })),
        catchError(fail),
      );
    }

    const results = Promise.all(concrete.map((q) => fetchQuery(q, ctx)));
    return from(results).pipe(
      map((all) => {
        const data: DataFrame[] = all
          .flatMap((r) => withTruncationNotice(r, cap))
          .map((f) => ({ ...f, refId: target.refId }));
        if (!data.length && concrete.length === 0) {
          data.push(
            noticeFrame(target.refId, { severity: 'info', text: 'The variables in this query have no values.' }),
          );
        }
        return { key, data, state: LoadingState.Done };
      }),
      catchError(fail),
    );
  }

  /** One merged alarms frame; live, a new one after every change of an alarm in scope. */
  private runAlarms(
    target: GetAlarmsQuery,
    queries: GetAlarmsQuery[],
    ctx: { client: DoppelClient; workspaceId: string; maxResults: number; refId: string },
  ): Observable<DataFrame> {
    const read = () => readAlarms(queries, ctx);
    if (!target.stream) return from(read()).pipe(map((r) => alarmFrame(r, ctx.maxResults, ctx.refId)));
    return liveAlarmFrames({
      read,
      scope: () => readAlarms(queries, { ...ctx, maxResults: MAX_STREAM_REFERENCES }, true),
      streamUrl: this.client.valuesStreamUrl(ctx.workspaceId),
      openStream: this.valueStream,
      cap: ctx.maxResults,
      refId: ctx.refId,
    });
  }

  private streamSource(q: StreamableQuery, workspaceId: string): StreamSource {
    const properties = q.properties ?? [];
    if (q.queryType === QueryType.ComponentHistory) {
      const componentTypeId = q.componentTypeId ?? '';
      return { url: this.client.streamUrl(workspaceId, { componentTypeId }, properties), componentTypeId };
    }
    const where = { entityId: q.entityId ?? '', componentName: q.componentName ?? '' };
    return { url: this.client.streamUrl(workspaceId, where, properties), ...where };
  }

  /** One line for query history and collapsed query rows. */
  getQueryDisplayText(q: DoppelQuery): string {
    const props = 'properties' in q && q.properties?.length ? ` [${q.properties.join(', ')}]` : '';
    switch (q.queryType) {
      case QueryType.GetPropertyValue:
        return `Values of ${q.entityId ?? '?'}/${q.componentName ?? '?'}${props}`;
      case QueryType.EntityHistory:
        return `History of ${q.entityId ?? '?'}/${q.componentName ?? '?'}${props}${q.stream ? ' (live)' : ''}`;
      case QueryType.ComponentHistory:
        return `History of every ${q.componentTypeId ?? '?'}${props}${q.stream ? ' (live)' : ''}`;
      case QueryType.GetEntity:
        return `Entity ${q.entityId ?? '?'}`;
      case QueryType.ListEntities:
        return q.componentTypeId
          ? `Entities with ${q.componentTypeId}`
          : q.parentEntityId
            ? `Children of ${q.parentEntityId}`
            : 'Entities';
      case QueryType.ListWorkspaces:
        return 'Workspaces';
      case QueryType.ListScenes:
        return 'Scenes';
      case QueryType.KnowledgeGraph:
        return q.queryStatement ?? '';
      case QueryType.GetAlarms:
        return `Alarms${q.statuses?.length ? ` ${q.statuses.join('|')}` : ''}${q.entityId ? ` under ${q.entityId}` : ''}${q.stream ? ' (live)' : ''}`;
    }
    return '';
  }

  /** Checks service, credential and workspace, and says which of them failed. */
  testDatasource(): Promise<TestDataSourceResponse> {
    return checkConnection(this.client, this.settings, this.workspaceId);
  }

  /** Legacy variable support (and what the custom variable support calls). */
  metricFindQuery(query: DoppelVariableQuery, options?: { scopedVars?: ScopedVars }): Promise<MetricFindValue[]> {
    return findVariableValues(this, query, options?.scopedVars ?? {});
  }

  /** Interpolates one text with the current variables (first value of a multi-value variable). */
  replace(text: string | undefined, scopedVars: ScopedVars = {}): string {
    return this.templateSrv().replace(text ?? '', scopedVars);
  }
}

function toQueryError(error: unknown, refId: string) {
  if (error instanceof IncompleteQueryError) return { refId, message: error.message };
  if (error instanceof DoppelApiError) {
    const prefix = error.unreachable
      ? 'The Doppel service did not answer'
      : error.errorType
        ? `${error.errorType} (${error.status})`
        : `HTTP ${error.status}`;
    return { refId, message: `${prefix}: ${error.message}`, status: error.status };
  }
  return { refId, message: error instanceof Error ? error.message : String(error) };
}
