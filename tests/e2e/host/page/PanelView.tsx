// One dashboard panel: runs its targets through its data source for the time range and draws
// the result — through the plugin's own module.js for our panel types, through @grafana/ui for
// Grafana's core types — inside a header that shows the title and errors like Grafana's chrome.
import {
  DashboardCursorSync,
  type DataFrame,
  FieldType,
  type EventBus,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  PluginContextProvider,
  type TimeRange,
} from '@grafana/data';
import { selectors } from '@grafana/e2e-selectors';
import { locationService } from '@grafana/runtime';
import { Alert, ErrorBoundaryAlert, PanelContextProvider, Spinner, useTheme2 } from '@grafana/ui';
import React, { useEffect, useMemo, useState } from 'react';

import { CorePanel, FrameNotices } from './CorePanels';
import { processPanelData } from './fieldConfig';
import { dataSourceSrv, loadPanelPlugin, pluginMetas } from './plugins';
import { runQueries } from './queryRunner';
import { useLiveRange } from './refresh';
import { templateSrv } from './templateSrv';

export interface PanelModel {
  id: number;
  type: string;
  title?: string;
  datasource?: any;
  targets?: any[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: any[] };
  maxDataPoints?: number;
  transparent?: boolean;
}

const HEADER = 32;

/** The earliest and latest time of every time field in the frames ([] without any). */
function timeExtent(frames: DataFrame[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const frame of frames)
    for (const field of frame.fields)
      if (field.type === FieldType.time)
        for (const t of field.values as number[]) {
          if (typeof t !== 'number') continue;
          if (t < min) min = t;
          if (t > max) max = t;
        }
  return min <= max ? [min, max] : [];
}
const replaceVariables = (text: string, scopedVars?: any, format?: any) =>
  templateSrv.replace(text, scopedVars, format);

function usePanelPlugin(type: string) {
  const meta = pluginMetas()[type];
  const [state, setState] = useState<{ plugin?: PanelPlugin; error?: string }>({});
  useEffect(() => {
    if (!meta || meta.type !== 'panel') return;
    loadPanelPlugin(meta).then(
      (plugin) => setState({ plugin }),
      (e) => setState({ error: e.message }),
    );
  }, [meta]);
  return { isPlugin: meta?.type === 'panel', ...state };
}

function useQueryData(panel: PanelModel, range: TimeRange, refreshKey: string, skip: boolean): PanelData | undefined {
  const [data, setData] = useState<PanelData>();
  useEffect(() => {
    if (skip || !panel.targets?.length) {
      setData({ state: LoadingState.Done, series: [], timeRange: range });
      return;
    }
    let sub: { unsubscribe(): void } | undefined;
    let cancelled = false;
    const dsRef =
      panel.datasource?.uid === '-- Mixed --'
        ? panel.targets[0]?.datasource
        : (panel.datasource ?? panel.targets[0]?.datasource ?? null);
    dataSourceSrv.get(dsRef).then(
      (ds) => {
        if (cancelled) return;
        sub = runQueries({
          ds,
          targets: panel.targets!,
          range,
          maxDataPoints: panel.maxDataPoints,
          panelId: panel.id,
          panelPluginId: panel.type,
        }).subscribe((next) =>
          // a re-run keeps drawing the last frames while it loads, as Grafana's panels do
          setData((previous) =>
            next.state === LoadingState.Loading && !next.series.length && previous?.series.length
              ? { ...previous, state: LoadingState.Loading }
              : next,
          ),
        );
      },
      (e) =>
        setData({
          state: LoadingState.Error,
          series: [],
          timeRange: range,
          error: { message: e.message },
          errors: [{ message: e.message }],
        }),
    );
    return () => {
      cancelled = true;
      sub?.unsubscribe();
    };
    // refreshKey carries the variable values and the raw range the queries depend on
  }, [panel, refreshKey, skip]);
  return data;
}

interface PluginPanelProps {
  plugin: PanelPlugin;
  panel: PanelModel;
  data: PanelData;
  range: TimeRange;
  options: Record<string, unknown>;
  onOptionsChange: (options: Record<string, unknown>) => void;
  title: string;
  width: number;
  height: number;
  eventBus: EventBus;
}

/** A panel plugin's component with the PanelProps Grafana builds (options with their defaults, processed frames). */
function PluginPanel({
  plugin,
  panel,
  data,
  range,
  options,
  onOptionsChange,
  title,
  width,
  height,
  eventBus,
}: PluginPanelProps) {
  const theme = useTheme2();
  const withDefaults = useMemo(
    () =>
      processPanelData({
        plugin,
        frames: data.series,
        options,
        fieldConfig: panel.fieldConfig as any,
        theme,
        replaceVariables,
      }),
    [plugin, data.series, options, panel.fieldConfig, theme],
  );
  const series = withDefaults.series;
  const Panel = plugin.panel!;
  return (
    <PluginContextProvider meta={plugin.meta}>
      <Panel
        id={panel.id}
        data={{ ...data, series }}
        timeRange={range}
        timeZone="utc"
        options={withDefaults.options}
        fieldConfig={withDefaults.fieldConfig}
        transparent={Boolean(panel.transparent)}
        width={width}
        height={height}
        renderCounter={0}
        title={title}
        eventBus={eventBus}
        onOptionsChange={onOptionsChange}
        onFieldConfigChange={() => {}}
        replaceVariables={replaceVariables}
        onChangeTimeRange={(r) => locationService.partial({ from: String(r.from), to: String(r.to) })}
      />
    </PluginContextProvider>
  );
}

