import Database from '../store/sqlite/driver';
import fs from 'node:fs';
import path from 'node:path';
import { bucketOf } from '../resources/buckets';

/** The buckets of a resources dir (FsResourceStore's layout: buckets/<bucket>/{data,meta}/<path>). */
const bucketDir = (resourcesDir: string, bucket: string) => path.join(resourcesDir, 'buckets', bucket);

/** The buckets the workspaces keep their resources in (several workspaces may share one). */
export function bucketsOf(source: Database.Database, workspaceIds: readonly string[]): string[] {
  const find = source.prepare(
    'SELECT workspace_id AS workspaceId, s3_location AS s3Location FROM workspaces WHERE workspace_id = ?',
  );
  const buckets = workspaceIds.map((id) => {
    const row = find.get(id) as { workspaceId: string; s3Location: string | null };
    return bucketOf({ workspaceId: row.workspaceId, s3Location: row.s3Location ?? undefined });
  });
  return [...new Set(buckets)].sort();
}

/** Refuses (before anything is copied) when the target dir already holds one of the buckets. */
export function refuseOccupiedBuckets(targetDir: string, buckets: readonly string[]): void {
  const occupied = buckets.filter(
    (b) => fs.existsSync(bucketDir(targetDir, b)) && fs.readdirSync(bucketDir(targetDir, b)).length,
  );
  if (occupied.length > 0) {
    throw new Error(
      `--resources-to ${targetDir} already holds bucket ${occupied.join(', ')}; nothing was copied. Move it away (or give an empty resources dir) and run again`,
    );
  }
}

/**
 * Copies the buckets' files (content and metadata: content type, ETag) from the source data
 * dir's resources to `targetDir`. Returns the number of resources copied per bucket; `undo`
 * removes what was copied (the database copy failed after it).
 */
export function copyBuckets(
  sourceDataDir: string,
  targetDir: string,
  buckets: readonly string[],
): { resources: number; undo: () => void } {
  const copied: string[] = [];
  let resources = 0;
  try {
    for (const bucket of buckets) {
      const from = bucketDir(path.join(sourceDataDir, 'resources'), bucket);
      if (!fs.existsSync(from)) continue;
      const to = bucketDir(targetDir, bucket);
      copied.push(to);
      fs.cpSync(from, to, { recursive: true, errorOnExist: true, force: false, preserveTimestamps: true });
      resources += countFiles(path.join(to, 'data'));
    }
  } catch (e) {
    copied.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
    throw e;
  }
  return { resources, undo: () => copied.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })) };
}

/** Resources stored under the source's buckets. */
export function sourceResourceCount(sourceDataDir: string, buckets: readonly string[]): number {
  return buckets.reduce(
    (n, b) => n + countFiles(path.join(bucketDir(path.join(sourceDataDir, 'resources'), b), 'data')),
    0,
  );
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}
