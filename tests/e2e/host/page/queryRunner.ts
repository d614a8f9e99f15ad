// Runs a panel's targets through its data source like Grafana's query runner: builds the
// DataQueryRequest for the time range, accepts Promise or Observable results, keeps the latest
// frames per response key (streaming queries re-emit) and reports errors per query.
import {
  CoreApp,
  type DataFrame,
  type DataQuery,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  LoadingState,
  type PanelData,
  type ScopedVars,
  type TimeRange,
} from '@grafana/data';
import { from, isObservable, Observable } from 'rxjs';

let requestCounter = 0;

export interface RunOptions {
  ds: DataSourceApi;
  targets: DataQuery[];
  range: TimeRange;
  scopedVars?: ScopedVars;
  maxDataPoints?: number;
  app?: CoreApp | string;
  panelId?: number;
  /** the panel's type, as Grafana sends it (a data source may shape its answer for it) */
  panelPluginId?: string;
}

export function buildRequest({
  targets,
  range,
  scopedVars = {},
  maxDataPoints = 1000,
  app = CoreApp.Dashboard,
  panelId,
  panelPluginId,
  ds,
}: RunOptions): DataQueryRequest {
  const intervalMs = Math.max(1, Math.floor((range.to.valueOf() - range.from.valueOf()) / maxDataPoints));
  return {
    requestId: `host-${++requestCounter}`,
    app: app as CoreApp,
    range,
    rangeRaw: range.raw,
    interval: `${intervalMs}ms`,
    intervalMs,
    maxDataPoints,
    scopedVars: { ...scopedVars, __interval: { text: `${intervalMs}ms`, value: `${intervalMs}ms` } },
    targets: targets.map((t) => ({ ...t, datasource: t.datasource ?? ds.getRef() })),
    timezone: 'utc',
    startTime: Date.now(),
    panelId,
    panelPluginId,
  } as DataQueryRequest;
}

function toError(e: unknown): DataQueryError {
  if (e && typeof e === 'object') {
    const any = e as any;
    const message = any.message ?? any.data?.message ?? any.statusText ?? JSON.stringify(e);
    return { message: String(message), status: any.status, refId: any.refId };
  }
  return { message: String(e) };
}

/** Emits PanelData as results arrive; completes when every query is done. */
export function runQueries(options: RunOptions): Observable<PanelData> {
  const request = buildRequest(options);
  return new Observable<PanelData>((subscriber) => {
    const byKey = new Map<string, DataFrame[]>();
    const errors: DataQueryError[] = [];
    let state = LoadingState.Loading;
    const emit = () => {
      const series = [...byKey.values()].flat();
      subscriber.next({
        state: errors.length && state !== LoadingState.Streaming ? LoadingState.Error : state,
        series,
        errors: errors.length ? errors : undefined,
        error: errors[0],
        request,
        timeRange: options.range,
      });
    };
    emit();
    let result: ReturnType<DataSourceApi['query']>;
    try {
      result = options.ds.query(request);
    } catch (e) {
      errors.push(toError(e));
      state = LoadingState.Error;
      emit();
      subscriber.complete();
      return;
    }
    const stream = isObservable(result) ? result : from(result as Promise<DataQueryResponse>);
    const sub = stream.subscribe({
      next: (response: DataQueryResponse) => {
        byKey.set(response.key ?? 'A', response.data ?? []);
        for (const error of [response.error, ...(response.errors ?? [])]) if (error) errors.push(error);
        state = response.state === LoadingState.Streaming ? LoadingState.Streaming : LoadingState.Loading;
        emit();
      },
      error: (e) => {
        errors.push(toError(e));
        state = LoadingState.Error;
        emit();
        subscriber.complete();
      },
      complete: () => {
        if (state !== LoadingState.Streaming) state = errors.length ? LoadingState.Error : LoadingState.Done;
        emit();
        subscriber.complete();
      },
    });
    return () => sub.unsubscribe();
  });
}
