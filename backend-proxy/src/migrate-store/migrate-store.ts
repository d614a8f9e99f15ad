import Database from '../store/sqlite/driver';
import path from 'node:path';
import { PgDb } from '../store/postgres/database';
import { VALUE_WRITE_LOCK } from '../store/postgres/values';
import { ValuePartitions } from '../store/postgres/values/partitions';
import { copyWorkspaceAlarms } from './copy-alarms';
import { copyWorkspaceGraph } from './copy-graph';
import { copyAccessKeys } from './copy-keys';
import { bucketsOf, copyBuckets, refuseOccupiedBuckets, sourceResourceCount } from './copy-resources';
import { copyWorkspaceValues, ensureValuePartitions } from './copy-values';
import { countsTable, postgresCounts, sqliteCounts } from './counts';
import { progressOf } from './progress';
import { openSqliteSource, sourceWorkspaces } from './sqlite-source';
import { StoreLocation, describeLocation } from './store-location';

export interface MigrateOptions {
  /** only these workspaces (default: every workspace of the source) */
  workspaces?: readonly string[];
  /** the resources dir of the target's services, to copy the workspaces' buckets into */
  resourcesTo?: string;
  tty?: boolean;
  log: (line: string) => void;
}

/** What was copied: per workspace, the counts on both sides. */
export interface MigrateResult {
  workspaces: string[];
  keys: number;
}

/**
 * Copies workspaces from one store to another (SQLite → PostgreSQL) in one target
 * transaction: either all of them arrive, with every row's ids, ARNs and times, or, on any
 * error, none. Refuses a target already holding one of them. Prints the counts per kind of
 * both sides at the end and fails when any differ.
 */
export async function migrateStore(
  from: StoreLocation,
  to: StoreLocation,
  options: MigrateOptions,
): Promise<MigrateResult> {
  if (from.kind !== 'sqlite' || to.kind !== 'postgres') {
    throw new Error(
      `migrate-store copies from a SQLite store to PostgreSQL only (--from sqlite:DIR --to postgres:URL), not ${describeLocation(from)} to ${describeLocation(to)}`,
    );
  }
  const source = openSqliteSource(from.dataDir);
  try {
    const workspaceIds = sourceWorkspaces(source, options.workspaces ?? []);
    if (workspaceIds.length === 0) throw new Error(`${describeLocation(from)} holds no workspace: nothing to migrate`);
    const target = await PgDb.open(to.url);
    try {
      return await copyInto(source, from.dataDir, target, workspaceIds, options);
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}

async function copyInto(
  source: Database.Database,
  sourceDataDir: string,
  target: PgDb,
  workspaceIds: string[],
  options: MigrateOptions,
): Promise<MigrateResult> {
  const present = await target.query<{ workspace_id: string }>(
    'SELECT workspace_id FROM workspaces WHERE workspace_id = ANY($1) ORDER BY workspace_id',
    [workspaceIds],
  );
  if (present.length > 0) {
    const ids = present.map((r) => r.workspace_id).join(', ');
    throw new Error(
      `the target already holds workspace ${ids}; nothing was copied. Delete ${present.length > 1 ? 'them' : 'it'} there first, or leave ${present.length > 1 ? 'them' : 'it'} out with --workspace (naming only the others)`,
    );
  }
  const buckets = bucketsOf(source, workspaceIds);
  if (options.resourcesTo) refuseOccupiedBuckets(options.resourcesTo, buckets);
  const sourceCounts = new Map(workspaceIds.map((id) => [id, sqliteCounts(source, id)]));
  const total = [...sourceCounts.values()].reduce((sum, c) => sum + [...c.values()].reduce((a, b) => a + b, 0), 0);
  const partitions = new ValuePartitions(target);
  await partitions.load();
  for (const id of workspaceIds) await ensureValuePartitions(source, partitions, id);

  const resources = options.resourcesTo ? copyBuckets(sourceDataDir, options.resourcesTo, buckets) : undefined;
  const progress = progressOf(total, options);
  let keyIds: string[] = [];
  try {
    // one transaction holding the graph and value write locks: replicas serving the target wait
    // for it rather than see a workspace half there, and its seqs commit as one block
    await target.graphWrite(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [VALUE_WRITE_LOCK]);
      for (const id of workspaceIds) {
        const { seriesIds, componentKeys } = await copyWorkspaceGraph(source, q, id, progress.add);
        await copyWorkspaceValues(source, q, id, seriesIds, progress.add);
        await copyWorkspaceAlarms(source, q, id, componentKeys, progress.add);
      }
      keyIds = await copyAccessKeys(source, q, workspaceIds, progress.add);
    });
  } catch (e) {
    resources?.undo();
    throw e;
  } finally {
    progress.stop();
  }

  let differing = 0;
  for (const id of workspaceIds) {
    const { lines, differing: kinds } = countsTable(sourceCounts.get(id)!, await postgresCounts(target.pool, id));
    options.log(`workspace ${id}: ${'source'.padStart(10)}  ${'target'.padStart(10)}`);
    lines.forEach((line) => options.log(line));
    differing += kinds.length;
  }
  const keysThere = await target.query<{ n: string }>(
    'SELECT count(*) AS n FROM access_keys WHERE access_key_id = ANY($1)',
    [keyIds],
  );
  const keysFound = Number(keysThere[0]!.n);
  options.log(`access keys reaching them: ${keyIds.length} in the source, ${keysFound} in the target`);
  if (keysFound !== keyIds.length) differing++;
  const inSource = sourceResourceCount(sourceDataDir, buckets);
  if (resources) {
    options.log(`resources in bucket ${buckets.join(', ')}: ${inSource} in the source, ${resources.resources} copied`);
    if (resources.resources !== inSource) differing++;
  } else if (inSource > 0) {
    options.log(
      `resources in bucket ${buckets.join(', ')}: ${inSource} in the source, not copied (give --resources-to DIR, or copy ${path.join(sourceDataDir, 'resources', 'buckets')} yourself)`,
    );
  }
  if (differing > 0)
    throw new Error('the counts differ between source and target (see above): check the target before using it');
  return { workspaces: workspaceIds, keys: keyIds.length };
}