export function PanelView({
  panel,
  width,
  height,
  range,
  refreshKey,
  eventBus,
  sync = DashboardCursorSync.Off,
  liveNow = false,
}: {
  panel: PanelModel;
  width: number;
  height: number;
  range: TimeRange;
  refreshKey: string;
  /** the dashboard's one bus: hover/crosshair events of one panel reach every other (as in Grafana) */
  eventBus: EventBus;
  /** the dashboard's graphTooltip */
  sync?: DashboardCursorSync;
  /** the dashboard's liveNow: streaming panels slide their range with the clock */
  liveNow?: boolean;
}) {
  const theme = useTheme2();
  const { isPlugin, plugin, error: loadError } = usePanelPlugin(panel.type);
  const skip = Boolean(isPlugin && (!plugin || (plugin.meta as any)?.skipDataQuery));
  const data = useQueryData(panel, range, refreshKey, skip);
  const drawRange = useLiveRange(range, liveNow && data?.state === LoadingState.Streaming, width);
  const title = replaceVariables(panel.title ?? '');
  const panelContext = useMemo(() => ({ eventsScope: 'global', eventBus, sync: () => sync }), [eventBus, sync]);
  const [options, setOptions] = useState(panel.options ?? {});
  const bodyWidth = width - 16;
  const bodyHeight = height - HEADER - 8;
  const errors = data?.errors ?? (data?.error ? [data.error] : []);

  let body: React.ReactNode = null;
  if (loadError)
    body = (
      <Alert title={`Panel plugin ${panel.type} failed to load`} severity="error">
        {loadError}
      </Alert>
    );
  else if (isPlugin && plugin?.panel && data) {
    body = (
      <PluginPanel
        plugin={plugin}
        panel={panel}
        data={data}
        range={drawRange}
        options={options}
        onOptionsChange={setOptions}
        title={title}
        width={bodyWidth}
        height={bodyHeight}
        eventBus={eventBus}
      />
    );
  } else if (!isPlugin && data) {
    body = (
      <CorePanel
        type={panel.type}
        frames={data.series}
        options={panel.options}
        fieldConfig={panel.fieldConfig}
        width={bodyWidth}
        height={bodyHeight}
        timeRange={drawRange}
        replaceVariables={replaceVariables}
        eventBus={eventBus}
        sync={sync}
      />
    );
  }

  return (
    <section
      data-testid={selectors.components.Panels.Panel.title(title)}
      data-panel-id={panel.id}
      data-state={data?.state ?? 'Loading'}
      // rows of each frame the panel got, for tests that check what was drawn (e.g. downsampling)
      data-series-lengths={data?.series.map((f) => f.length).join(',')}
      // and their names (JSON), as the data source named them
      data-series-names={JSON.stringify(data?.series.map((f) => f.name ?? '') ?? [])}
      // the first and last time in the frames, and the range drawn (epoch ms): what a test needs
      // to tell that new values arrived and that the data spans the panel
      data-time-extent={timeExtent(data?.series ?? []).join(',')}
      data-range={`${drawRange.from.valueOf()},${drawRange.to.valueOf()}`}
      style={{
        width,
        height,
        background: theme.colors.background.primary,
        border: `1px solid ${theme.colors.border.weak}`,
        borderRadius: 2,
        overflow: 'hidden',
      }}
    >
      <header
        style={{ height: HEADER, display: 'flex', alignItems: 'center', gap: 8, padding: '0 8px', fontWeight: 500 }}
      >
        <h2 style={{ fontSize: 14, margin: 0 }}>{title}</h2>
        {data?.state === LoadingState.Loading && <Spinner inline />}
        {data?.state === LoadingState.Streaming && (
          <span data-testid="panel-streaming" style={{ color: theme.colors.success.text, fontSize: 12 }}>
            ● live
          </span>
        )}
      </header>
      <div style={{ padding: '0 8px', height: bodyHeight, overflow: 'auto' }}>
        {errors.map((e, i) => (
          <Alert key={i} title={e.message ?? 'Query error'} severity="error" data-testid="panel-error" />
        ))}
        {data && <FrameNotices frames={data.series} />}
        <PanelContextProvider value={panelContext}>
          <ErrorBoundaryAlert>{body}</ErrorBoundaryAlert>
        </PanelContextProvider>
      </div>
    </section>
  );
}
