// /d?file=<dashboard.json>: opens a Grafana dashboard JSON unchanged — time range, template
// variables (values in the URL as var-<name>), refresh interval (`refresh`, URL `refresh=`),
// `liveNow`, `timepicker` (hidden, refresh_intervals), `graphTooltip` (shared crosshair over ONE
// dashboard event bus, as Grafana's panels share theirs) and panels laid out by gridPos.
import { DashboardCursorSync, EventBusSrv, type SelectableValue } from '@grafana/data';
import { selectors } from '@grafana/e2e-selectors';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, Input, MultiSelect, RefreshPicker, Select, Spinner, TimeRangePicker, useTheme2 } from '@grafana/ui';
import React, { useEffect, useMemo, useState } from 'react';

import { resolveVariables, type VariableError } from './dashboardVariables';
import { type PanelModel, PanelView } from './PanelView';
import { refreshIntervalMs, useRefreshTick } from './refresh';
import { type HostVariable, templateSrv } from './templateSrv';
import { currentRawRange, resolveRange } from './timeRange';

const GRID_CELL_HEIGHT = 30;
const GRID_MARGIN = 8;
const GRID_COLUMNS = 24;

function useSearch() {
  const [search, setSearch] = useState(locationService.getLocation().search);
  useEffect(() => {
    const sub = locationService.getLocationObservable().subscribe((l) => setSearch(l.search));
    return () => sub.unsubscribe();
  }, []);
  return search;
}

function useWidth() {
  const [width, setWidth] = useState(window.innerWidth);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}

/** Panels in layout order, rows flattened (collapsed rows keep their panels inside). */
function flattenPanels(panels: any[]): any[] {
  return (panels ?? []).flatMap((p) => (p.type === 'row' ? [p, ...(p.panels ?? [])] : [p]));
}

