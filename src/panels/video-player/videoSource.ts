// What a camera component says to play: the URLs of a doppel.video.stream component (absolute,
// or paths in the workspace's resource library reached through Grafana's data proxy), or why
// there is nothing to play.
import type { ComponentResponse, GetEntityResponse } from '../../common/twinmaker';

export const VIDEO_STREAM_TYPE = 'doppel.video.stream';
export const KVS_VIDEO_TYPE = 'com.amazon.kvs.video';

export type VideoSource =
  | { kind: 'hls'; componentName: string; liveUrl?: string; recordingsUrl?: string; posterUrl?: string }
  | { kind: 'kvs'; componentName: string }
  | { kind: 'none'; reason: string };

const isAbsolute = (url: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(url);

/**
 * The URL a player fetches for a component's URL value: absolute URLs as they are, resource
 * paths under the service's resources of the workspace, through the data source's proxy URL
 * (so the browser never holds the service's credential).
 */
export function resolveVideoUrl(value: string, serviceBaseUrl: string, workspaceId: string): string {
  const url = value.trim();
  if (isAbsolute(url)) return url;
  const path = url
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return `${serviceBaseUrl}/doppel/workspaces/${encodeURIComponent(workspaceId)}/resources/${path}`;
}

const isVideo = (c: ComponentResponse) =>
  c.componentTypeId === VIDEO_STREAM_TYPE || c.componentTypeId === KVS_VIDEO_TYPE;

function text(component: ComponentResponse, property: string): string | undefined {
  const value = component.properties?.[property]?.value?.stringValue?.trim();
  return value ? value : undefined;
}

/** The source of the named component (or the entity's first video component when none is named). */
export function videoSourceOf(
  entity: GetEntityResponse,
  componentName: string,
  resolve: (value: string) => string,
): VideoSource {
  const components = entity.components ?? {};
  const name = componentName || Object.keys(components).find((n) => isVideo(components[n]!));
  if (!name)
    return {
      kind: 'none',
      reason: `Entity ${entity.entityId} has no ${VIDEO_STREAM_TYPE} component: add one, or name the component in the panel options.`,
    };
  const component = components[name];
  if (!component) return { kind: 'none', reason: `Entity ${entity.entityId} has no component ${name}.` };
  if (component.componentTypeId === KVS_VIDEO_TYPE) return { kind: 'kvs', componentName: name };
  if (component.componentTypeId !== VIDEO_STREAM_TYPE)
    return {
      kind: 'none',
      reason: `Component ${name} is of type ${component.componentTypeId}, not ${VIDEO_STREAM_TYPE}.`,
    };
  const liveUrl = text(component, 'liveUrl');
  const recordingsUrl = text(component, 'recordingsUrl');
  const posterUrl = text(component, 'posterUrl');
  if (!liveUrl && !recordingsUrl)
    return { kind: 'none', reason: `Component ${name} has neither liveUrl nor recordingsUrl set.` };
  return {
    kind: 'hls',
    componentName: name,
    liveUrl: liveUrl && resolve(liveUrl),
    recordingsUrl: recordingsUrl && resolve(recordingsUrl),
    posterUrl: posterUrl && resolve(posterUrl),
  };
}
