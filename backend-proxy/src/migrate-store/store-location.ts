/** Where migrate-store reads or writes: a SQLite data dir or a PostgreSQL database. */
export type StoreLocation = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

/**
 * Parses `sqlite:DIR` (a service's data dir, holding doppel.db) or `postgres:URL` (the
 * DOPPEL_PG_URL of `serve --store postgres`; a bare postgres:// or postgresql:// URL works too).
 */
export function parseStoreLocation(option: string, text: string): StoreLocation {
  if (text.startsWith('sqlite:')) {
    const dataDir = text.slice('sqlite:'.length);
    if (dataDir) return { kind: 'sqlite', dataDir };
  } else if (text.startsWith('postgres:') && !text.startsWith('postgres://')) {
    const url = text.slice('postgres:'.length);
    if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  } else if (/^postgres(ql)?:\/\//.test(text)) {
    return { kind: 'postgres', url: text };
  }
  throw new Error(
    `${option} ${text}: give sqlite:DIR (a data dir holding doppel.db) or postgres:URL (e.g. postgres:postgres://user@host:5432/db)`,
  );
}

/** The location as the user may read it back (no password). */
export function describeLocation(location: StoreLocation): string {
  return location.kind === 'sqlite'
    ? `sqlite:${location.dataDir}`
    : `postgres:${location.url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@')}`;
}
