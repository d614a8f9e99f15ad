// The app's Scenes page: the workspace's scenes (of the app's Doppel data source), each opening
// full-page in the same viewer the dashboard panel uses. The viewer (three.js and r3f) is
// loaded only when a scene is opened, so the other app pages stay small.
import { css } from '@emotion/css';
import { getDefaultTimeRange, type GrafanaTheme2, LoadingState, type PanelProps } from '@grafana/data';
import { getTemplateSrv, locationService } from '@grafana/runtime';
import { Alert, LinkButton, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';

import { SERVICE_ROUTE } from '../common/client';
import { pickDoppelDataSource } from '../common/datasources';
import { SceneApi } from '../common/scene/sceneApi';
import { useAsync } from '../common/useAsync';
import { DEFAULT_OPTIONS, type SceneViewerOptions } from '../panels/scene-viewer/types';
import type { AppSettings } from '../types';

const ScenePanel = lazy(() => import('../panels/scene-viewer/ScenePanel').then((m) => ({ default: m.ScenePanel })));

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', padding: 0, display: 'grid', gap: theme.spacing(1) }),
  item: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    padding: theme.spacing(1, 2),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  viewer: css({ height: 'calc(100vh - 160px)', minHeight: 320 }),
});

/** The size of an element, followed as it changes. */
function useSize() {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    if (!ref.current) return;
    const observer = new ResizeObserver(([entry]) =>
      setSize({ width: Math.floor(entry!.contentRect.width), height: Math.floor(entry!.contentRect.height) }),
    );
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, []);
  return { ref, ...size };
}

/** One scene full-page: the panel component with the props a dashboard would give it, live. */
function SceneFullPage({ datasource, sceneId, appUrl }: { datasource: string; sceneId: string; appUrl: string }) {
  const styles = useStyles2(getStyles);
  const { ref, width, height } = useSize();
  const timeRange = useMemo(() => getDefaultTimeRange(), []);
  const options: SceneViewerOptions = { ...DEFAULT_OPTIONS, datasource, sceneId };
  const props = {
    id: 0,
    data: { state: LoadingState.Done, series: [], timeRange },
    timeRange,
    timeZone: 'browser',
    options,
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width,
    height,
    renderCounter: 0,
    title: sceneId,
    eventBus: undefined as never,
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (text: string) => getTemplateSrv().replace(text),
    onChangeTimeRange: () => {},
  } as unknown as PanelProps<SceneViewerOptions>;
  return (
    <Stack direction="column" gap={1}>
      <Stack gap={1} alignItems="center">
        <LinkButton href={`${appUrl}/scenes`} icon="arrow-left" variant="secondary" size="sm">
          All scenes
        </LinkButton>
        <h2 style={{ margin: 0 }}>{sceneId}</h2>
      </Stack>
      <div ref={ref} className={styles.viewer} data-testid="scene-page-viewer">
        {width > 0 && height > 0 && (
          <Suspense fallback={<LoadingPlaceholder text="Loading the viewer…" />}>
            <ScenePanel {...props} />
          </Suspense>
        )}
      </div>
    </Stack>
  );
}

/** `/a/<app>/scenes` lists the scenes; `/a/<app>/scenes/<sceneId>` shows one. */
export function ScenesPage({ settings, basename }: { settings: AppSettings; basename: string }) {
  const styles = useStyles2(getStyles);
  const connection = useMemo(() => pickDoppelDataSource(settings.datasourceUid), [settings.datasourceUid]);
  const path = locationService.getLocation().pathname;
  const sceneId = decodeURIComponent(path.split('/scenes/')[1]?.split('/')[0] ?? '');
  const api = useMemo(
    () =>
      connection?.workspaceId
        ? new SceneApi(`/api/datasources/proxy/uid/${connection.uid}/${SERVICE_ROUTE}`, connection.workspaceId)
        : undefined,
    [connection],
  );
  const scenes = useAsync(async () => (api ? ((await api.listScenes()).sceneSummaries ?? []) : []), [api]);

  if (!connection || !api)
    return (
      <Alert title="No Doppel data source with a workspace" severity="info">
        Add a Doppel data source and choose its workspace to see its scenes.
      </Alert>
    );
  if (sceneId) return <SceneFullPage datasource={connection.uid} sceneId={sceneId} appUrl={basename} />;
  if (scenes.loading) return <LoadingPlaceholder text="Loading scenes…" />;
  if (scenes.error)
    return (
      <Alert title={`The scenes of ${api.workspaceId} could not be listed`} severity="error">
        {scenes.error}
      </Alert>
    );
  const list = scenes.value ?? [];
  return (
    <Stack direction="column" gap={1}>
      <h2 style={{ margin: 0 }}>Scenes of {api.workspaceId}</h2>
      {list.length === 0 ? (
        <p>This workspace has no scenes yet.</p>
      ) : (
        <ul className={styles.list} aria-label="Scenes">
          {list.map((s) => (
            <li key={s.sceneId} className={styles.item}>
              <span>
                <strong>{s.sceneId}</strong>
                {s.description ? ` — ${s.description}` : ''}
              </span>
              <LinkButton href={`${basename}/scenes/${encodeURIComponent(s.sceneId)}`} size="sm" icon="cube">
                Open
              </LinkButton>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
