import { Worker } from 'node:worker_threads';
import { Db } from '../database';

/** One request's rows, as parallel arrays; `newSeries` lists rows whose series may not exist yet. */
export interface WriteJob {
  workspaceId: string;
  seriesIds: number[];
  ms: number[];
  ns: number[];
  points: string[];
  /** [row index, entityId, componentName, propertyName] for rows with seriesIds[i] < 0 */
  newSeries: [number, string, string, string][];
}

export interface WriteResult {
  /** the job's own failure (nothing of it was written; the other jobs are committed) */
  error?: string;
  /** write sequence per row */
  seqs?: number[];
  /** row indexes in write (seq) order */
  order?: number[];
  /** series ids of the job's rows, including the ones created */
  seriesIds?: number[];
}

/**
 * Commit rows beyond the newest `kept` are collapsed into one: a replay from that far back
 * scans more of its series, but misses no point. Checked every `collapseEvery` transactions,
 * so finding the cut (a scan of `kept` rows) costs little per commit.
 */
export interface CommitRowLimits {
  kept: number;
  collapseEvery: number;
}

/**
 * Builds the batch writer over a connection. Self-contained plain JavaScript once compiled:
 * it runs in the writer worker from its source text (`toString`), and inline for in-memory
 * databases. One call = one transaction for all jobs. A job that fails rolls that
 * transaction back, and the jobs are then written again one transaction each, so only the
 * failing one is lost: savepoints per job would make SQLite copy every page a job touches
 * into a sub-journal on every call, for a failure that almost never happens. Within a job
 * rows go in key order, so each B-tree leaf is visited once per series (a stable sort: of
 * two values at the same time the later still wins). Each transaction also writes its
 * value_commits row (migration 004).
 */
export function createBatchWriter(
  db: any,
  commitRows: CommitRowLimits = { kept: 50_000, collapseEvery: 5_000 },
): (jobs: WriteJob[]) => WriteResult[] {
  const upsertSql = (n: number) =>
    'INSERT INTO property_values (series_id, time, point, seq) VALUES ' +
    Array(n).fill('(?, CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER), ?, ?)').join(', ') +
    ' ON CONFLICT (series_id, time) DO UPDATE SET point = excluded.point, seq = excluded.seq';
  const upsert = db.prepare(upsertSql(1));
  // ten rows per statement: crossing into SQLite once per ten values is measurably cheaper
  const upsert10 = db.prepare(upsertSql(10));
  const seriesInsert = db.prepare(
    'INSERT OR IGNORE INTO value_series (workspace_id, entity_id, component_name, property_name) VALUES (?, ?, ?, ?)',
  );
  const seriesSelect = db
    .prepare(
      'SELECT series_id FROM value_series WHERE workspace_id = ? AND entity_id = ? AND component_name = ? AND property_name = ?',
    )
    .pluck();
  // one value_commits row per transaction (see migration 004): the replay's cover of every
  // point, and where the seq continues after a restart
  const commitInsert = db.prepare(
    'INSERT INTO value_commits (last_seq, first_time) VALUES (?, CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER))',
  );
  const collapseCut = db.prepare('SELECT last_seq FROM value_commits ORDER BY last_seq DESC LIMIT 1 OFFSET ?').pluck();
  const collapseInto = db.prepare(
    'UPDATE value_commits SET first_time = (SELECT min(first_time) FROM value_commits WHERE last_seq <= ?) WHERE last_seq = ?',
  );
  const collapseDelete = db.prepare('DELETE FROM value_commits WHERE last_seq < ?');
  let commitsSinceCollapse = 0;
  let seq: number = db.prepare('SELECT max(last_seq) FROM value_commits').pluck().get() ?? 0;
  // the earliest time written by the running transaction, as [ms, ns past ms]
  let firstMs = Infinity;
  let firstNs = 0;

  const writeJob = (job: WriteJob): WriteResult => {
    const { seriesIds: s, ms, ns, points } = job;
    for (const [i, entityId, componentName, propertyName] of job.newSeries) {
      seriesInsert.run(job.workspaceId, entityId, componentName, propertyName);
      s[i] = seriesSelect.get(job.workspaceId, entityId, componentName, propertyName);
    }
    const count = s.length;
    const order = Array.from({ length: count }, (_, i) => i);
    order.sort((a, b) => s[a]! - s[b]! || ms[a]! - ms[b]! || ns[a]! - ns[b]! || a - b);
    for (let i = 0; i < count; i++) {
      if (ms[i]! < firstMs || (ms[i] === firstMs && ns[i]! < firstNs)) {
        firstMs = ms[i]!;
        firstNs = ns[i]!;
      }
    }
    const seqs = new Array<number>(count);
    const args: unknown[] = [];
    let k = 0;
    for (; k + 10 <= count; k += 10) {
      args.length = 0;
      for (let j = k; j < k + 10; j++) {
        const i = order[j]!;
        seqs[i] = ++seq;
        args.push(s[i], ms[i], ns[i], points[i], seqs[i]);
      }
      upsert10.run(args);
    }
    for (; k < count; k++) {
      const i = order[k]!;
      seqs[i] = ++seq;
      upsert.run(s[i], ms[i], ns[i], points[i], seqs[i]);
    }
    return { seqs, order, seriesIds: s };
  };
  const recordCommit = () => {
    if (firstMs === Infinity) return; // no rows, no seq taken
    commitInsert.run(seq, firstMs, firstNs);
    if (++commitsSinceCollapse < commitRows.collapseEvery) return;
    commitsSinceCollapse = 0;
    const cut = collapseCut.get(commitRows.kept);
    if (cut === undefined) return;
    collapseInto.run(cut, cut);
    collapseDelete.run(cut);
  };
  const writeTogether = db.transaction((jobs: WriteJob[]): WriteResult[] => {
    firstMs = Infinity;
    const results = jobs.map(writeJob);
    recordCommit();
    return results;
  });
  const writeAll = (jobs: WriteJob[]): WriteResult[] => {
    const before = seq;
    try {
      return writeTogether(jobs);
    } catch (e) {
      seq = before;
      if (jobs.length === 1) return [{ error: String((e as Error)?.message ?? e) }];
    }
    // (a retried job creates its series again: their ids are looked up anew)
    return jobs.map((job) => {
      const start = seq;
      try {
        return writeTogether([job])[0]!;
      } catch (e) {
        seq = start;
        return { error: String((e as Error)?.message ?? e) };
      }
    });
  };
  return writeAll;
}

