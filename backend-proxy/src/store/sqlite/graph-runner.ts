import type { Statement } from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { queryTimeout } from '../../errors';
import { TICK_FUNCTION } from '../../graph-query/planner';
import { Db } from './database';
import type { PackedRows } from '../graph';
import { LruCache } from './lru-cache';
import { assembleRows, documentKeys } from './page-rows';

/**
 * Runs graph-query SQL off the event loop. better-sqlite3 cannot interrupt a statement, so
 * each statement calls TICK_FUNCTION per candidate row; past the deadline it throws, which
 * aborts the statement (→ QueryTimeoutException). Queries run in worker threads with their
 * own read-only connection (WAL lets them read while the service writes), so a long query
 * never stalls other requests; a worker that does not answer shortly after the deadline is
 * terminated and replaced. In-memory databases cannot be shared, so they run inline.
 */

type Params = Record<string, string | number | null>;

/** The statement that renders the documents a page's rows name, and its params besides the keys. */
export interface DocumentsQuery {
  sql: string;
  params: Params;
}

const TIMEOUT_MARK = 'DOPPEL_QUERY_TIMEOUT';

/** Prepared statements kept per connection, by SQL text: a plan's text repeats across its pages and literals (they are parameters). */
const STATEMENT_CACHE_SIZE = 256;

// plain JavaScript, so it runs the same under ts-node, jest and the built dist/ (documentKeys
// and assembleRows are plain functions, so their compiled source runs there as it is)
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
let deadline = Infinity;
let ticks = 0;
db.function(workerData.tick, { varargs: true, deterministic: false }, () => {
  if ((++ticks & 255) === 0 && Date.now() > deadline) throw new Error('${TIMEOUT_MARK}');
  return 1;
});
${documentKeys.toString()}
${assembleRows.toString()}
// least recently used first (as LruCache does: a Map iterates in insertion order)
const statements = new Map();
const prepared = (sql) => {
  let stmt = statements.get(sql);
  if (stmt) statements.delete(sql);
  else stmt = db.prepare(sql).raw(true);
  statements.set(sql, stmt);
  if (statements.size > ${STATEMENT_CACHE_SIZE}) statements.delete(statements.keys().next().value);
  return stmt;
};
parentPort.on('message', ({ id, sql, params, cells, documents, timeoutMs }) => {
  deadline = Date.now() + timeoutMs;
  ticks = 0;
  try {
    const found = prepared(sql).all(params);
    const keys = documentKeys(found, cells);
    const rows = assembleRows(found, cells, keys ? prepared(documents.sql).all({ ...documents.params, ...keys }) : []);
    parentPort.postMessage({ id, rows }, [rows.bytes.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message), timeout: String(e && e.message).includes('${TIMEOUT_MARK}') });
  }
});
`;

interface Job {
  id: number;
  sql: string;
  params: Params;
  cells: number[];
  documents: DocumentsQuery;
  timeoutMs: number;
  /** the deadline counts from the request, so time spent queued behind other queries counts too */
  deadline: number;
  resolve(rows: PackedRows): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/** Registers the deadline check on a connection (for inline runs and benchmarks). */
export function registerTick(db: Db, deadline: () => number): void {
  let ticks = 0;
  db.function(TICK_FUNCTION, { varargs: true, deterministic: false }, () => {
    if ((++ticks & 255) === 0 && Date.now() > deadline()) throw new Error(TIMEOUT_MARK);
    return 1;
  });
}

export class GraphQueryRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private inlineDeadline = Infinity;
  private readonly inlineStatements = new LruCache<string, Statement>(STATEMENT_CACHE_SIZE);
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly poolSize = 2,
    /** how long past its deadline a worker may take to report the timeout itself */
    private readonly graceMs = 1000,
  ) {
    registerTick(db, () => this.inlineDeadline);
  }

  /**
   * A page: the rows of `sql`, then the documents their NODE and EDGE cells name, put
   * together and packed (see page-rows.ts); or QueryTimeoutException once `timeoutMs` have passed.
   */
  run(sql: string, params: Params, cells: number[], documents: DocumentsQuery, timeoutMs: number): Promise<PackedRows> {
    if (this.db.memory) return Promise.resolve(this.runInline(sql, params, cells, documents, timeoutMs));
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      this.queue.push({ id: this.nextId++, sql, params, cells, documents, timeoutMs, deadline, resolve, reject });
      this.dispatch();
    });
  }

  private prepareInline(sql: string): Statement {
    let stmt = this.inlineStatements.get(sql);
    if (!stmt) this.inlineStatements.set(sql, (stmt = this.db.prepare(sql).raw(true)));
    return stmt;
  }

  private runInline(
    sql: string,
    params: Params,
    cells: number[],
    documents: DocumentsQuery,
    timeoutMs: number,
  ): PackedRows {
    this.inlineDeadline = Date.now() + timeoutMs;
    try {
      const found = this.prepareInline(sql).all(params) as unknown[][];
      const keys = documentKeys(found, cells);
      const named = keys
        ? (this.prepareInline(documents.sql).all({ ...documents.params, ...keys }) as unknown[][])
        : [];
      return assembleRows(found, cells, named);
    } catch (e) {
      if (String((e as Error).message).includes(TIMEOUT_MARK)) throw queryTimeout(timeoutMs);
      throw e;
    } finally {
      this.inlineDeadline = Infinity;
    }
  }

  private dispatch() {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.poolSize) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      const remaining = job.deadline - Date.now();
      if (remaining <= 0) {
        job.reject(queryTimeout(job.timeoutMs));
        continue;
      }
      slot.job = job;
      slot.timer = setTimeout(() => this.abandon(slot!), remaining + this.graceMs);
      const { id, sql, params, cells, documents } = job;
      slot.worker.postMessage({ id, sql, params, cells, documents, timeoutMs: remaining });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.db.name, driver: require.resolve('better-sqlite3'), tick: TICK_FUNCTION },
    });
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (m: { id: number; rows?: PackedRows; error?: string; timeout?: boolean }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      this.finish(slot);
      if (m.rows) job.resolve(m.rows);
      else if (m.timeout) job.reject(queryTimeout(job.timeoutMs));
      else job.reject(new Error(`graph query failed: ${m.error}`));
      this.dispatch();
    });
    worker.on('error', (e) => this.replace(slot, e));
    worker.on('exit', () => this.replace(slot, new Error('graph query worker exited')));
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot) {
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
  }

  /** The worker did not report back in time: answer the timeout now and drop the worker. */
  private abandon(slot: Slot) {
    const job = slot.job;
    this.replace(slot, queryTimeout(job?.timeoutMs ?? 0));
  }

  private replace(slot: Slot, error: Error) {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const job = slot.job;
    this.finish(slot);
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    job?.reject(error);
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the store is closing'));
    await Promise.all(
      this.slots.splice(0).map((s) => {
        s.worker.removeAllListeners('exit');
        s.job?.reject(new Error('the store is closing'));
        this.finish(s);
        return s.worker.terminate();
      }),
    );
  }
}
