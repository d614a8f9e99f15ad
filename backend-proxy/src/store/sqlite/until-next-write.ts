import type { Statement } from 'better-sqlite3';
import { Db } from './database';

/**
 * Answers read on a connection, kept until that connection next writes anything. A table read
 * outside a transaction takes and drops SQLite's WAL read lock (two fcntl calls and an fstat,
 * ~14 µs on our 2-core machine), several times a request; `total_changes()` touches no table,
 * so it takes no lock, and it moves with every row this connection inserts, updates or deletes,
 * triggers and rolled-back writes included. So an answer is dropped by any write, whichever
 * store method made it.
 *
 * Only for data that this connection alone writes: the service's main connection holds the
 * knowledge graph, workspaces and access keys (the value writer's connection writes values and
 * alarm state only), and a SQLite data dir belongs to one service process. Misses (undefined)
 * are not kept, so unknown keys cannot fill the cache. Inside a transaction nothing is kept or
 * served: it may hold writes that roll back. A full cache starts over rather than track use (a
 * hit is one Map lookup; recency bookkeeping cost more than the lookup on every hit).
 */
export class UntilNextWrite<K, V> {
  private readonly entries = new Map<K, V>();
  private readonly totalChanges: Statement<[], number>;
  private seenChanges = -1;

  constructor(
    private readonly db: Db,
    private readonly capacity: number,
  ) {
    this.totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  }

  /** The kept answer for `key`, or `load`'s, kept (frozen: every caller shares it) when defined. */
  get(key: K, load: (key: K) => V | undefined): V | undefined {
    if (this.db.inTransaction) return load(key);
    const changes = this.totalChanges.get()!;
    if (changes !== this.seenChanges) {
      this.entries.clear();
      this.seenChanges = changes;
    }
    let value = this.entries.get(key);
    if (value === undefined) {
      value = load(key);
      if (value !== undefined) {
        if (this.entries.size >= this.capacity) this.entries.clear();
        this.entries.set(key, deepFreeze(value));
      }
    }
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
