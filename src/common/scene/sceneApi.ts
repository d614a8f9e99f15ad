// The service calls the scene viewer makes, beside DoppelClient: the scene and its document,
// model resource URLs, and the bulk values of every binding of a scene — one request for the
// values as of a time and one stream for all of them, never one per tag.
import { backendSrvTransport, type Transport } from '../client';
import type { DataValue } from '../twinmaker';
import type { PropertyRef } from './bindings';

const enc = encodeURIComponent;

/** GetScene's answer, the parts the viewer uses. */
export interface SceneInfo {
  sceneId: string;
  contentLocation: string;
  description?: string;
}

/** One value of a property reference, as the service's values:latest and values:stream send it. */
export interface PropertyValuePoint extends PropertyRef {
  time: string;
  value: DataValue;
}

/** The folder of the scene file inside the workspace's resources (model uris are relative to it). */
export function sceneFolder(contentLocation: string): string {
  const key = contentLocation.replace(/^s3:\/\/[^/]+\/?/i, '');
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash + 1);
}

/** Resolves `uri` (relative to `folder`, `..` allowed) to a resource path; absolute URLs stay. */
export function resolveModelPath(folder: string, uri: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return uri;
  const parts = (uri.startsWith('/') ? uri.slice(1) : folder + uri).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export class SceneApi {
  constructor(
    /** the data source's proxy URL of the service, e.g. `/api/datasources/proxy/uid/<uid>/doppel` */
    readonly baseUrl: string,
    readonly workspaceId: string,
    private readonly transport: Transport = backendSrvTransport,
  ) {}

  private get ws() {
    return `${this.baseUrl}/doppel/workspaces/${enc(this.workspaceId)}`;
  }

  getScene(sceneId: string) {
    return this.transport<SceneInfo>({
      method: 'GET',
      url: `${this.baseUrl}/workspaces/${enc(this.workspaceId)}/scenes/${enc(sceneId)}`,
    });
  }

  getDocument(sceneId: string) {
    return this.transport<unknown>({ method: 'GET', url: `${this.ws}/scenes/${enc(sceneId)}/document` });
  }

  listScenes() {
    return this.transport<{ sceneSummaries?: SceneInfo[] }>({
      method: 'POST',
      url: `${this.baseUrl}/workspaces/${enc(this.workspaceId)}/scenes-list`,
      data: { maxResults: 200 },
    });
  }

  /** URL of a workspace resource (a model file) through the data proxy. */
  resourceUrl(path: string): string {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
    return `${this.ws}/resources/${path.split('/').map(enc).join('/')}`;
  }

  /** The last value at or before `time` (now when absent) of each property; absent ones are left out. */
  latestValues(properties: PropertyRef[], time?: number) {
    return this.transport<{
      values: PropertyValuePoint[];
      errors?: Array<PropertyRef & { errorCode: string; errorMessage: string }>;
    }>({
      method: 'POST',
      url: `${this.ws}/values:latest`,
      data: { properties, ...(time !== undefined ? { time: new Date(time).toISOString() } : {}) },
    });
  }

  /** URL of the stream over a list of properties (POST, body `{properties, lastEventId}`). */
  get streamUrl() {
    return `${this.ws}/values:stream`;
  }
}
