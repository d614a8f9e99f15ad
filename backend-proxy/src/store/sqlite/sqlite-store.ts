import crypto from 'node:crypto';
import path from 'node:path';
import { ArnContext } from '../../arn';
import { PageTokens } from '../../pagination';
import { StoreContext } from '../context';
import { Store } from '../store';
import { SqliteAlarmStore } from './alarms';
import { Db, openDatabase, serviceSetting } from './database';
import { seedMissingBuiltInComponentTypes, SqliteComponentTypeStore } from './component-types';
import { SqliteEntityStore } from './entities';
import { SqliteGraphStore } from './graph';
import { SqliteKeyStore } from './keys';
import { SqliteSceneStore } from './scenes';
import { SqliteTagStore } from './tags';
import { SqliteValueStore } from './values';
import { SqliteWorkspaceStore } from './workspaces';

/** The embedded store: one SQLite file, `doppel.db`, in the data dir. */
export class SqliteStore implements Store {
  readonly workspaces: SqliteWorkspaceStore;
  readonly componentTypes: SqliteComponentTypeStore;
  readonly entities: SqliteEntityStore;
  readonly keys: SqliteKeyStore;
  readonly scenes: SqliteSceneStore;
  readonly tags: SqliteTagStore;
  readonly graph: SqliteGraphStore;
  readonly values: SqliteValueStore;
  readonly alarms: SqliteAlarmStore;
  readonly ctx: StoreContext;
  readonly tokens: PageTokens;

  constructor(
    readonly db: Db,
    arn: ArnContext,
  ) {
    const tokenKey = serviceSetting(db, 'page-token-key', () => crypto.randomBytes(32).toString('base64'));
    this.tokens = new PageTokens(tokenKey);
    this.ctx = { ...arn, now: () => Date.now() / 1000 };
    seedMissingBuiltInComponentTypes(db, this.ctx);
    this.workspaces = new SqliteWorkspaceStore(db, this.ctx);
    this.componentTypes = new SqliteComponentTypeStore(db, this.ctx);
    this.entities = new SqliteEntityStore(db, this.ctx);
    this.keys = new SqliteKeyStore(db, this.ctx);
    this.scenes = new SqliteSceneStore(db, this.ctx);
    this.tags = new SqliteTagStore(db, this.ctx);
    this.graph = new SqliteGraphStore(db);
    this.values = new SqliteValueStore(db);
    this.alarms = new SqliteAlarmStore(db, this.values);
  }

  static open(dataDir: string, arn: ArnContext): SqliteStore {
    return new SqliteStore(openDatabase(path.join(dataDir, 'doppel.db')), arn);
  }

  async close(): Promise<void> {
    this.alarms.close();
    await this.graph.close();
    await this.values.close();
    if (this.db.open) this.db.close();
  }
}
