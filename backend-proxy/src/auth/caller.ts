import { readOnlyKey, workspaceNotFound } from '../errors';
import { WorkspaceScope } from '../store/context';

export type Role = 'read' | 'write';

/** The authenticated key behind a request and what it may touch. */
export interface Caller {
  accessKeyId: string;
  isAdmin: boolean;
  /** workspace id → role, for scoped keys */
  workspaces: ReadonlyMap<string, Role>;
  /** what a SigV4-signed streaming upload needs to verify its chunk signature chain */
  streamingSeed?: StreamingSeed;
  /** whether the workspace the request names exists, when the key's read answered it too */
  workspaceExists?: boolean;
}

/** The seed of an aws-chunked signature chain: the request's own SigV4 signature and key. */
export interface StreamingSeed {
  signingKey: Uint8Array;
  /** the request's X-Amz-Date, e.g. 20261204T165000Z */
  amzDate: string;
  /** the credential scope, e.g. 20261204/us-east-1/s3/aws4_request */
  scope: string;
  /** the request's signature: the "previous signature" of the first chunk */
  seedSignature: string;
}

export function scopeOf(caller: Caller): WorkspaceScope {
  return caller.isAdmin ? { all: true } : { all: false, workspaceIds: new Set(caller.workspaces.keys()) };
}

/**
 * Checks that `caller` may act on `workspaceId` with `access`. A workspace outside the key's
 * scope answers exactly as a missing one would, so a key never learns another exists.
 */
export function authorize(caller: Caller, workspaceId: string, access: Role): void {
  if (caller.isAdmin) return;
  const role = caller.workspaces.get(workspaceId);
  if (!role) throw workspaceNotFound(workspaceId);
  if (access === 'write' && role !== 'write') {
    throw readOnlyKey(caller.accessKeyId, workspaceId);
  }
}
