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

/**
 * One page of a list: its items and, when more follow, the cursor the next page starts after
 * (the route signs it into a nextToken; the store never sees tokens).
 */
export interface Page<T, C = string> {
  items: T[];
  next?: C;
}

/** Workspaces: the security boundary and the root of every other resource. */
export interface WorkspaceStore {
  create(workspaceId: string, input: WorkspaceInput, tags?: Record<string, string>): Promise<Workspace>;
  /** whether the workspace exists (the request guard's one check) */
  exists(workspaceId: string): Promise<boolean>;
  /** undefined when there is no such workspace */
  get(workspaceId: string): Promise<Workspace | undefined>;
  list(scope: WorkspaceScope, maxResults: number, after?: string): Promise<Page<WorkspaceSummary>>;
  update(workspaceId: string, input: WorkspaceInput): Promise<Workspace>;
  /** refuses (ValidationException) while the workspace still holds entities, component types or scenes */
  delete(workspaceId: string): Promise<void>;
}
