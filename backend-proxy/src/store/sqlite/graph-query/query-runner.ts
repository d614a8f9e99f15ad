import { Worker } from 'node:worker_threads';
import { queryTimeout } from '../../../errors';
import { moduleWorker } from '../../../threads/module-worker';
import type { PackedRows } from '../../graph';
import { Db } from '../database';
import { isTimeout, registerTick } from './deadline';
import type { DocumentsQuery, PageJob, Params } from '../../graph-sql/graph-page';
import { createPageReader } from './page-reader';
import type { QueryWorkerData, QueryWorkerReply, QueryWorkerRequest } from './query-worker';

/**
 * Runs graph-query SQL off the event loop. Each statement checks its deadline per candidate
 * row (deadline.ts) and fails past it (→ QueryTimeoutException). Queries run in worker
 * threads (query-worker.ts) with their own read-only connection (WAL lets them read while the
 * service writes), so a long query never stalls other requests; a worker that does not answer
 * shortly after the deadline is terminated and replaced. In-memory databases cannot be
 * shared, so they run inline.
 */

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

export class GraphQueryRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private inlineDeadline = Infinity;
  private readonly readInline: (job: PageJob) => PackedRows;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly poolSize = 2,
    /** how long past its deadline a worker may take to report the timeout itself */
    private readonly graceMs = 1000,
  ) {
    registerTick(db, () => this.inlineDeadline);
    this.readInline = createPageReader(db);
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

  private runInline(
    sql: string,
    params: Params,
    cells: number[],
    documents: DocumentsQuery,
    timeoutMs: number,
  ): PackedRows {
    this.inlineDeadline = Date.now() + timeoutMs;
    try {
      return this.readInline({ sql, params, cells, documents });
    } catch (e) {
      if (isTimeout(e)) throw queryTimeout(timeoutMs);
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
      slot.worker.postMessage({
        id,
        sql,
        params,
        cells,
        documents,
        timeoutMs: remaining,
      } satisfies QueryWorkerRequest);
    }
  }

  private spawn(): Slot {
    const worker = moduleWorker(__dirname, 'query-worker', {
      workerData: { file: this.db.name } satisfies QueryWorkerData,
    });
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (m: QueryWorkerReply) => {
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
