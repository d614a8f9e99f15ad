import type { Database } from 'better-sqlite3';

/**
 * better-sqlite3 cannot interrupt a running statement, so every graph-query statement calls
 * TICK_FUNCTION once per candidate row (the planner puts it in the WHERE of the match and of
 * each recursive step); past the deadline the function throws, which aborts the statement.
 */

/** The SQL function the planner calls per candidate row. */
export const TICK_FUNCTION = 'doppel_query_tick';

/** What the tick throws past the deadline; a statement failing with it timed out. */
export const TIMEOUT_MARK = 'DOPPEL_QUERY_TIMEOUT';

/** Registers the deadline check on a connection; `deadline()` is read every 256 ticks (epoch ms). */
export function registerTick(db: Database, deadline: () => number): void {
  let ticks = 0;
  db.function(TICK_FUNCTION, { varargs: true, deterministic: false }, () => {
    if ((++ticks & 255) === 0 && Date.now() > deadline()) throw new Error(TIMEOUT_MARK);
    return 1;
  });
}

/** Whether a statement's error is the tick's timeout. */
export const isTimeout = (e: unknown) => String((e as Error | undefined)?.message).includes(TIMEOUT_MARK);
