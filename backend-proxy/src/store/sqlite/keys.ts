import crypto from 'node:crypto';
import { Role } from '../../auth/caller';
import { AccessKey, KeyStore, NewAccessKey } from '../../auth/keys';
import { accessKeyExists, accessKeyNotFound } from '../../errors';
import { StoreContext } from '../context';
import type { Statement } from 'better-sqlite3';
import { Db } from './database';
import { UntilNextWrite } from './until-next-write';

interface KeyRow {
  access_key_id: string;
  secret: string;
  is_admin: number;
  description: string | null;
  creation_time: number;
  revoked_time: number | null;
}

type ActiveKey = AccessKey & { secretAccessKey: string };

const newKeyId = () => `DPL${crypto.randomBytes(10).toString('hex').toUpperCase()}`;
const newSecret = () => crypto.randomBytes(30).toString('base64url');

export class SqliteKeyStore implements KeyStore {
  // Every authenticated request looks its key up: compile these once, not per request.
  private readonly selectKey: Statement<[string], KeyRow>;
  private readonly selectScopes: Statement<[string], { workspace_id: string; role: Role }>;
  /** active keys as read, until a write (a revocation, a workspace's scopes deleted with it …) */
  private readonly active: UntilNextWrite<string, Readonly<ActiveKey>>;

  constructor(
    private readonly db: Db,
    private readonly ctx: StoreContext,
  ) {
    this.selectKey = db.prepare('SELECT * FROM access_keys WHERE access_key_id = ?');
    this.selectScopes = db.prepare(
      'SELECT workspace_id, role FROM access_key_scopes WHERE access_key_id = ? ORDER BY workspace_id',
    );
    this.active = new UntilNextWrite(db, 1000);
  }

  async create(input: NewAccessKey) {
    return this.db.transaction(() => {
      const accessKeyId = input.accessKeyId ?? newKeyId();
      const secret = input.secret ?? newSecret();
      if (this.row(accessKeyId)) throw accessKeyExists(accessKeyId);
      this.db
        .prepare(
          'INSERT INTO access_keys (access_key_id, secret, is_admin, description, creation_time) VALUES (?, ?, ?, ?, ?)',
        )
        .run(accessKeyId, secret, input.isAdmin ? 1 : 0, input.description ?? null, this.ctx.now());
      const scope = this.db.prepare(
        'INSERT INTO access_key_scopes (access_key_id, workspace_id, role) VALUES (?, ?, ?)',
      );
      for (const w of input.workspaces ?? []) scope.run(accessKeyId, w.workspaceId, w.role);
      return { ...this.toKey(this.row(accessKeyId)!), secretAccessKey: secret };
    })();
  }

  async findActive(accessKeyId: string): Promise<Readonly<ActiveKey> | undefined> {
    return this.active.get(accessKeyId, (id) => {
      const row = this.row(id);
      if (!row || row.revoked_time !== null) return undefined;
      return { ...this.toKey(row), secretAccessKey: row.secret };
    });
  }

  async list(): Promise<AccessKey[]> {
    const rows = this.db.prepare('SELECT * FROM access_keys ORDER BY creation_time, access_key_id').all() as KeyRow[];
    return rows.map((r) => this.toKey(r));
  }

  async revoke(accessKeyId: string): Promise<void> {
    const row = this.row(accessKeyId);
    if (!row) throw accessKeyNotFound(accessKeyId);
    this.db.prepare('UPDATE access_keys SET revoked_time = ? WHERE access_key_id = ?').run(this.ctx.now(), accessKeyId);
  }

  async ensureAdmin(accessKeyId: string, secret: string): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO access_keys (access_key_id, secret, is_admin, description, creation_time) VALUES (?, ?, 1, ?, ?) ' +
          'ON CONFLICT (access_key_id) DO UPDATE SET secret = excluded.secret, is_admin = 1, revoked_time = NULL',
      )
      .run(accessKeyId, secret, 'bootstrap admin', this.ctx.now());
  }

  private row(accessKeyId: string): KeyRow | undefined {
    return this.selectKey.get(accessKeyId);
  }

  private toKey(row: KeyRow): AccessKey {
    const scopes = this.selectScopes.all(row.access_key_id);
    return {
      accessKeyId: row.access_key_id,
      isAdmin: row.is_admin === 1,
      ...(row.description !== null && { description: row.description }),
      workspaces: scopes.map((s) => ({ workspaceId: s.workspace_id, role: s.role })),
      creationDateTime: row.creation_time,
      ...(row.revoked_time !== null && { revokedDateTime: row.revoked_time }),
    };
  }
}
