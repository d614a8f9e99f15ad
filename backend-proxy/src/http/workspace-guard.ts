import { workspaceNotFound } from '../errors';
import { Store } from '../store/store';
import { Workspace } from '../store/workspaces';

/**
 * Whether the workspace a request names exists, checked once per request by the auth hook for
 * every route with `read`/`write` access: past it, handlers and stores take the workspace as given.
 * `known`: the answer the key's read already gave (PostgreSQL reads both in one statement).
 */
export async function requireWorkspaceExists(store: Store, workspaceId: string, known?: boolean): Promise<void> {
  if (!(known ?? (await store.workspaces.exists(workspaceId)))) throw workspaceNotFound(workspaceId);
}

/** The workspace a request names, or the ResourceNotFoundException TwinMaker answers (GetWorkspace). */
export async function requireWorkspace(store: Store, workspaceId: string): Promise<Workspace> {
  const ws = await store.workspaces.get(workspaceId);
  if (!ws) throw workspaceNotFound(workspaceId);
  return ws;
}
