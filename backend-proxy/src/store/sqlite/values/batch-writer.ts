import type { Database } from 'better-sqlite3';
import { AlarmCommand, AlarmCommandResult, StatusValueEvent } from '../alarms/alarm-commands';
import { AlarmWriter } from '../alarms/alarm-writer';
import { pointNumber } from './point-number';

/** One request's rows, as parallel arrays; `newSeries` lists rows whose series may not exist yet. */
export interface WriteJob {
  workspaceId: string;
  seriesIds: number[];
  ms: number[];
  ns: number[];
  points: string[];
  /** [row index, entityId, componentName, propertyName] for rows with seriesIds[i] < 0 */
  newSeries: [number, string, string, string][];
  /** an alarm action instead of rows (acknowledge, snooze, reset, snooze expiry) */
  alarm?: AlarmCommand;
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
  /** alarm_status values written because of the job (alarm transitions), for the live stream */
  statusValues?: StatusValueEvent[];
  alarm?: AlarmCommandResult;
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
 * Builds the batch writer over a connection: it runs in the writer worker
 * (writer-worker.ts), and inline for in-memory databases. One call = one transaction for all jobs. A job that fails rolls that
 * transaction back, and the jobs are then written again one transaction each, so only the
 * failing one is lost: savepoints per job would make SQLite copy every page a job touches
 * into a sub-journal on every call, for a failure that almost never happens. Within a job
 * rows go in key order, so each B-tree leaf is visited once per series (a stable sort: of
 * two values at the same time the later still wins). Each transaction also writes its
 * value_commits row (migration 004), and evaluates the alarms its values feed (AlarmWriter):
 * an alarm moves in the commit that stores the value that moved it.
 */
export function createBatchWriter(
  db: Database,
  commitRows: CommitRowLimits = { kept: 50_000, collapseEvery: 5_000 },
): (jobs: WriteJob[]) => WriteResult[] {
  const upsertSql = (n: number) =>
    'INSERT INTO property_values (series_id, time, point, seq, num) VALUES ' +
    Array(n).fill('(?, CAST(? AS INTEGER) * 1000000 + CAST(? AS INTEGER), ?, ?, ?)').join(', ') +
    ' ON CONFLICT (series_id, time) DO UPDATE SET point = excluded.point, seq = excluded.seq, num = excluded.num';
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
  let seq = (db.prepare('SELECT max(last_seq) FROM value_commits').pluck().get() as number | null) ?? 0;
  // the earliest time written by the running transaction, as [ms, ns past ms]
  let firstMs = Infinity;
  let firstNs = 0;

  const writeRow = (seriesId: number, ms: number, ns: number, point: string): number => {
    if (ms < firstMs || (ms === firstMs && ns < firstNs)) {
      firstMs = ms;
      firstNs = ns;
    }
    upsert.run(seriesId, ms, ns, point, ++seq, pointNumber(point));
    return seq;
  };
  const alarms = new AlarmWriter(db, (seriesId, ms, point) => writeRow(seriesId, ms, 0, point));

  const writeJob = (job: WriteJob): WriteResult => {
    const statusValues: StatusValueEvent[] = [];
    if (job.alarm) {
      const alarm = alarms.command(job.alarm, statusValues);
      return { seqs: [], order: [], seriesIds: [], statusValues, alarm };
    }
    const { seriesIds: s, ms, ns, points } = job;
    for (const [i, entityId, componentName, propertyName] of job.newSeries) {
      seriesInsert.run(job.workspaceId, entityId, componentName, propertyName);
      s[i] = seriesSelect.get(job.workspaceId, entityId, componentName, propertyName) as number;
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
        args.push(s[i], ms[i], ns[i], points[i], seqs[i], pointNumber(points[i]!));
      }
      upsert10.run(args);
    }
    for (; k < count; k++) {
      const i = order[k]!;
      seqs[i] = ++seq;
      upsert.run(s[i], ms[i], ns[i], points[i], seqs[i], pointNumber(points[i]!));
    }
    statusValues.push(...alarms.afterRows(s, ms, points, order, Date.now()));
    return { seqs, order, seriesIds: s, statusValues };
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
  const transaction = db.transaction((jobs: WriteJob[]): WriteResult[] => {
    firstMs = Infinity;
    alarms.begin();
    const results = jobs.map(writeJob);
    recordCommit();
    return results;
  });
  // IMMEDIATE: the alarm map is checked against the knowledge graph at the start, and no other
  // connection may change the graph before this transaction commits
  const writeTogether = (jobs: WriteJob[]): WriteResult[] => {
    try {
      return transaction.immediate(jobs);
    } catch (e) {
      // series the alarm writer created in the rolled-back transaction no longer exist
      alarms.invalidate();
      throw e;
    }
  };
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