/**
 * A job as it crosses to the worker: numbers in one typed array and the points as one
 * string, because structured cloning of many small values cost more than the copy.
 */
interface WireJob {
  workspaceId: string;
  /** seriesId, ms, ns per row */
  numbers: Float64Array;
  /** the points joined by newlines (JSON text never holds a raw newline) */
  points: string;
  newSeries: [number, string, string, string][];
}

interface WireResult {
  error?: string;
  /** seq per row, then the row order, then the series id per row */
  numbers?: Float64Array;
}

function encodeJob(job: WriteJob): WireJob {
  const n = job.seriesIds.length;
  const numbers = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    numbers[i * 3] = job.seriesIds[i]!;
    numbers[i * 3 + 1] = job.ms[i]!;
    numbers[i * 3 + 2] = job.ns[i]!;
  }
  return { workspaceId: job.workspaceId, numbers, points: job.points.join('\n'), newSeries: job.newSeries };
}

function decodeJob(wire: WireJob): WriteJob {
  const n = wire.numbers.length / 3;
  const seriesIds = new Array<number>(n);
  const ms = new Array<number>(n);
  const ns = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    seriesIds[i] = wire.numbers[i * 3]!;
    ms[i] = wire.numbers[i * 3 + 1]!;
    ns[i] = wire.numbers[i * 3 + 2]!;
  }
  return {
    workspaceId: wire.workspaceId,
    seriesIds,
    ms,
    ns,
    points: wire.points.split('\n'),
    newSeries: wire.newSeries,
  };
}

function encodeResult(result: WriteResult): WireResult {
  if (result.error !== undefined) return { error: result.error };
  const n = result.seqs!.length;
  const numbers = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    numbers[i] = result.seqs![i]!;
    numbers[n + i] = result.order![i]!;
    numbers[2 * n + i] = result.seriesIds![i]!;
  }
  return { numbers };
}

function decodeResult(wire: WireResult): WriteResult {
  if (wire.error !== undefined) return { error: wire.error };
  const numbers = wire.numbers!;
  const n = numbers.length / 3;
  return {
    seqs: Array.from(numbers.subarray(0, n)),
    order: Array.from(numbers.subarray(n, 2 * n)),
    seriesIds: Array.from(numbers.subarray(2 * n)),
  };
}

/**
 * The writer connection's settings; the ingest benchmark's raw ceiling uses the same ones.
 * NORMAL is durable across process crashes in WAL mode. A larger page cache keeps the
 * right-hand leaves of many series in memory, and fewer, larger WAL checkpoints cost less
 * than frequent small ones.
 */
export const WRITER_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  'cache_size = -65536',
  'wal_autocheckpoint = 10000',
];

// plain JavaScript, so it runs the same under jest (swc), ts-node and the built dist/
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
for (const pragma of ${JSON.stringify(WRITER_PRAGMAS)}) db.pragma(pragma);
const write = (${createBatchWriter.toString()})(db);
const decode = (${decodeJob.toString()});
const encode = (${encodeResult.toString()});
parentPort.on('message', (jobs) => {
  if (jobs === 'close') {
    db.close();
    process.exit(0);
  }
  try {
    parentPort.postMessage({ results: write(jobs.map(decode)).map(encode) });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
});
`;

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
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.db.name, driver: require.resolve('better-sqlite3') },
    });
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
