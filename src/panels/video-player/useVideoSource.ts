// Reads the entity and turns its camera component into a VideoSource.
import { useAsync } from '../../common/useAsync';
import type { VideoConnection } from './connection';
import { resolveVideoUrl, type VideoSource, videoSourceOf } from './videoSource';

export interface VideoSourceState {
  loading: boolean;
  source?: VideoSource;
  error?: string;
}

/** The source of `componentName` on `entityId` (re-read when any of them changes). */
export function useVideoSource(
  api: VideoConnection | undefined,
  entityId: string,
  componentName: string,
): VideoSourceState {
  const state = useAsync(async () => {
    if (!api || !entityId) return undefined;
    const entity = await api.connection.client.getEntity(api.workspaceId, entityId);
    return videoSourceOf(entity, componentName, (value) => resolveVideoUrl(value, api.serviceBaseUrl, api.workspaceId));
  }, [api, entityId, componentName]);
  return { loading: state.loading, source: state.value, error: state.error };
}
