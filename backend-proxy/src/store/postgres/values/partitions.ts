import type { PgDb } from '../database';

/** Width of one partition of property_values: 30 days, in milliseconds of value time. */
export const PARTITION_MS = 30 * 86_400_000;
/** Creating partitions runs under this advisory lock, so replicas do not race on the catalog. */
const PARTITION_LOCK = 0x646f7070656e;

const nameOf = (index: number) => `property_values_${index < 0 ? 'n' : 'p'}${Math.abs(index)}`;

/**
 * The time partitions of property_values, created on demand: a write first makes sure a
 * partition covers each value's time (30-day ranges of epoch nanoseconds). Created outside the
 * write's transaction (a short one of its own), so a write never holds the catalog lock while
 * it inserts. Which partitions exist is remembered per process; another replica's are found by
 * `CREATE TABLE IF NOT EXISTS` under the lock.
 */
export class ValuePartitions {
  private readonly known = new Set<number>();
  /** On TimescaleDB property_values is a plain table (a hypertable) whose chunks make themselves. */
  private chunkedByTimescale = false;

  constructor(private readonly db: PgDb) {}

  async load(): Promise<void> {
    const table = await this.db.query<{ kind: string }>(
      `SELECT relkind AS kind FROM pg_class WHERE relname = 'property_values' AND relnamespace = current_schema()::regnamespace`,
    );
    this.chunkedByTimescale = table[0]?.kind === 'r';
    if (this.chunkedByTimescale) return;
    const found = await this.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = 'property_values' AND p.relnamespace = current_schema()::regnamespace`,
    );
    for (const { name } of found) {
      const m = /^property_values_([np])(\d+)$/.exec(name);
      if (m) this.known.add((m[1] === 'n' ? -1 : 1) * Number(m[2]));
    }
  }

  /** Makes sure a partition covers each of these times (epoch ms). */
  async ensure(ms: readonly number[]): Promise<void> {
    if (this.chunkedByTimescale) return;
    const missing = new Set<number>();
    for (const t of ms) {
      const index = Math.floor(t / PARTITION_MS);
      if (!this.known.has(index)) missing.add(index);
    }
    if (missing.size === 0) return;
    await this.db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      for (const index of missing) {
        const from = BigInt(index) * BigInt(PARTITION_MS) * 1_000_000n;
        const to = from + BigInt(PARTITION_MS) * 1_000_000n;
        await q.query(
          `CREATE TABLE IF NOT EXISTS ${nameOf(index)} PARTITION OF property_values FOR VALUES FROM (${from}) TO (${to})`,
        );
      }
    });
    for (const index of missing) this.known.add(index);
  }

  /** Forgets what is known (a partition another process detached makes a write fail once). */
  forget(): void {
    this.known.clear();
  }
}
