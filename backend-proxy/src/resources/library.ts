import { Readable } from 'node:stream';
import {
  isTwinMakerError,
  payloadHashMismatch,
  resourcePathConflict,
  resourceTooLarge,
  uploadIncomplete,
} from '../errors';
import { bucketOf, BucketOwner } from './buckets';
import { storedContentType } from './content-types';
import { checkUpload, UploadLimits } from './check-upload';
import { ResourcePathConflictError } from './fs-resource-store';
import { checkResourcePath } from './resource-path';
import { ResourceInfo, ResourceStore, ResourceTooLargeError, StagedUpload } from './resource-store';
import { uploadKind } from './upload-kind';

export interface PutOptions {
  /** the Content-Type sent with the upload, if any */
  contentType?: string;
  /** a signed payload hash (hex SHA-256) the content must match */
  sha256?: string;
  /** the declared length (Content-Length), checked against the limit before reading */
  declaredLength?: number;
}

export interface PutResult {
  resource: ResourceInfo;
  /** what validation noticed but accepted */
  warnings: string[];
}

/**
 * The resource library: every write — the resource routes, the S3 endpoint, the demo site —
 * goes through `put`, so limits and checks are the same whichever way a file arrives.
 */
export class ResourceLibrary {
  constructor(
    readonly store: ResourceStore,
    /** DOPPEL_RESOURCE_MAX_BYTES */
    readonly maxBytes: number,
    readonly limits: UploadLimits = { sceneMaxBytes: 16 * 1024 * 1024, gltfValidateMaxBytes: 64 * 1024 * 1024 },
  ) {}

  /** Stores `body` at `path` in `bucket` when it passes the checks; nothing is stored otherwise. */
  async put(
    bucket: string,
    path: string,
    body: Readable | Buffer | string,
    options: PutOptions = {},
  ): Promise<PutResult> {
    checkResourcePath(path);
    const kind = uploadKind(path, options.contentType);
    if (options.declaredLength !== undefined && options.declaredLength > this.maxBytes)
      throw resourceTooLarge(this.maxBytes);
    const stream = typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : body;
    let staged: StagedUpload;
    try {
      staged = await this.store.stage(stream, { maxBytes: this.maxBytes, sha256: options.sha256 !== undefined });
    } catch (e) {
      if (e instanceof ResourceTooLargeError) throw resourceTooLarge(e.limit);
      // the body's own verdict (e.g. a bad aws-chunked signature) is already the answer to give
      if (isTwinMakerError(e)) throw e;
      throw uploadIncomplete(path, (e as Error).message);
    }
    try {
      if (options.sha256 !== undefined && options.sha256 !== staged.sha256) {
        throw payloadHashMismatch(path);
      }
      const warnings = await checkUpload(kind, path, staged, this.limits, {
        exists: async (p) => (await this.store.head(bucket, p)) !== undefined,
        read: (p) => this.readWhole(bucket, p),
      });
      const resource = await staged.commit(bucket, path, storedContentType(path, options.contentType));
      return { resource, warnings };
    } catch (e) {
      await staged.discard();
      if (e instanceof ResourcePathConflictError) throw resourcePathConflict(e.resourcePath, e.reason);
      throw e;
    }
  }

  /** A whole resource in memory (for validators); undefined when missing or over the validation limit. */
  async readWhole(bucket: string, path: string): Promise<Buffer | undefined> {
    const opened = await this.store.open(bucket, path);
    if (!opened) return undefined;
    if (opened.info.size > this.limits.gltfValidateMaxBytes) {
      await opened.close();
      return undefined;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** `put` into a workspace's bucket: what the demo site and scripts call in-process. */
  putForWorkspace(workspace: BucketOwner, path: string, body: Readable | Buffer | string, options: PutOptions = {}) {
    return this.put(bucketOf(workspace), path, body, options);
  }
}
