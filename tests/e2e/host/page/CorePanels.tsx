// Grafana's core panels (table, timeseries, stat) are not published as packages; the host
// draws their frames with the @grafana/ui components those panels are built from, after the
// panel's options and field config went through Grafana's own defaults and overrides
// (fieldConfig.ts, corePanelPlugins.ts). Follows grafana/grafana
// public/app/plugins/panel/table/TablePanel.tsx (one frame at a time, frame picker, "No data"
// instead of an empty grid), .../timeseries/TimeSeriesPanel.tsx (EventBusPlugin for the shared
// crosshair) and .../stat/StatPanel.tsx (getFieldDisplayValues).
import {
  DashboardCursorSync,
  type DataFrame,
  type EventBus,
  FieldType,
  getFieldDisplayValues,
  type InterpolateFunction,
  type TimeRange,
} from '@grafana/data';
import type { TableCellHeight, TableSortByFieldState } from '@grafana/schema';
import {
  Alert,
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  ErrorBoundaryAlert,
  EventBusPlugin,
  Select,
  Table,
  TimeSeries,
  useTheme2,
} from '@grafana/ui';
import { type ComponentProps, useMemo, useState } from 'react';

import { corePanelPlugin } from './corePanelPlugins';
import { processPanelData } from './fieldConfig';

const identity: InterpolateFunction = (s) => s;

/** Notices the data source attached to frames (truncation, not applicable…), as Grafana shows them. */
export function FrameNotices({ frames }: { frames: DataFrame[] }) {
  const notices = frames.flatMap((f) => f.meta?.notices ?? []);
  if (!notices.length) return null;
  return (
    <>
      {notices.map((n, i) => (
        <Alert
          key={i}
          title={n.text}
          severity={n.severity === 'warning' ? 'warning' : n.severity === 'error' ? 'error' : 'info'}
          data-testid="frame-notice"
        />
      ))}
    </>
  );
}

/** Frames that carry data (a frame with no field only carries notices). */
const withFields = (frames: DataFrame[]) => frames.filter((f) => f.fields.length > 0);

/** "No data" in the panel's middle — unless the data source said why in a notice, shown above. */
function NoData({ height, frames }: { height: number; frames: DataFrame[] }) {
  const theme = useTheme2();
  if (frames.some((f) => f.meta?.notices?.length)) return null;
  return (
    <div
      data-testid="panel-no-data"
      style={{
        height,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        color: theme.colors.text.secondary,
      }}
    >
      No data
    </div>
  );
}

export interface CorePanelProps {
  type: string;
  frames: DataFrame[];
  options?: Record<string, unknown>;
  fieldConfig?: any;
  width: number;
  height: number;
  timeRange: TimeRange;
  replaceVariables?: InterpolateFunction;
  eventBus?: EventBus;
  /** the dashboard's graphTooltip: shared crosshair / tooltip, or off */
  sync?: DashboardCursorSync;
}

function useProcessed({ type, frames, options, fieldConfig, replaceVariables = identity }: CorePanelProps) {
  const theme = useTheme2();
  return useMemo(
    () =>
      processPanelData({
        plugin: corePanelPlugin(type),
        frames: withFields(frames),
        options,
        fieldConfig,
        theme,
        replaceVariables,
      }),
    [type, frames, options, fieldConfig, theme, replaceVariables],
  );
}

const FRAME_PICKER = 40;
type TableFooterCalc = NonNullable<ComponentProps<typeof Table>['footerOptions']>;

/** Grafana's table panel: one frame (options.frameIndex, or picked below the table) with its options. */
function TablePanel(props: CorePanelProps) {
  const { width, height, replaceVariables } = props;
  const { series, options } = useProcessed(props);
  const [picked, setPicked] = useState<number>();
  if (!series.length) return <NoData height={height} frames={props.frames} />;
  const index = Math.max(0, Math.min(picked ?? Number(options.frameIndex ?? 0), series.length - 1));
  const frame = series[index]!;
  const several = series.length > 1;
  const footer = options.footer as TableFooterCalc | undefined;
  const bodyHeight = several ? height - FRAME_PICKER : height;
  // an empty frame reads "No data" alone, not under a header row (as Grafana's table panel)
  const table = !frame.length ? (
    <NoData height={bodyHeight} frames={props.frames} />
  ) : (
    <Table
      data={frame}
      width={width}
      height={bodyHeight}
      noHeader={options.showHeader === false}
      cellHeight={options.cellHeight as TableCellHeight}
      footerOptions={footer}
      enablePagination={footer?.enablePagination}
      initialSortBy={options.sortBy as TableSortByFieldState[]}
      replaceVariables={replaceVariables}
    />
  );
  if (!several) return table;
  return (
    <div>
      {table}
      <div style={{ height: FRAME_PICKER, paddingTop: 8 }}>
        <Select
          aria-label="Frame"
          options={series.map((f, i) => ({ label: f.name ?? f.refId ?? `Series ${i + 1}`, value: i }))}
          value={index}
          onChange={(v) => setPicked(v.value)}
        />
      </div>
    </div>
  );
}

