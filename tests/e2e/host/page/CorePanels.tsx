// Grafana's core panels (table, timeseries, stat) are not published as packages; the host
// draws their frames with the @grafana/ui components those panels are built from.
import {
  applyFieldOverrides,
  type DataFrame,
  FieldColorModeId,
  type FieldConfigSource,
  FieldType,
  getDisplayProcessor,
  getFieldDisplayName,
  type InterpolateFunction,
  type TimeRange,
} from '@grafana/data';
import {
  Alert,
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  ErrorBoundaryAlert,
  Table,
  TimeSeries,
  useTheme2,
} from '@grafana/ui';
import { useMemo } from 'react';

interface FramesProps {
  frames: DataFrame[];
  width: number;
  height: number;
  replaceVariables?: InterpolateFunction;
}

const identity: InterpolateFunction = (s) => s;

function useProcessed(
  frames: DataFrame[],
  replaceVariables: InterpolateFunction = identity,
  defaults: FieldConfigSource['defaults'] = {},
) {
  const theme = useTheme2();
  return useMemo(
    () =>
      applyFieldOverrides({
        data: frames,
        fieldConfig: { defaults, overrides: [] },
        replaceVariables,
        theme,
        timeZone: 'utc',
      }),
    [frames, replaceVariables, theme, defaults],
  );
}

/** Notices the data source attached to frames (truncation, empty variables…), as Grafana shows them. */
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

/** Every frame as an @grafana/ui Table under its name (what Explore's table view shows). */
export function FramesTables({ frames, width, height, replaceVariables }: FramesProps) {
  const processed = useProcessed(frames, replaceVariables);
  const tableHeight = Math.max(120, Math.floor(height / Math.max(1, processed.length)) - 28);
  return (
    <div data-testid="frames-tables">
      {processed.map((frame, i) => (
        <div
          key={i}
          data-testid="frame"
          data-frame-name={frame.name ?? ''}
          data-frame-rows={frame.length}
          style={{ marginBottom: 8 }}
        >
          <div data-testid="frame-title" style={{ fontWeight: 500, padding: '4px 0' }}>
            {frame.name ?? frame.refId ?? `Frame ${i + 1}`} <span style={{ opacity: 0.6 }}>({frame.length} rows)</span>
          </div>
          <Table data={frame} width={width} height={Math.min(tableHeight, 36 * (frame.length + 1) + 4)} />
        </div>
      ))}
    </div>
  );
}

function StatPanel({ frames, width, height, replaceVariables }: FramesProps) {
  const theme = useTheme2();
  const processed = useProcessed(frames, replaceVariables);
  const values = processed.flatMap((frame) =>
    frame.fields
      .filter((f) => f.type === FieldType.number || f.type === FieldType.string || f.type === FieldType.boolean)
      .map((field) => {
        const last = field.values[field.values.length - 1];
        const display = (field.display ?? getDisplayProcessor({ field, theme }))(last);
        return {
          display: { ...display, title: getFieldDisplayName(field, frame, processed) },
          key: `${frame.name}-${field.name}`,
        };
      }),
  );
  if (!values.length) return <div>No data</div>;
  const w = Math.floor(width / values.length);
  return (
    <div style={{ display: 'flex' }}>
      {values.map((v) => (
        <BigValue
          key={v.key}
          theme={theme}
          value={v.display}
          width={w}
          height={height}
          colorMode={BigValueColorMode.Value}
          graphMode={BigValueGraphMode.None}
        />
      ))}
    </div>
  );
}

// Grafana's timeseries panel colours series from the classic palette by default.
const TIMESERIES_DEFAULTS = { color: { mode: FieldColorModeId.PaletteClassic } };

function TimeSeriesPanel({
  frames,
  width,
  height,
  timeRange,
  replaceVariables,
}: FramesProps & { timeRange: TimeRange }) {
  const processed = useProcessed(frames, replaceVariables, TIMESERIES_DEFAULTS);
  const graphable = processed.filter(
    (f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number),
  );
  if (!graphable.length) return <FramesTables frames={frames} width={width} height={height} />;
  return (
    <TimeSeries
      frames={graphable}
      structureRev={1}
      timeRange={timeRange}
      timeZone="utc"
      width={width}
      height={height}
      legend={{ showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] } as any}
    >
      {() => null}
    </TimeSeries>
  );
}

/** Draws a core panel type; unknown types get the table view. */
export function CorePanel({ type, ...props }: FramesProps & { type: string; timeRange: TimeRange }) {
  const body =
    type === 'stat' ? (
      <StatPanel {...props} />
    ) : type === 'timeseries' ? (
      <TimeSeriesPanel {...props} />
    ) : (
      <FramesTables {...props} />
    );
  return <ErrorBoundaryAlert>{body}</ErrorBoundaryAlert>;
}