function VariablePicker({ variable }: { variable: HostVariable }) {
  const current = templateSrv.currentValue(variable);
  const set = (value: string | string[]) => locationService.partial({ [`var-${variable.name}`]: value });
  const label = variable.label || variable.name;
  const options: Array<SelectableValue<string>> = variable.options.map((o) => ({ label: o.text, value: o.value }));
  let input: React.ReactNode;
  if (variable.type === 'textbox') {
    input = (
      <Input
        id={`var-${variable.name}`}
        width={24}
        defaultValue={String(current)}
        onBlur={(e) => set(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && set(e.currentTarget.value)}
      />
    );
  } else if (variable.multi) {
    input = (
      <MultiSelect
        inputId={`var-${variable.name}`}
        width={30}
        options={options}
        value={current as string[]}
        onChange={(v) => set(v.map((x) => x.value!))}
      />
    );
  } else {
    input = (
      <Select
        inputId={`var-${variable.name}`}
        width={30}
        options={options}
        value={current as string}
        allowCustomValue
        onChange={(v) => set(v?.value ?? '')}
      />
    );
  }
  return (
    <div
      data-testid={selectors.pages.Dashboard.SubMenu.submenuItemLabels(label)}
      style={{ display: 'flex', alignItems: 'center', gap: 4 }}
    >
      <label htmlFor={`var-${variable.name}`} style={{ fontSize: 12, fontWeight: 500 }}>
        {label}
      </label>
      {input}
    </div>
  );
}

export function DashboardPage() {
  const theme = useTheme2();
  const search = useSearch();
  const width = useWidth();
  const file = new URLSearchParams(search).get('file') ?? '';
  const [dashboard, setDashboard] = useState<any>();
  const [loadError, setLoadError] = useState<string>();
  const [variables, setVariables] = useState<HostVariable[]>([]);
  const [variableErrors, setVariableErrors] = useState<VariableError[]>([]);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    setDashboard(undefined);
    getBackendSrv()
      .get('/api/host/dashboard', { file })
      .then(setDashboard, (e: any) => setLoadError(e?.data?.message ?? e?.message ?? String(e)));
  }, [file]);

  const raw = currentRawRange(dashboard?.time);
  const varSearch = [...new URLSearchParams(search).entries()]
    .filter(([k]) => k.startsWith('var-'))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const refresh = new URLSearchParams(search).get('refresh') ?? dashboard?.refresh ?? '';
  const tick = useRefreshTick(refreshIntervalMs(refresh));
  const [manualRefresh, setManualRefresh] = useState(0);
  // the panels' key moves with every refresh tick; variables (refresh "on load") do not re-run then
  const variablesKey = `${raw.from}|${raw.to}|${varSearch}`;
  const refreshKey = `${variablesKey}|${tick}|${manualRefresh}`;
  const range = useMemo(() => resolveRange(raw), [refreshKey]);
  // one bus for the whole dashboard: a hover in one panel reaches every other panel
  const eventBus = useMemo(() => new EventBusSrv(), [file]);

  // Variables resolve before panels query, and again when a value they may depend on changes.
  useEffect(() => {
    if (!dashboard) return;
    let cancelled = false;
    resolveVariables(dashboard.templating?.list ?? [], range).then(({ variables, errors }) => {
      if (cancelled) return;
      setVariables(variables);
      setVariableErrors(errors);
      setReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, [dashboard, variablesKey]);

  if (loadError)
    return (
      <Alert title={`Could not open dashboard ${file}`} severity="error">
        {loadError}
      </Alert>
    );
  if (!dashboard) return <Spinner />;

  const containerWidth = width - 2 * GRID_MARGIN;
  const column = containerWidth / GRID_COLUMNS;
  const panels = flattenPanels(dashboard.panels);
  const bottom = Math.max(0, ...panels.map((p) => (p.gridPos?.y ?? 0) + (p.gridPos?.h ?? 8)));
  const timepicker = dashboard.timepicker ?? {};
  const sync: DashboardCursorSync = dashboard.graphTooltip ?? DashboardCursorSync.Off;

  return (
    <div data-testid="dashboard" data-dashboard-uid={dashboard.uid} style={{ padding: GRID_MARGIN }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16, marginBottom: 8, flexWrap: 'wrap' }}>
        <h1 style={{ fontSize: 18, margin: 0 }} data-testid="dashboard-title">
          {dashboard.title}
        </h1>
        {variables
          .filter((v) => v.hide !== 2)
          .map((v) => (
            <VariablePicker key={v.name} variable={v} />
          ))}
        {!timepicker.hidden && (
          <div style={{ marginLeft: 'auto', display: 'flex', gap: 8 }} data-testid="dashboard-controls">
            <TimeRangePicker
              value={range}
              timeZone="utc"
              onChange={(r) =>
                locationService.partial({
                  from: String(r.raw.from.valueOf?.() ?? r.raw.from),
                  to: String(r.raw.to.valueOf?.() ?? r.raw.to),
                })
              }
              onMoveBackward={() => {}}
              onMoveForward={() => {}}
              onZoom={() => {}}
              onChangeTimeZone={() => {}}
            />
            <RefreshPicker
              value={refresh}
              intervals={timepicker.refresh_intervals}
              onIntervalChanged={(interval) => locationService.partial({ refresh: interval || null })}
              onRefresh={() => setManualRefresh((n) => n + 1)}
            />
          </div>
        )}
      </div>
      {variableErrors.map((e) => (
        <Alert key={e.name} title={`Variable ${e.name}: ${e.message}`} severity="error" data-testid="variable-error" />
      ))}
      {ready && (
        <div style={{ position: 'relative', height: bottom * (GRID_CELL_HEIGHT + GRID_MARGIN) }}>
          {panels.map((p: PanelModel & { gridPos?: any }) => {
            const g = p.gridPos ?? { x: 0, y: 0, w: 12, h: 8 };
            const style: React.CSSProperties = {
              position: 'absolute',
              left: g.x * column,
              top: g.y * (GRID_CELL_HEIGHT + GRID_MARGIN),
              width: g.w * column - GRID_MARGIN,
            };
            if (p.type === 'row') {
              return (
                <div
                  key={`row-${p.id}`}
                  style={{ ...style, width: containerWidth, color: theme.colors.text.primary, fontWeight: 500 }}
                >
                  {templateSrv.replace(p.title ?? '')}
                </div>
              );
            }
            const height = g.h * (GRID_CELL_HEIGHT + GRID_MARGIN) - GRID_MARGIN;
            return (
              <div key={p.id} style={style}>
                <PanelView
                  panel={p}
                  width={g.w * column - GRID_MARGIN}
                  height={height}
                  range={range}
                  refreshKey={refreshKey}
                  eventBus={eventBus}
                  sync={sync}
                  liveNow={Boolean(dashboard.liveNow)}
                />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
