import type { Database } from 'better-sqlite3';
import crypto from 'node:crypto';

/** A hash of every row of every table: equal digests = the store did not change. */
export function storeDigest(db: Database): string {
  const hash = crypto.createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    hash.update(`#${table}\n`);
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).raw().iterate()) {
      hash.update(
        JSON.stringify(row, (_k, v) =>
          typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('hex') : v,
        ),
      );
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
