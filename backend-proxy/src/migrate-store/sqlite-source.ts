import Database from '../store/sqlite/driver';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../store/sqlite/migrations';

/**
 * Opens a service's SQLite store read-only (a running service may keep writing; this reads
 * one consistent snapshot per statement). Refuses a file of another schema version: the copy
 * reads its tables as the current migrations leave them.
 */
export function openSqliteSource(dataDir: string): Database.Database {
  const file = path.join(dataDir, 'doppel.db');
  if (!fs.existsSync(file))
    throw new Error(`--from sqlite:${dataDir}: no doppel.db there (give the service's data dir)`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== migrations.length) {
    db.close();
    throw new Error(
      version < migrations.length
        ? `--from sqlite:${dataDir}: its schema is version ${version}, this Doppel reads ${migrations.length}; start serve once on that data dir to upgrade it, then migrate`
        : `--from sqlite:${dataDir}: its schema (version ${version}) is newer than this Doppel's (${migrations.length}); migrate with the Doppel that wrote it`,
    );
  }
  return db;
}

/** The workspaces to copy: `wanted` (each must exist), or every workspace of the store. */
export function sourceWorkspaces(db: Database.Database, wanted: readonly string[]): string[] {
  const all = (db.prepare('SELECT workspace_id FROM workspaces ORDER BY workspace_id').pluck().all() as string[]) ?? [];
  if (wanted.length === 0) return all;
  const missing = wanted.filter((id) => !all.includes(id));
  if (missing.length > 0) {
    throw new Error(`the source holds no workspace ${missing.join(', ')} (it holds: ${all.join(', ') || 'none'})`);
  }
  return [...new Set(wanted)];
}
