import { KeyStore } from '../auth/keys';
import { SceneStore } from './scenes';
import { TagStore } from './tags';
import { WorkspaceStore } from './workspaces';

/**
 * The storage behind the service, one sub-store per resource. Every method is one
 * transaction: it either applies completely or, on any error, leaves nothing behind.
 * Implementations: sqlite/ (embedded default).
 */
export interface Store {
  readonly workspaces: WorkspaceStore;
  readonly keys: KeyStore;
  readonly scenes: SceneStore;
  readonly tags: TagStore;
  close(): Promise<void>;
}
