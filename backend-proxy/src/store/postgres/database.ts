import pg from 'pg';
import { migrations } from './migrations';
import { adoptTimescaleDb, ValueTableLayout } from './values/timescaledb';

/** What a statement runs on: the pool (one statement, autocommit) or a transaction's client. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/** The advisory lock key migrations run under ('doppel' in ASCII): one replica migrates, the others wait. */
const MIGRATION_LOCK = 0x646f7070656c;
/**
 * Knowledge-graph writes run one at a time across every replica, as SQLite runs its writers: a
 * check (does the entity exist?) and the write it guards then see the same graph.
 */
const GRAPH_WRITE_LOCK = 0x646f7070656d;

/**
 * int8 (counts, seq) as a JS number: this store never reads a nanosecond time as one number
 * (SQL splits it into ms and ns), so every int8 it selects fits in 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export interface PgOpenOptions {
  /** move values onto TimescaleDB when the server offers it (default true) */
  timescaleDb?: boolean;
}

export class PgDb {
  /** Where values are stored, settled by the migration step (TimescaleDB when the server has it). */
  valueLayout: ValueTableLayout = { kind: 'partitions', why: 'not migrated yet' };

  constructor(
    readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  static async open(url: string, options: PgOpenOptions = {}): Promise<PgDb> {
    const pool = new pg.Pool({ connectionString: url, max: 10, types });
    // an idle client that loses its server must not crash the process; the next query reconnects
    pool.on('error', () => undefined);
    const db = new PgDb(pool, url);
    try {
      await migrate(db, options);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return db;
  }

  async query<R extends pg.QueryResultRow = any>(sql: string, params?: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** A knowledge-graph write: one transaction, serialized with every other graph write (see GRAPH_WRITE_LOCK). */
  graphWrite<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [GRAPH_WRITE_LOCK]);
      return fn(q);
    });
  }

  /**
   * LISTENs on `channel` on a connection of its own (a pooled one would be handed to queries)
   * and hands each payload to `onPayload`, in the order PostgreSQL delivers them: commit order.
   * Returns the function that stops listening.
   */
  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: this.url, types });
    client.on('error', () => undefined);
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    return () => client.end();
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Rows of a statement run on `q`. */
export async function rows<R extends pg.QueryResultRow = any>(
  q: Queryable,
  sql: string,
  params?: unknown[],
): Promise<R[]> {
  return (await q.query<R>(sql, params)).rows;
}

/** The first row of a statement, undefined when none. */
export async function row<R extends pg.QueryResultRow = any>(
  q: Queryable,
  sql: string,
  params?: unknown[],
): Promise<R | undefined> {
  return (await q.query<R>(sql, params)).rows[0];
}

/**
 * Applies pending migrations, each in its own transaction, under a session advisory lock:
 * replicas starting together queue on the lock, and each finds the schema the first applied.
 */
export async function migrate(db: PgDb, options: PgOpenOptions = {}): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const current = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const applied = current.rows[0]?.version ?? 0;
    if (current.rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    if (applied > migrations.length) {
      throw new Error(
        `database schema version ${applied} is newer than this service knows (${migrations.length}); upgrade the service`,
      );
    }
    for (let version = applied; version < migrations.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(migrations[version]!);
        await client.query('UPDATE schema_version SET version = $1', [version + 1]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    }
    db.valueLayout = await adoptTimescaleDb(client, { convert: options.timescaleDb !== false });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** A service-wide setting, created by `make` the first time any replica asks for it. */
export async function serviceSetting(db: PgDb, name: string, make: () => string): Promise<string> {
  await db.query('INSERT INTO service_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    name,
    make(),
  ]);
  const [found] = await db.query<{ value: string }>('SELECT value FROM service_settings WHERE name = $1', [name]);
  return found!.value;
}
