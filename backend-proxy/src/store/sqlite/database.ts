import Database from './driver';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the service database in WAL mode with foreign keys on, and
 * applies pending migrations in one transaction each. `user_version` counts applied ones.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the
  // last commits), which is the failure our durability test models.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > migrations.length) {
    throw new Error(
      `database schema version ${applied} is newer than this service knows (${migrations.length}); upgrade the service`,
    );
  }
  for (let version = applied; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** A service-wide setting, created by `make` the first time it is asked for. */
export function serviceSetting(db: Db, name: string, make: () => string): string {
  const row = db.prepare('SELECT value FROM service_settings WHERE name = ?').get(name) as
    { value: string } | undefined;
  if (row) return row.value;
  const value = make();
  db.prepare('INSERT INTO service_settings (name, value) VALUES (?, ?)').run(name, value);
  return value;
}
