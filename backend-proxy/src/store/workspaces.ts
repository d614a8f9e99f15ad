import { WorkspaceScope } from './context';

export interface WorkspaceInput {
  description?: string;
  s3Location?: string;
  role?: string;
}

export interface Workspace {
  workspaceId: string;
  arn: string;
  description?: string;
  s3Location?: string;
  role?: string;
  linkedServices: string[];
  creationDateTime: number;
  updateDateTime: number;
}

export type WorkspaceSummary = Omit<Workspace, 's3Location' | 'role'>;

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Workspaces: the security boundary and the root of every other resource. */
export interface WorkspaceStore {
  create(workspaceId: string, input: WorkspaceInput, tags?: Record<string, string>): Promise<Workspace>;
  /** whether the workspace exists (the request guard's one check) */
  exists(workspaceId: string): Promise<boolean>;
  /** undefined when there is no such workspace */
  get(workspaceId: string): Promise<Workspace | undefined>;
  list(scope: WorkspaceScope, maxResults: number, nextToken?: string): Promise<Page<WorkspaceSummary>>;
  update(workspaceId: string, input: WorkspaceInput): Promise<Workspace>;
  /** refuses (ValidationException) while the workspace still holds entities, component types or scenes */
  delete(workspaceId: string): Promise<void>;
}
