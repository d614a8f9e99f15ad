import crypto from 'node:crypto';
import { Role } from '../../auth/caller';
import { AccessKey, ActiveKey, KeyStore, NewAccessKey } from '../../auth/keys';
import { accessKeyExists, accessKeyNotFound } from '../../errors';
import { StoreContext } from '../context';
import { PgDb, Queryable, row, rows } from './database';

interface KeyRow {
  access_key_id: string;
  secret: string;
  is_admin: boolean;
  description: string | null;
  creation_time: number;
  revoked_time: number | null;
}

const newKeyId = () => `DPL${crypto.randomBytes(10).toString('hex').toUpperCase()}`;
const newSecret = () => crypto.randomBytes(30).toString('base64url');

/**
 * Access keys in the shared database: a key created or revoked through one replica is what
 * every replica checks on its next request (no per-process cache).
 */
export class PgKeyStore implements KeyStore {
  constructor(
    private readonly db: PgDb,
    private readonly ctx: StoreContext,
  ) {}

  async create(input: NewAccessKey) {
    return this.db.graphWrite(async (q) => {
      const accessKeyId = input.accessKeyId ?? newKeyId();
      const secret = input.secret ?? newSecret();
      if (await this.row(q, accessKeyId)) throw accessKeyExists(accessKeyId);
      await q.query(
        'INSERT INTO access_keys (access_key_id, secret, is_admin, description, creation_time) VALUES ($1, $2, $3, $4, $5)',
        [accessKeyId, secret, input.isAdmin === true, input.description ?? null, this.ctx.now()],
      );
      for (const w of input.workspaces ?? []) {
        await q.query('INSERT INTO access_key_scopes (access_key_id, workspace_id, role) VALUES ($1, $2, $3)', [
          accessKeyId,
          w.workspaceId,
          w.role,
        ]);
      }
      return { ...(await this.toKey(q, (await this.row(q, accessKeyId))!)), secretAccessKey: secret };
    });
  }

  /**
   * Every request's check: the key, its scopes and whether the request's workspace exists in
   * one statement (one round trip to the server, not three).
   */
  async findActive(accessKeyId: string, workspaceId?: string): Promise<ActiveKey | undefined> {
    const found = await row<KeyRow & { scopes: { workspace_id: string; role: Role }[]; workspace_exists: boolean }>(
      this.db.pool,
      `SELECT k.*, coalesce((SELECT json_agg(json_build_object('workspace_id', s.workspace_id, 'role', s.role) ORDER BY s.workspace_id)
                            FROM access_key_scopes s WHERE s.access_key_id = k.access_key_id), '[]') AS scopes,
              EXISTS (SELECT 1 FROM workspaces w WHERE w.workspace_id = $2) AS workspace_exists
       FROM access_keys k WHERE k.access_key_id = $1 AND k.revoked_time IS NULL`,
      [accessKeyId, workspaceId ?? null],
    );
    if (!found) return undefined;
    return {
      ...keyOf(found, found.scopes),
      secretAccessKey: found.secret,
      ...(workspaceId !== undefined && { workspaceExists: found.workspace_exists }),
    };
  }

  async list(): Promise<AccessKey[]> {
    const found = await rows<KeyRow>(this.db.pool, 'SELECT * FROM access_keys ORDER BY creation_time, access_key_id');
    return Promise.all(found.map((r) => this.toKey(this.db.pool, r)));
  }

  async revoke(accessKeyId: string): Promise<void> {
    if (!(await this.row(this.db.pool, accessKeyId))) throw accessKeyNotFound(accessKeyId);
    await this.db.query('UPDATE access_keys SET revoked_time = $1 WHERE access_key_id = $2', [
      this.ctx.now(),
      accessKeyId,
    ]);
  }

  async ensureAdmin(accessKeyId: string, secret: string): Promise<void> {
    await this.db.query(
      `INSERT INTO access_keys (access_key_id, secret, is_admin, description, creation_time) VALUES ($1, $2, true, $3, $4)
       ON CONFLICT (access_key_id) DO UPDATE SET secret = excluded.secret, is_admin = true, revoked_time = NULL`,
      [accessKeyId, secret, 'bootstrap admin', this.ctx.now()],
    );
  }

  private row(q: Queryable, accessKeyId: string): Promise<KeyRow | undefined> {
    return row<KeyRow>(q, 'SELECT * FROM access_keys WHERE access_key_id = $1', [accessKeyId]);
  }

  private async toKey(q: Queryable, r: KeyRow): Promise<AccessKey> {
    const scopes = await rows<{ workspace_id: string; role: Role }>(
      q,
      'SELECT workspace_id, role FROM access_key_scopes WHERE access_key_id = $1 ORDER BY workspace_id',
      [r.access_key_id],
    );
    return keyOf(r, scopes);
  }
}

function keyOf(r: KeyRow, scopes: { workspace_id: string; role: Role }[]): AccessKey {
  return {
    accessKeyId: r.access_key_id,
    isAdmin: r.is_admin,
    ...(r.description !== null && { description: r.description }),
    workspaces: scopes.map((s) => ({ workspaceId: s.workspace_id, role: s.role })),
    creationDateTime: r.creation_time,
    ...(r.revoked_time !== null && { revokedDateTime: r.revoked_time }),
  };
}
