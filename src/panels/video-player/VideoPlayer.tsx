// The video with its timeline: live or the recording from the range's start, problems and gaps
// shown over it, never a blank box.
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import { useRef } from 'react';

import { Timeline } from './Timeline';
import { useHlsPlayback } from './useHlsPlayback';

interface Props {
  url: string;
  posterUrl?: string;
  live: boolean;
  from: number;
  to: number;
  crosshair?: number;
  width: number;
  height: number;
}

const TIMELINE_HEIGHT = 24;

export function VideoPlayer({ url, posterUrl, live, from, to, crosshair, width, height }: Props) {
  const styles = useStyles2(getStyles);
  const videoRef = useRef<HTMLVideoElement>(null);
  const playback = useHlsPlayback(videoRef, {
    url,
    live,
    startAt: live ? undefined : from,
    stopAt: live ? undefined : to,
  });
  const state = playback.problem ? 'error' : playback.positioned ? 'playing' : 'loading';

  return (
    <div
      className={styles.root}
      style={{ width, height }}
      data-testid="video-player"
      data-mode={live ? 'live' : 'recording'}
      data-state={state}
      data-wall-time={playback.wallTime}
    >
      <div className={styles.stage} style={{ height: height - TIMELINE_HEIGHT }}>
        {/* muted: browsers only start playback by themselves without sound */}
        <video ref={videoRef} className={styles.video} poster={posterUrl} muted playsInline autoPlay={live} />
        {live && !playback.problem && <span className={styles.live}>● LIVE</span>}
        {(playback.problem || playback.notice) && (
          <div className={styles.overlay} data-testid="video-message">
            {playback.problem ? (
              <Alert title={playback.problem.title} severity="error">
                {playback.problem.text}
              </Alert>
            ) : (
              <Alert title={playback.notice!} severity="info" />
            )}
          </div>
        )}
      </div>
      <Timeline
        from={from}
        to={to}
        fragments={playback.fragments}
        playhead={playback.wallTime}
        hover={crosshair}
        onSeek={playback.seekTo}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column' }),
  stage: css({ position: 'relative', background: '#000' }),
  video: css({ width: '100%', height: '100%', objectFit: 'contain', display: 'block' }),
  live: css({
    position: 'absolute',
    top: theme.spacing(1),
    left: theme.spacing(1),
    color: '#fff',
    background: theme.colors.error.main,
    padding: theme.spacing(0, 0.5),
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  overlay: css({ position: 'absolute', left: theme.spacing(1), right: theme.spacing(1), bottom: theme.spacing(1) }),
});
