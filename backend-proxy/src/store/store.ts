import { KeyStore } from '../auth/keys';
import { WorkspaceStore } from './workspaces';

/**
 * The storage behind the service, one sub-store per resource. Every method is one
 * transaction: it either applies completely or, on any error, leaves nothing behind.
 * Implementations: sqlite/ (embedded default).
 */
export interface Store {
  readonly workspaces: WorkspaceStore;
  readonly keys: KeyStore;
  close(): Promise<void>;
}
