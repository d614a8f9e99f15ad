// What the viewer shows over the canvas: the hover tooltip (entity, component, property, value,
// time), the messages (models that failed, rule errors, value errors), the live/past badge and,
// when asked, the frame time and draw calls (read from the stats every half second).
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { useEffect, useState } from 'react';

import { propertyRefOf, refKey } from '../../common/scene/bindings';
import type { PlacedModel } from '../../common/scene/layout';
import { median, type SceneViewerStats } from './renderStats';
import type { SceneValues } from './SceneValues';
import { formatValue } from './TagList';
import type { TagSpritesHandle } from './TagSprites';
import type { TagState } from './tagStates';

export type Hovered = { kind: 'tag'; index: number } | { kind: 'model'; model: PlacedModel; nodeIndex: number };

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    position: 'absolute',
    pointerEvents: 'none',
    transform: 'translate(-50%, calc(-100% - 18px))',
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.5, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    boxShadow: theme.shadows.z2,
  }),
  messages: css({
    position: 'absolute',
    top: theme.spacing(0.5),
    left: theme.spacing(0.5),
    right: theme.spacing(0.5),
    display: 'flex',
    flexDirection: 'column',
    gap: 2,
    pointerEvents: 'none',
  }),
  message: css({
    alignSelf: 'flex-start',
    background: theme.colors.warning.transparent,
    color: theme.colors.warning.text,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.25, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    pointerEvents: 'auto',
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  corner: css({
    position: 'absolute',
    right: theme.spacing(0.5),
    bottom: theme.spacing(0.5),
    display: 'flex',
    gap: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    fontFamily: theme.typography.fontFamilyMonospace,
    background: theme.colors.background.secondary,
    padding: theme.spacing(0.25, 0.75),
    borderRadius: theme.shape.radius.default,
    opacity: 0.85,
  }),
});

function StatsCorner({ stats }: { stats: SceneViewerStats }) {
  const [text, setText] = useState('');
  useEffect(() => {
    const update = () =>
      setText(
        `frame ${median(stats.frameTimesMs.slice(-60)).toFixed(1)} ms · ${stats.drawCalls} draw calls · ${stats.renders} renders`,
      );
    update();
    const timer = setInterval(update, 500);
    return () => clearInterval(timer);
  }, [stats]);
  return <span data-testid="scene-viewer-stats">{text}</span>;
}

interface Props {
  hovered?: Hovered;
  states: TagState[];
  vars: Record<string, string>;
  values: SceneValues;
  spritesRef: React.RefObject<TagSpritesHandle | null>;
  messages: string[];
  stats?: SceneViewerStats;
  live: boolean;
  at: number;
}

export function ViewerOverlay({ hovered, states, vars, values, spritesRef, messages, stats, live, at }: Props) {
  const styles = useStyles2(getStyles);
  let tooltip: React.ReactNode = null;
  if (hovered?.kind === 'tag') {
    const s = states[hovered.index];
    const p = spritesRef.current?.screenPosition(hovered.index);
    if (s && p)
      tooltip = (
        <div
          className={styles.tooltip}
          style={{ left: p.x, top: p.y }}
          role="tooltip"
          data-testid="scene-viewer-tooltip"
        >
          <strong>{s.name}</strong>
          {s.ref ? (
            <div>
              {s.ref.entityId} · {s.ref.componentName} · {s.ref.propertyName} = {formatValue(s.value)}
              {s.value ? ` at ${new Date(s.value.time).toISOString()}` : ''}
            </div>
          ) : (
            <div>not bound to a property</div>
          )}
        </div>
      );
  } else if (hovered?.kind === 'model') {
    const m = hovered.model;
    const shader = m.shader;
    const ref = propertyRefOf(shader?.valueDataBinding, vars);
    const value = ref ? values.getByKey(refKey(ref)) : undefined;
    tooltip = (
      <div className={styles.tooltip} style={{ left: '50%', top: 40, transform: 'translateX(-50%)' }} role="tooltip">
        <strong>{m.name}</strong>
        {ref && (
          <div>
            {ref.entityId} · {ref.componentName} · {ref.propertyName} = {formatValue(value)}
          </div>
        )}
      </div>
    );
  }
  return (
    <>
      {tooltip}
      {messages.length > 0 && (
        <div className={styles.messages} role="status" data-testid="scene-viewer-warnings">
          {messages.slice(0, 4).map((m) => (
            <div key={m} className={styles.message} title={m}>
              {m}
            </div>
          ))}
          {messages.length > 4 && (
            <div className={styles.message} title={messages.slice(4).join('\n')}>
              and {messages.length - 4} more
            </div>
          )}
        </div>
      )}
      <div className={styles.corner}>
        <span data-testid="scene-viewer-time">{live ? 'live' : `as of ${new Date(at).toISOString()}`}</span>
        {stats && <StatsCorner stats={stats} />}
      </div>
    </>
  );
}
