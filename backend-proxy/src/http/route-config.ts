import { Caller } from '../auth/caller';

/**
 * Every route names its TwinMaker operation (for metrics, logs and error messages) and the
 * access it needs; the auth hook reads this, so handlers never repeat authorization.
 * - `read`/`write`: the caller's key must hold that role on the workspace of the request
 *   (path param `workspaceId`, else body member `workspaceId`);
 * - `any`: any valid key (the handler scopes what it returns, e.g. ListWorkspaces);
 * - `admin`: admin keys only (key management);
 * - `public`: no credentials (health, metrics, OpenAPI);
 * - `self`: the route's plugin authenticates (the S3 endpoint: service `s3`, S3's error shape).
 */
export type Access = 'read' | 'write' | 'any' | 'admin' | 'public' | 'self';

declare module 'fastify' {
  interface FastifyContextConfig {
    operation?: string;
    access?: Access;
    /** the handler streams the request body itself (uploads); authentication must not wait for it */
    streamedBody?: boolean;
  }
  interface FastifyRequest {
    caller?: Caller;
    rawBody?: string;
    startedAt?: bigint;
  }
}

/** The caller of an authenticated route (set by the auth hook before any handler runs). */
export function callerOf(request: { caller?: Caller }): Caller {
  if (!request.caller) throw new Error('route is missing an access level: the auth hook did not run');
  return request.caller;
}
