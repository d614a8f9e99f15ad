import { Worker } from 'node:worker_threads';
import { moduleWorker } from '../../../threads/module-worker';
import { Db } from '../database';
import { createBatchWriter, WriteJob, WriteResult } from './batch-writer';
import type { WriterWorkerData } from './writer-worker';
import { decodeResult, encodeJob, WireResult } from './writer-wire';

export type { WriteJob, WriteResult } from './batch-writer';

interface Pending {
  job: WriteJob;
  resolve(result: WriteResult): void;
  reject(e: Error): void;
}

/**
 * Batches handed to the writer thread before the first is answered: with two, the next
 * transaction is already waiting when one commits, so the writer does not sit idle while
 * the main thread, busy with HTTP, gets round to answering and sending more.
 */
const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * Writes value batches off the event loop: a worker thread with its own connection runs the
 * transactions (WAL lets the service keep reading meanwhile), so HTTP parsing and SQLite
 * use both cores. Requests that arrive while transactions run are queued and go together
 * in the next one (group commit). A request is answered only after its transaction
 * committed; batches commit, and are answered, in the order they were sent. In-memory
 * databases cannot be shared, so they write inline.
 */
export class ValueWriter {
  private queue: Pending[] = [];
  /** batches sent to the worker, oldest first: its answers come back in this order */
  private inFlight: Pending[][] = [];
  private worker: Worker | undefined;
  private readonly inline: ((jobs: WriteJob[]) => WriteResult[]) | undefined;
  private idle: (() => void)[] = [];
  private closed = false;

  constructor(private readonly db: Db) {
    if (db.memory) this.inline = createBatchWriter(db);
  }

  write(job: WriteJob): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new Error('the store is closing'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      // on the next turn, so the requests parsed in this one go in the same batch
      if (this.queue.length === 1 && this.inFlight.length < MAX_BATCHES_IN_FLIGHT) setImmediate(() => this.pump());
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight.length < MAX_BATCHES_IN_FLIGHT) {
      const batch = this.queue;
      this.queue = [];
      if (this.inline) {
        let results: WriteResult[] | undefined;
        let error: Error | undefined;
        try {
          results = this.inline(batch.map((p) => p.job));
        } catch (e) {
          error = e as Error;
        }
        this.settle(batch, results, error);
        continue;
      }
      this.inFlight.push(batch);
      this.ensureWorker().postMessage(batch.map((p) => encodeJob(p.job)));
    }
    if (this.inFlight.length === 0 && this.queue.length === 0) this.idle.splice(0).forEach((f) => f());
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const workerData: WriterWorkerData = { file: this.db.name };
    const worker = moduleWorker(__dirname, 'writer-worker', { workerData });
    worker.on('message', (m: { results?: WireResult[]; error?: string }) => {
      const batch = this.inFlight.shift();
      if (!batch) return;
      const results = m.results?.map(decodeResult);
      this.settle(batch, results, m.error === undefined ? undefined : new Error(`value write failed: ${m.error}`));
      this.pump();
    });
    const lost = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      // not known to be committed: the requests fail, clients retry (writes are idempotent)
      for (const batch of this.inFlight.splice(0)) this.settle(batch, undefined, e);
      this.pump();
    };
    worker.on('error', lost);
    worker.on('exit', () => lost(new Error('value writer exited')));
    this.worker = worker;
    return worker;
  }

  private settle(batch: Pending[], results: WriteResult[] | undefined, error: Error | undefined): void {
    batch.forEach((p, i) => {
      const result = results?.[i];
      if (error || !result) p.reject(error ?? new Error('value write failed'));
      else p.resolve(result);
    });
  }

  /** Finishes queued writes, then stops the worker (its connection closes cleanly). */
  async close(): Promise<void> {
    if (this.inFlight.length > 0 || this.queue.length > 0)
      await new Promise<void>((resolve) => this.idle.push(resolve));
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage('close');
    });
  }
}
