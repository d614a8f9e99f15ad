import crypto from 'node:crypto';
import { ArnContext } from '../../arn';
import { AdminCredentials } from '../../bootstrap-credentials';
import { PageTokens } from '../../pagination';
import { StoreContext } from '../context';
import { Store } from '../store';
import { PgAlarmStore } from './alarms/alarm-store';
import { PgComponentTypeStore, seedMissingBuiltInComponentTypes } from './component-types';
import { PgDb, PgOpenOptions, serviceSetting } from './database';
import { PgEntityStore } from './entities';
import { PgKeyStore } from './keys';
import { PgSceneStore } from './scenes';
import { PgTagStore } from './tags';
import { PgGraphStore } from './graph';
import { PgValueStore } from './values';
import { PgWorkspaceStore } from './workspaces';

/**
 * The PostgreSQL store (`--store postgres`, DOPPEL_PG_URL): the same Store interface as the
 * embedded one, over a connection pool. Every replica of the service may open it on the same
 * database: nothing is cached across requests, and the page-token key lives in the database.
 */
export class PostgresStore implements Store {
  readonly workspaces: PgWorkspaceStore;
  readonly componentTypes: PgComponentTypeStore;
  readonly entities: PgEntityStore;
  readonly keys: PgKeyStore;
  readonly scenes: PgSceneStore;
  readonly tags: PgTagStore;
  readonly graph: PgGraphStore;
  readonly values: PgValueStore;
  readonly alarms: PgAlarmStore;

  private constructor(
    readonly db: PgDb,
    readonly ctx: StoreContext,
    readonly tokens: PageTokens,
  ) {
    this.workspaces = new PgWorkspaceStore(db, ctx);
    this.componentTypes = new PgComponentTypeStore(db, ctx);
    this.entities = new PgEntityStore(db, ctx);
    this.keys = new PgKeyStore(db, ctx);
    this.scenes = new PgSceneStore(db, ctx);
    this.tags = new PgTagStore(db, ctx);
    this.values = new PgValueStore(db);
    this.graph = new PgGraphStore(db);
    this.alarms = new PgAlarmStore(db, this.values);
  }

  static async open(url: string, arn: ArnContext, options: PgOpenOptions = {}): Promise<PostgresStore> {
    const db = await PgDb.open(url, options);
    try {
      const ctx: StoreContext = { ...arn, now: () => Date.now() / 1000 };
      const tokenKey = await serviceSetting(db, 'page-token-key', () => crypto.randomBytes(32).toString('base64'));
      await seedMissingBuiltInComponentTypes(db, ctx);
      const store = new PostgresStore(db, ctx, new PageTokens(tokenKey));
      await store.values.open();
      return store;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  /** The bootstrap admin credential every replica shares (`created` when none is stored yet). */
  async bootstrapAdmin(created: AdminCredentials): Promise<AdminCredentials> {
    const json = await serviceSetting(this.db, 'bootstrap-admin', () =>
      JSON.stringify({ accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey }),
    );
    return JSON.parse(json) as AdminCredentials;
  }

  async close(): Promise<void> {
    this.alarms.close();
    await this.values.close();
    await this.db.close();
  }
}
