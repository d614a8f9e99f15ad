import { workspaceHoldsResources } from '../errors';
import { Store } from '../store/store';
import { bucketOf } from './buckets';
import { ResourceLibrary } from './library';

/**
 * DeleteWorkspace's resource rule: a workspace whose bucket holds resources is not deleted
 * (like one holding entities), unless another workspace shares that bucket and keeps them
 * reachable.
 */
export async function refuseWhileHoldingResources(
  app: { store: Store; resources: ResourceLibrary },
  workspaceId: string,
): Promise<void> {
  const workspace = await app.store.workspaces.get(workspaceId);
  if (!workspace) return; // the store answers the 404
  // scenes name their documents: while there are scenes, the store's answer (which counts them) comes first
  if ((await app.store.scenes.list(workspaceId, 1)).items.length) return;
  const bucket = bucketOf(workspace);
  if (await app.resources.store.isEmpty(bucket)) return;
  if (await sharedWithAnother(app.store, workspaceId, bucket)) return;
  throw workspaceHoldsResources(workspaceId, bucket);
}

async function sharedWithAnother(store: Store, workspaceId: string, bucket: string): Promise<boolean> {
  let after: string | undefined;
  do {
    const page = await store.workspaces.list({ all: true }, 250, after);
    for (const summary of page.items) {
      if (summary.workspaceId === workspaceId) continue;
      const other = await store.workspaces.get(summary.workspaceId);
      if (other && bucketOf(other) === bucket) return true;
    }
    after = page.next;
  } while (after !== undefined);
  return false;
}
