import { contentLocationInvalid } from '../errors';

/** The workspace fields that decide its bucket. */
export interface BucketOwner {
  workspaceId: string;
  s3Location?: string;
}

/** The s3Location a workspace created without one gets: `arn:aws:s3:::doppel-<id in lower case>`. */
export function defaultS3Location(workspaceId: string): string {
  return `arn:aws:s3:::doppel-${workspaceId.toLowerCase()}`;
}

/** The bucket named by an s3Location ARN (`arn:aws:s3:::<bucket>`). */
export function bucketOfS3Location(s3Location: string): string {
  return s3Location.slice(s3Location.lastIndexOf(':') + 1);
}

/**
 * A workspace's bucket: where its resources (models, scene documents) live. Several
 * workspaces may name the same bucket, as TwinMaker allows.
 */
export function bucketOf(workspace: BucketOwner): string {
  return bucketOfS3Location(workspace.s3Location ?? defaultS3Location(workspace.workspaceId));
}

/** `s3://<bucket>/<key>` split as TwinMaker's scene loader splits it. */
export function parseContentLocation(location: string): { bucket: string; key: string } {
  const m = /^[sS]3:\/\/([^/]+)\/(.+)$/.exec(location);
  if (!m) {
    throw contentLocationInvalid(
      `contentLocation "${location}" is not an S3 URL with a key: write s3://<bucket>/<path of the scene document>`,
    );
  }
  return { bucket: m[1]!, key: m[2]! };
}

/** The `s3://` URL of a resource in a workspace's bucket. */
export function contentLocationOf(workspace: BucketOwner, path: string): string {
  return `s3://${bucketOf(workspace)}/${path}`;
}
