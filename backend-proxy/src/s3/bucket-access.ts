import { Caller, scopeOf } from '../auth/caller';
import { bucketOf } from '../resources/buckets';
import { Store } from '../store/store';
import { S3Error } from './s3-errors';

export interface VisibleBucket {
  name: string;
  /** the earliest creation of a workspace naming it (S3's CreationDate) */
  created: number;
  /** the caller may write to it (through one of its workspaces) */
  writable: boolean;
}

/**
 * The buckets a caller reaches: those named (through `s3Location`) by the workspaces its key
 * may read, writable through a workspace it may write. Others do not exist for it.
 */
export async function visibleBuckets(store: Store, caller: Caller): Promise<Map<string, VisibleBucket>> {
  const buckets = new Map<string, VisibleBucket>();
  let after: string | undefined;
  do {
    const page = await store.workspaces.list(scopeOf(caller), 250, after);
    for (const summary of page.items) {
      const workspace = await store.workspaces.get(summary.workspaceId);
      if (!workspace) continue;
      const name = bucketOf(workspace);
      const writable = caller.isAdmin || caller.workspaces.get(workspace.workspaceId) === 'write';
      const seen = buckets.get(name);
      buckets.set(name, {
        name,
        created: Math.min(seen?.created ?? Infinity, workspace.creationDateTime),
        writable: writable || (seen?.writable ?? false),
      });
    }
    after = page.next;
  } while (after !== undefined);
  return buckets;
}

/** The bucket a request names, checked for `access`; NoSuchBucket when the caller cannot see it. */
export async function reachBucket(store: Store, caller: Caller, bucket: string, access: 'read' | 'write') {
  const found = (await visibleBuckets(store, caller)).get(bucket);
  if (!found)
    throw new S3Error(
      'NoSuchBucket',
      404,
      `The bucket ${bucket} does not exist (or no workspace of this key names it)`,
    );
  if (access === 'write' && !found.writable)
    throw new S3Error('AccessDenied', 403, `Access key ${caller.accessKeyId} may only read bucket ${bucket}`);
  return found;
}