/** Every frame as a table under its name (Explore's table view); newest rows first for live results. */
export function FramesTables({
  frames,
  width,
  height,
  replaceVariables,
  newestFirst = false,
}: {
  frames: DataFrame[];
  width: number;
  height: number;
  replaceVariables?: InterpolateFunction;
  newestFirst?: boolean;
}) {
  const { series } = useProcessed({
    type: 'table',
    frames,
    width,
    height,
    timeRange: undefined as any,
    replaceVariables,
  });
  const tableHeight = Math.max(120, Math.floor(height / Math.max(1, series.length)) - 28);
  return (
    <div data-testid="frames-tables">
      {series.map((frame, i) => {
        const time = frame.fields.find((f) => f.type === FieldType.time);
        const sortBy =
          newestFirst && time ? [{ displayName: time.state?.displayName ?? time.name, desc: true }] : undefined;
        return (
          <div
            key={`${i}-${newestFirst}`}
            data-testid="frame"
            data-frame-name={frame.name ?? ''}
            data-frame-rows={frame.length}
            style={{ marginBottom: 8 }}
          >
            <div data-testid="frame-title" style={{ fontWeight: 500, padding: '4px 0' }}>
              {frame.name ?? frame.refId ?? `Frame ${i + 1}`}{' '}
              <span style={{ opacity: 0.6 }}>({frame.length} rows)</span>
            </div>
            <Table
              data={frame}
              width={width}
              height={Math.min(tableHeight, 36 * (frame.length + 1) + 4)}
              initialSortBy={sortBy}
              replaceVariables={replaceVariables}
            />
          </div>
        );
      })}
    </div>
  );
}

function StatPanel(props: CorePanelProps) {
  const theme = useTheme2();
  const { series, options, fieldConfig } = useProcessed(props);
  const values = getFieldDisplayValues({
    data: series,
    reduceOptions: options.reduceOptions as any,
    fieldConfig,
    replaceVariables: props.replaceVariables ?? identity,
    theme,
    timeZone: 'utc',
  });
  if (!values.length) return <NoData height={props.height} frames={props.frames} />;
  const w = Math.floor(props.width / values.length);
  return (
    <div style={{ display: 'flex' }}>
      {values.map((v, i) => (
        <BigValue
          key={i}
          theme={theme}
          value={v.display}
          width={w}
          height={props.height}
          colorMode={BigValueColorMode.Value}
          graphMode={BigValueGraphMode.None}
        />
      ))}
    </div>
  );
}

/** Frames with a time and a number field: what a time series panel can draw. */
export const graphable = (frames: DataFrame[]) =>
  frames.filter(
    (f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number),
  );

function TimeSeriesPanel(props: CorePanelProps) {
  const { width, height, timeRange, eventBus, sync = DashboardCursorSync.Off } = props;
  const { series, options } = useProcessed(props);
  const frames = graphable(series);
  if (!frames.length)
    return series.length ? <TablePanel {...props} type="table" /> : <NoData height={height} frames={props.frames} />;
  return (
    <TimeSeries
      frames={frames}
      structureRev={undefined}
      timeRange={timeRange}
      timeZone="utc"
      width={width}
      height={height}
      legend={options.legend as any}
      options={options}
    >
      {(config, alignedFrame) =>
        eventBus && sync !== DashboardCursorSync.Off ? (
          <EventBusPlugin config={config} eventBus={eventBus} frame={alignedFrame} />
        ) : null
      }
    </TimeSeries>
  );
}

/** Draws a core panel type; unknown types get the table. */
export function CorePanel(props: CorePanelProps) {
  const body =
    props.type === 'stat' ? (
      <StatPanel {...props} />
    ) : props.type === 'timeseries' ? (
      <TimeSeriesPanel {...props} />
    ) : (
      <TablePanel {...props} />
    );
  return <ErrorBoundaryAlert>{body}</ErrorBoundaryAlert>;
}
