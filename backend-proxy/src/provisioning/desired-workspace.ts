import { ComponentTypeRequest } from '../api/component-types';
import { CreateEntityBody } from '../api/entities';
import { SceneFile, WorkspaceFile } from './file-schemas';
import { SourceFile } from './source-file';

/** Where a resource came from: its file and the path of its value inside it. */
export interface Origin {
  file: SourceFile;
  at: (string | number)[];
}

export interface DesiredComponentType {
  componentTypeId: string;
  body: ComponentTypeRequest & { tags?: Record<string, string> };
  origin?: Origin;
}

export interface DesiredEntity {
  /** CreateEntity's body with entityId set and parentEntityId resolved ($ROOT when absent) */
  body: CreateEntityBody & { entityId: string; parentEntityId: string };
  origin?: Origin;
}

export interface DesiredScene {
  sceneId: string;
  /** the scene document (scenes/<sceneId>.json) */
  document: Buffer;
  meta: SceneFile;
  origin?: Origin;
}

/** A workspace as its files (or an import) describe it: what provisioning makes true. */
export interface DesiredWorkspace {
  workspaceId: string;
  workspace: WorkspaceFile;
  componentTypes: Map<string, DesiredComponentType>;
  entities: Map<string, DesiredEntity>;
  scenes: Map<string, DesiredScene>;
  /** resources/** by their path in the workspace's bucket */
  resources: Map<string, Buffer>;
}

export function emptyWorkspace(workspaceId: string): DesiredWorkspace {
  return {
    workspaceId,
    workspace: {},
    componentTypes: new Map(),
    entities: new Map(),
    scenes: new Map(),
    resources: new Map(),
  };
}

/** Where an entity's problem is: `file:line:col components.x.properties.y: …`, or its id. */
export function describeAt(origin: Origin | undefined, fallback: string, field: string[], message: string): string {
  if (!origin) return `${fallback} ${field.join('.')}: ${message}`;
  return origin.file.error([...origin.at, ...field], field.join('.'), message).message;
}
