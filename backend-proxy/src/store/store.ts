import { AlarmStore } from './alarms';
import { ComponentTypeStore } from './component-types';
import { EntityStore } from './entities';
import { GraphStore } from './graph';
import { KeyStore } from '../auth/keys';
import { PageTokens } from '../pagination';
import { SceneStore } from './scenes';
import { TagStore } from './tags';
import { ValueStore } from './values';
import { WorkspaceStore } from './workspaces';

/**
 * The storage behind the service, one sub-store per resource. Every method is one
 * transaction: it either applies completely or, on any error, leaves nothing behind.
 * Implementations: sqlite/ (embedded default).
 */
export interface Store {
  readonly workspaces: WorkspaceStore;
  readonly componentTypes: ComponentTypeStore;
  readonly entities: EntityStore;
  readonly keys: KeyStore;
  readonly scenes: SceneStore;
  readonly tags: TagStore;
  readonly graph: GraphStore;
  readonly values: ValueStore;
  readonly alarms: AlarmStore;
  /** signs and checks the nextTokens of this store's pages (the key lives with the data) */
  readonly tokens: PageTokens;
  close(): Promise<void>;
}
