// The panel: resolves its options (variables allowed), reads the entity's camera component and
// says in the panel what is missing — no entity, no data source, not a camera, Kinesis Video
// Streams — before handing a stream to the player.
import type { PanelProps } from '@grafana/data';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { useMemo } from 'react';

import { videoConnectionFor } from './connection';
import { isLiveRange } from './playbackMode';
import type { VideoPlayerOptions } from './types';
import { useCrosshairTime } from './useCrosshairTime';
import { useVideoSource } from './useVideoSource';
import { VideoPlayer } from './VideoPlayer';

function Message({ title, text, severity = 'error' }: { title: string; text: string; severity?: 'error' | 'info' }) {
  return (
    <div style={{ padding: 8 }} data-testid="video-panel-message">
      <Alert title={title} severity={severity}>
        {text}
      </Alert>
    </div>
  );
}

export function VideoPanel({
  options,
  replaceVariables,
  timeRange,
  eventBus,
  width,
  height,
}: PanelProps<VideoPlayerOptions>) {
  const entityId = replaceVariables(options.entityId ?? '').trim();
  const componentName = replaceVariables(options.componentName ?? '').trim();
  const datasource = replaceVariables(options.datasource ?? '');
  const api = useMemo(() => videoConnectionFor(datasource, (t) => replaceVariables(t)), [datasource, replaceVariables]);
  const ready = Boolean(entityId && !entityId.includes('$') && !componentName.includes('$'));
  const { loading, source, error } = useVideoSource(ready ? api : undefined, entityId, componentName);
  const crosshair = useCrosshairTime(eventBus);
  const live = isLiveRange(timeRange);

  if (!ready)
    return (
      <Message
        title="No camera selected"
        text={
          entityId
            ? `The entity or component option names a variable without a value (${options.entityId} ${options.componentName}).`
            : 'Set the entity (and optionally the component) of a camera in the panel options.'
        }
      />
    );
  if (!api)
    return (
      <Message
        title="No Doppel data source"
        text={
          datasource
            ? `No Doppel data source "${datasource}" with a workspace is configured.`
            : 'Add a Doppel data source and choose its workspace.'
        }
      />
    );
  if (error) return <Message title={`Cannot read entity ${entityId}`} text={error} />;
  if (loading || !source) return <LoadingPlaceholder text="Loading camera…" />;
  if (source.kind === 'none') return <Message title="No camera" text={source.reason} />;
  if (source.kind === 'kvs')
    return (
      <Message
        title="Kinesis Video Streams is not available self-hosted"
        text={`Component ${source.componentName} is a com.amazon.kvs.video stream. Give the entity a doppel.video.stream component with the camera's HLS URLs (an NVR or MediaMTX serves them) to play it here.`}
        severity="info"
      />
    );
  const url = live ? source.liveUrl : source.recordingsUrl;
  if (!url)
    return (
      <Message
        title={live ? 'No live stream' : 'No recordings'}
        text={
          live
            ? `Component ${source.componentName} has no liveUrl: pick a range in the past to play its recording.`
            : `Component ${source.componentName} has no recordingsUrl: only the live stream (a range ending now) can play.`
        }
      />
    );
  return (
    <VideoPlayer
      url={url}
      posterUrl={source.posterUrl}
      live={live}
      from={timeRange.from.valueOf()}
      to={live ? Date.now() : timeRange.to.valueOf()}
      crosshair={crosshair}
      width={width}
      height={height}
    />
  );
}
