import { Page } from './workspaces';

export interface SceneInput {
  contentLocation?: string;
  description?: string;
  capabilities?: string[];
  sceneMetadata?: Record<string, string>;
}

export interface Scene {
  workspaceId: string;
  sceneId: string;
  arn: string;
  contentLocation: string;
  description?: string;
  capabilities?: string[];
  sceneMetadata?: Record<string, string>;
  creationDateTime: number;
  updateDateTime: number;
}

export type SceneSummary = Pick<
  Scene,
  'sceneId' | 'arn' | 'contentLocation' | 'description' | 'creationDateTime' | 'updateDateTime'
>;

/** Scene metadata of a workspace; the caller has checked the workspace exists and is in scope. */
export interface SceneStore {
  /** ConflictException when the id is taken */
  create(
    workspaceId: string,
    sceneId: string,
    input: SceneInput & { contentLocation: string },
    tags?: Record<string, string>,
  ): Promise<Scene>;
  /** undefined when there is no such scene */
  get(workspaceId: string, sceneId: string): Promise<Scene | undefined>;
  list(workspaceId: string, maxResults: number, after?: string): Promise<Page<SceneSummary>>;
  /** members given replace the stored ones; ResourceNotFoundException when missing */
  update(workspaceId: string, sceneId: string, input: SceneInput): Promise<Scene>;
  /** removes the scene and its tags; ResourceNotFoundException when missing */
  delete(workspaceId: string, sceneId: string): Promise<void>;
}
