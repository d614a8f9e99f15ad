import { Readable } from 'node:stream';

/** What the library knows of one stored resource. */
export interface ResourceInfo {
  /** folder-like path inside its bucket, e.g. `models/oven.glb` */
  path: string;
  size: number;
  contentType: string;
  /** quoted, as sent in the `ETag` header (S3 style: the MD5 of the content) */
  etag: string;
  /** epoch seconds with millisecond precision */
  lastModified: number;
}

/** An upload written to a temporary place, not yet visible under any path. */
export interface StagedUpload {
  readonly size: number;
  /** hex MD5 of the content (becomes the ETag) */
  readonly md5: string;
  /** hex SHA-256 of the content, when asked for (to check a signed payload hash) */
  readonly sha256?: string;
  /** a local file holding the content, for validators to read */
  readonly localFile: string;
  /** makes the content visible under `path` in one step (replacing what was there) */
  commit(bucket: string, path: string, contentType: string): Promise<ResourceInfo>;
  /** drops the staged content */
  discard(): Promise<void>;
}

/** A resource opened for reading: its description and content belong to the same version. */
export interface OpenedResource {
  info: ResourceInfo;
  /** the content, or the part `range` names; the resource closes when the stream ends */
  stream(range?: ByteRange): Readable;
  /** closes without reading (e.g. for a 304) */
  close(): Promise<void>;
}

export interface ListOptions {
  prefix?: string;
  /** group keys by the first `delimiter` after the prefix (S3 `CommonPrefixes`) */
  delimiter?: string;
  /** list keys (and common prefixes) strictly after this one */
  startAfter?: string;
  maxKeys: number;
}

export interface ResourceListing {
  resources: ResourceInfo[];
  /** folders under the prefix when a delimiter was given, each ending with the delimiter */
  commonPrefixes: string[];
  /** where the next page starts (pass as `startAfter`); absent on the last page */
  nextStartAfter?: string;
}

/** A byte range, both ends included, as `Range: bytes=start-end` asks. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Thrown by `stage` when the body passes the size limit. */
export class ResourceTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`resource larger than ${limit} bytes`);
  }
}

/**
 * Where resources live: buckets of folder-like paths, as S3 has them. Paths are checked
 * (`checkResourcePath`) before they reach a store. Writes are atomic: `stage` writes the
 * whole body aside, `commit` makes it visible in one step, so a reader or a crash never sees
 * half a file. Implementations: the local filesystem (`fs-resource-store.ts`), an S3 bucket
 * (`s3-resource-store.ts`).
 */
export interface ResourceStore {
  /** streams `body` aside; ResourceTooLargeError past `maxBytes`; rejects when the body stream fails */
  stage(body: Readable, options: { maxBytes: number; sha256?: boolean }): Promise<StagedUpload>;
  head(bucket: string, path: string): Promise<ResourceInfo | undefined>;
  /** opens a resource for reading; undefined when there is no such resource */
  open(bucket: string, path: string): Promise<OpenedResource | undefined>;
  /** true when something was deleted */
  delete(bucket: string, path: string): Promise<boolean>;
  /** keys in byte order (as S3 lists them) */
  list(bucket: string, options: ListOptions): Promise<ResourceListing>;
  isEmpty(bucket: string): Promise<boolean>;
  /** lets go of connections, at service stop */
  close?(): void;
}
