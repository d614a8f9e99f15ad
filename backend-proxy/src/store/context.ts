import { ArnContext } from '../arn';

/**
 * What every store module needs besides its database: ARN parts and the clock. No page tokens:
 * stores take and return cursors, and the routes sign them (Store.tokens).
 */
export interface StoreContext extends ArnContext {
  /** epoch seconds with millisecond precision */
  now(): number;
}

/** Which workspaces a caller may see: every one (admin) or the listed ones. */
export type WorkspaceScope = { all: true } | { all: false; workspaceIds: ReadonlySet<string> };

export const allWorkspaces: WorkspaceScope = { all: true };

export function inScope(scope: WorkspaceScope, workspaceId: string): boolean {
  return scope.all || scope.workspaceIds.has(workspaceId);
}
