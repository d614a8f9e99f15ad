// The bar under the video: the dashboard's range, the spans recorded in it, where the video is,
// and the shared crosshair's time; a click plays the recording from the time clicked.
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React, { useMemo } from 'react';

import { recordedSpans, spansInRange, type TimedFragment } from './programDateTime';

interface Props {
  from: number;
  to: number;
  fragments: TimedFragment[];
  /** the wall-clock time on screen */
  playhead?: number;
  /** the dashboard's crosshair */
  hover?: number;
  onSeek(wallMs: number): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function Timeline({ from, to, fragments, playhead, hover, onSeek }: Props) {
  const styles = useStyles2(getStyles);
  const { recorded, gaps } = useMemo(() => spansInRange(recordedSpans(fragments), from, to), [fragments, from, to]);
  const span = Math.max(1, to - from);
  const left = (t: number) => `${((Math.min(Math.max(t, from), to) - from) / span) * 100}%`;
  const width = (a: number, b: number) => `${((b - a) / span) * 100}%`;
  const inRange = (t?: number): t is number => t !== undefined && t >= from && t <= to;

  const onClick = (event: React.MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    onSeek(from + ((event.clientX - box.left) / box.width) * span);
  };

  return (
    <div
      className={styles.bar}
      data-testid="video-timeline"
      role="group"
      aria-label={`Recorded ${recorded.length} span(s) between ${iso(from)} and ${iso(to)}; click to play from a time`}
      onClick={onClick}
    >
      {gaps.map((g) => (
        <div
          key={`gap-${g.from}`}
          className={styles.gap}
          style={{ left: left(g.from), width: width(g.from, g.to) }}
          data-testid="video-gap"
          title={`No recording ${iso(g.from)} – ${iso(g.to)}`}
        />
      ))}
      {recorded.map((r) => (
        <div
          key={`rec-${r.from}`}
          className={styles.recorded}
          style={{ left: left(r.from), width: width(r.from, r.to) }}
          data-testid="video-recorded-span"
          data-from={r.from}
          data-to={r.to}
          title={`Recorded ${iso(r.from)} – ${iso(r.to)}`}
        />
      ))}
      {inRange(hover) && <div className={styles.hover} style={{ left: left(hover) }} data-testid="video-crosshair" />}
      {inRange(playhead) && (
        <div className={styles.playhead} style={{ left: left(playhead) }} data-testid="video-playhead" />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({
    position: 'relative',
    height: 14,
    marginTop: 4,
    cursor: 'pointer',
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    overflow: 'hidden',
  }),
  recorded: css({ position: 'absolute', top: 2, bottom: 2, background: theme.colors.success.main }),
  gap: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    background: `repeating-linear-gradient(45deg, transparent 0 4px, ${theme.colors.border.medium} 4px 6px)`,
  }),
  playhead: css({ position: 'absolute', top: 0, bottom: 0, width: 2, background: theme.colors.text.primary }),
  hover: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: 1,
    borderLeft: `1px dashed ${theme.colors.warning.main}`,
  }),
});
