import { notFound } from '../errors';
import { Store } from '../store/store';
import { Workspace } from '../store/workspaces';

/** The workspace a request names, or the ResourceNotFoundException TwinMaker answers. */
export async function requireWorkspace(store: Store, workspaceId: string): Promise<Workspace> {
  const ws = await store.workspaces.get(workspaceId);
  if (!ws) throw notFound(`Workspace ${workspaceId} not found`);
  return ws;
}
