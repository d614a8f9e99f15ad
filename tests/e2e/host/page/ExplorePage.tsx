// /explore[?ds=<uid>&query=<json>&from=&to=]: the data source's QueryEditor and its result as
// Grafana's Explore shows it: a graph of the time-series frames above the tables (grafana/grafana
// public/app/features/explore/utils/decorators.ts decorateWithGraphResult, Graph/ExploreGraph.tsx),
// and while the query streams the newest rows first, so arriving rows stay in view.
import { CoreApp, type DataQuery, type DataSourceApi, LoadingState, type PanelData } from '@grafana/data';
import { selectors } from '@grafana/e2e-selectors';
import { locationService } from '@grafana/runtime';
import { Alert, Button, ErrorBoundaryAlert, Spinner, TimeRangePicker } from '@grafana/ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { CorePanel, FrameNotices, FramesTables, graphable } from './CorePanels';
import { dataSourceSrv } from './plugins';
import { runQueries } from './queryRunner';
import { currentRawRange, resolveRange } from './timeRange';

function initialQuery(ds: DataSourceApi): DataQuery {
  const fromUrl = new URLSearchParams(locationService.getLocation().search).get('query');
  if (fromUrl) return { refId: 'A', ...JSON.parse(fromUrl) };
  return { refId: 'A', ...(ds.getDefaultQuery?.(CoreApp.Explore) ?? {}) } as DataQuery;
}

export function ExplorePage() {
  const dsUid = new URLSearchParams(locationService.getLocation().search).get('ds');
  const [ds, setDs] = useState<DataSourceApi>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState<DataQuery>();
  const [data, setData] = useState<PanelData>();
  const [rawRange, setRawRange] = useState(currentRawRange({ from: 'now-1h', to: 'now' }));
  const range = useMemo(() => resolveRange(rawRange), [rawRange]);
  const queryRef = useRef<DataQuery | undefined>(undefined);
  const subscription = useRef<{ unsubscribe(): void } | undefined>(undefined);
  const [width, setWidth] = useState(window.innerWidth - 32);

  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth - 32);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  useEffect(() => {
    dataSourceSrv.get(dsUid ?? null).then(
      (instance) => {
        setDs(instance);
        const q = initialQuery(instance);
        queryRef.current = q;
        setQuery(q);
      },
      (e) => setError(e.message),
    );
    return () => subscription.current?.unsubscribe();
  }, [dsUid]);

  const run = useCallback(() => {
    const q = queryRef.current;
    if (!ds || !q) return;
    subscription.current?.unsubscribe();
    const targets = ds.filterQuery && !ds.filterQuery(q) ? [] : [q];
    subscription.current = runQueries({ ds, targets, range: resolveRange(rawRange), app: CoreApp.Explore }).subscribe(
      setData,
    );
  }, [ds, rawRange]);

  // Explore runs the query when it opens with one, and again when the range changes.
  useEffect(() => {
    if (ds && new URLSearchParams(locationService.getLocation().search).get('query')) run();
  }, [ds, run]);

  if (error)
    return (
      <Alert title="Could not load the data source" severity="error">
        {error}
      </Alert>
    );
  if (!ds || !query) return <Spinner />;
  const QueryEditor = ds.components?.QueryEditor;
  const onChange = (q: DataQuery) => {
    queryRef.current = q;
    setQuery(q);
  };
  const errors = data?.errors ?? [];

  return (
    <div style={{ padding: 16 }} data-testid="explore">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8 }}>
        <h1 style={{ fontSize: 18, margin: 0 }}>Explore: {ds.name}</h1>
        <div style={{ marginLeft: 'auto', display: 'flex', gap: 8 }}>
          <TimeRangePicker
            value={range}
            timeZone="utc"
            onChange={(r) =>
              setRawRange({
                from: String(r.raw.from.valueOf?.() ?? r.raw.from),
                to: String(r.raw.to.valueOf?.() ?? r.raw.to),
              })
            }
            onMoveBackward={() => {}}
            onMoveForward={() => {}}
            onZoom={() => {}}
            onChangeTimeZone={() => {}}
          />
          <Button data-testid={selectors.components.RefreshPicker.runButtonV2} icon="sync" onClick={run}>
            Run query
          </Button>
        </div>
      </div>
      <div data-testid="query-editor" style={{ marginBottom: 16 }}>
        <ErrorBoundaryAlert>
          {QueryEditor ? (
            <QueryEditor
              datasource={ds}
              query={query}
              queries={[query]}
              onChange={onChange}
              onRunQuery={run}
              range={range}
              app={CoreApp.Explore}
              data={data}
            />
          ) : (
            <Alert title="This data source has no QueryEditor" severity="warning" />
          )}
        </ErrorBoundaryAlert>
      </div>
      <div data-testid="explore-result" data-state={data?.state ?? 'NotStarted'} data-frames={data?.series.length ?? 0}>
        {data?.state === LoadingState.Loading && <Spinner />}
        {data?.state === LoadingState.Streaming && <span data-testid="explore-streaming">● live</span>}
        {errors.map((e, i) => (
          <Alert key={i} title={e.message ?? 'Query error'} severity="error" data-testid="query-error" />
        ))}
        {data && <FrameNotices frames={data.series} />}
        {data && graphable(data.series).length > 0 && (
          <div data-testid="explore-graph" style={{ marginBottom: 16 }}>
            <CorePanel type="timeseries" frames={graphable(data.series)} width={width} height={300} timeRange={range} />
          </div>
        )}
        {data && (
          <FramesTables
            frames={data.series}
            width={width}
            height={600}
            newestFirst={data.state === LoadingState.Streaming}
          />
        )}
      </div>
    </div>
  );
}
