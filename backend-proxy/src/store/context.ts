import { ArnContext } from '../arn';
import { PageTokens } from '../pagination';

/** What every store module needs besides its database: ARN parts, page tokens and the clock. */
export interface StoreContext extends ArnContext {
  tokens: PageTokens;
  /** epoch seconds with millisecond precision */
  now(): number;
}

/** Which workspaces a caller may see: every one (admin) or the listed ones. */
export type WorkspaceScope = { all: true } | { all: false; workspaceIds: ReadonlySet<string> };

export const allWorkspaces: WorkspaceScope = { all: true };

export function inScope(scope: WorkspaceScope, workspaceId: string): boolean {
  return scope.all || scope.workspaceIds.has(workspaceId);
}
