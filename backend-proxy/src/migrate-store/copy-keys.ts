import Database from '../store/sqlite/driver';
import { Queryable } from '../store/postgres/database';
import { CopyProgress } from './copy-graph';
import { insertRows } from './pg-rows';

type KeyRow = {
  access_key_id: string;
  secret: string;
  is_admin: number;
  description: string | null;
  creation_time: number;
  revoked_time: number | null;
};

/**
 * Copies the access keys that reach the copied workspaces (scoped to one of them, or admin),
 * with all their scopes and their revocation, so clients keep their credentials on the new
 * store. A key id the target already holds is left as it is there. Returns the copied keys' ids.
 */
export async function copyAccessKeys(
  source: Database.Database,
  q: Queryable,
  workspaceIds: readonly string[],
  progress: CopyProgress,
): Promise<string[]> {
  const marks = workspaceIds.map(() => '?').join(', ');
  const keys = source
    .prepare(
      `SELECT * FROM access_keys WHERE is_admin = 1
         OR access_key_id IN (SELECT access_key_id FROM access_key_scopes WHERE workspace_id IN (${marks}))
       ORDER BY access_key_id`,
    )
    .all(...workspaceIds) as KeyRow[];
  const present = new Set(
    (
      await q.query<{ access_key_id: string }>('SELECT access_key_id FROM access_keys WHERE access_key_id = ANY($1)', [
        keys.map((k) => k.access_key_id),
      ])
    ).rows.map((r) => r.access_key_id),
  );
  const missing = keys.filter((k) => !present.has(k.access_key_id));
  await insertRows(
    q,
    'access_keys',
    [
      { name: 'access_key_id', type: 'text' },
      { name: 'secret', type: 'text' },
      { name: 'is_admin', type: 'bool' },
      { name: 'description', type: 'text' },
      { name: 'creation_time', type: 'float8' },
      { name: 'revoked_time', type: 'float8' },
    ],
    missing.map((k) => [k.access_key_id, k.secret, k.is_admin === 1, k.description, k.creation_time, k.revoked_time]),
  );
  const scopes = missing.flatMap(
    (k) =>
      source
        .prepare('SELECT workspace_id, role FROM access_key_scopes WHERE access_key_id = ? ORDER BY workspace_id')
        .all(k.access_key_id)
        .map((s) => [
          k.access_key_id,
          (s as { workspace_id: string }).workspace_id,
          (s as { role: string }).role,
        ]) as unknown[][],
  );
  await insertRows(
    q,
    'access_key_scopes',
    [
      { name: 'access_key_id', type: 'text' },
      { name: 'workspace_id', type: 'text' },
      { name: 'role', type: 'text' },
    ],
    scopes,
  );
  progress('access keys', missing.length);
  return keys.map((k) => k.access_key_id);
}
