import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { contentTypeFor } from './content-types';
import { compareKeys } from './fs-resource-store';
import {
  ByteRange,
  ListOptions,
  OpenedResource,
  ResourceInfo,
  ResourceListing,
  ResourceStore,
  StagedUpload,
} from './resource-store';
import { S3Location } from './s3-location';
import { prepareStagingDir, stageFile } from './staging';

/**
 * The resource library in one bucket of an S3-compatible store (DOPPEL_RESOURCES_S3_URL), so
 * replicas without a shared volume share it. Each library bucket is a folder of that bucket:
 * `<prefix><library bucket>/<path>`. Uploads are staged in a local file first (validators read
 * it, and the PUT then has a known length); a single PutObject makes them visible at once, as
 * S3 replaces an object atomically.
 */
export class S3ResourceStore implements ResourceStore {
  private constructor(
    private readonly client: S3Client,
    private readonly location: S3Location,
    private readonly stagingDir: string,
  ) {}

  /**
   * Connects and checks the bucket answers (HeadBucket) before the service starts, so a wrong
   * URL, endpoint or credential stops it with a message rather than failing the first upload.
   * `stagingDir` is local to this instance.
   */
  static async open(
    location: S3Location,
    stagingDir: string,
    options: { shared?: boolean } = {},
  ): Promise<S3ResourceStore> {
    const client = new S3Client({
      region: location.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      ...(location.endpoint && { endpoint: location.endpoint, forcePathStyle: true }),
      ...(location.credentials && { credentials: location.credentials }),
      // a host that drops packets must not hold the start (or a download) for minutes
      requestHandler: { connectionTimeout: 5_000 },
      // the PUT carries Content-MD5, which the store checks; the SDK's default CRC32 trailer on
      // top cost a fifth of the upload rate (bench resources --library s3)
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    try {
      await client.send(new HeadBucketCommand({ Bucket: location.bucket }));
    } catch (e) {
      client.destroy();
      const where = location.endpoint ? ` at ${location.endpoint}` : '';
      throw new Error(
        `DOPPEL_RESOURCES_S3_URL ${location.display}: bucket ${location.bucket}${where} cannot be used: ${describe(e)}`,
        { cause: e },
      );
    }
    prepareStagingDir(stagingDir, options);
    return new S3ResourceStore(client, location, stagingDir);
  }

  async stage(body: Readable, options: { maxBytes: number; sha256?: boolean }): Promise<StagedUpload> {
    const file = await stageFile(this.stagingDir, body, options);
    const discard = () => fsp.rm(file.localFile, { force: true });
    return {
      ...file,
      commit: async (bucket, path, contentType) => {
        try {
          const put = await this.client.send(
            new PutObjectCommand({
              Bucket: this.location.bucket,
              Key: this.key(bucket, path),
              Body: fs.createReadStream(file.localFile),
              ContentLength: file.size,
              ContentType: contentType,
              // the store checks what arrived against what was staged
              ContentMD5: Buffer.from(file.md5, 'hex').toString('base64'),
            }),
          );
          return {
            path,
            size: file.size,
            contentType,
            etag: put.ETag ?? `"${file.md5}"`,
            lastModified: Date.now() / 1000,
          };
        } finally {
          await discard();
        }
      },
      discard,
    };
  }

  async head(bucket: string, path: string): Promise<ResourceInfo | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(bucket, path) }),
      );
      return {
        path,
        size: head.ContentLength ?? 0,
        contentType: head.ContentType ?? contentTypeFor(path),
        etag: head.ETag ?? '""',
        lastModified: (head.LastModified?.getTime() ?? 0) / 1000,
      };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /**
   * A HEAD now, the GET when the content is wanted: a 304 or a HEAD (the common answers to a
   * viewer that caches models) costs no transfer. The GET is bound to the ETag seen, so the
   * bytes belong to the version described; a replacement in between fails the stream (the
   * client sees a cut-off download, never a mix of two versions).
   */
  async open(bucket: string, path: string): Promise<OpenedResource | undefined> {
    const info = await this.head(bucket, path);
    if (!info) return undefined;
    return {
      info,
      stream: (range?: ByteRange) => {
        if (range && range.end < range.start) return Readable.from([]);
        const out = new PassThrough();
        this.client
          .send(
            new GetObjectCommand({
              Bucket: this.location.bucket,
              Key: this.key(bucket, path),
              IfMatch: info.etag,
              ...(range && { Range: `bytes=${range.start}-${range.end}` }),
            }),
          )
          .then(
            (got) => {
              const body = got.Body as Readable;
              if (out.destroyed) return body.destroy(); // the client went away meanwhile
              // a store that ignores If-Match (Doppel's own endpoint does) still names what it sent
              if (got.ETag !== undefined && got.ETag !== info.etag) {
                body.destroy();
                return out.destroy(new Error(`${path} was replaced while it was being read`));
              }
              body.on('error', (e) => out.destroy(e));
              out.on('close', () => body.destroy());
              body.pipe(out);
            },
            (e: unknown) => out.destroy(e as Error),
          );
        return out;
      },
      close: async () => undefined,
    };
  }

  async delete(bucket: string, path: string): Promise<boolean> {
    // S3 answers a delete the same whether or not the key existed
    if (!(await this.head(bucket, path))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.key(bucket, path) }));
    return true;
  }

  async list(bucket: string, options: ListOptions): Promise<ResourceListing> {
    const base = this.key(bucket, '');
    const prefix = options.prefix ?? '';
    let startAfter = options.startAfter;
    // after a folder, skip every key inside it: S3 would fold them into that folder again
    if (startAfter !== undefined && options.delimiter && startAfter.endsWith(options.delimiter))
      startAfter += '\u{10FFFF}';
    const page = await this.client.send(
      new ListObjectsV2Command({
        Bucket: this.location.bucket,
        Prefix: base + prefix,
        Delimiter: options.delimiter,
        StartAfter: startAfter === undefined ? undefined : base + startAfter,
        MaxKeys: options.maxKeys,
      }),
    );
    const resources: ResourceInfo[] = (page.Contents ?? [])
      .filter((o) => !o.Key!.endsWith('/')) // folder markers some tools create
      .map((o) => {
        const path = o.Key!.slice(base.length);
        return {
          path,
          size: o.Size ?? 0,
          // a listing carries no content types: the extension's, as for a file put there by hand
          contentType: contentTypeFor(path),
          etag: o.ETag ?? '""',
          lastModified: (o.LastModified?.getTime() ?? 0) / 1000,
        };
      });
    const commonPrefixes = (page.CommonPrefixes ?? []).map((p) => p.Prefix!.slice(base.length));
    const listing: ResourceListing = { resources, commonPrefixes };
    if (page.IsTruncated) {
      const last = [page.Contents?.at(-1)?.Key, page.CommonPrefixes?.at(-1)?.Prefix].filter((k) => k !== undefined);
      listing.nextStartAfter = last.sort(compareKeys).at(-1)!.slice(base.length);
    }
    return listing;
  }

  async isEmpty(bucket: string): Promise<boolean> {
    return (await this.list(bucket, { maxKeys: 1 })).resources.length === 0;
  }

  close(): void {
    this.client.destroy();
  }

  private key(bucket: string, path: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(bucket) || bucket === '.' || bucket === '..')
      throw new Error(`not a bucket name: ${bucket}`);
    return `${this.location.prefix}${bucket}/${path}`;
  }
}

function isNotFound(e: unknown): boolean {
  return e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 404 || e.name === 'NotFound');
}

/** What went wrong reaching the bucket, in words an operator can act on. */
function describe(e: unknown): string {
  if (e instanceof S3ServiceException) {
    const status = e.$metadata.httpStatusCode;
    if (status === 404) return 'no such bucket (create it, or fix the bucket name)';
    if (status === 403 || status === 401)
      return `access denied (${status}): check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or KEY:SECRET@ in the URL) and that they may use the bucket`;
    if (status === 301) return 'the bucket is in another region: add ?region=<its region>';
    return `${e.name} (${status ?? 'no status'})`;
  }
  const code = (e as NodeJS.ErrnoException).code;
  return `${(e as Error).message}${code && !(e as Error).message.includes(code) ? ` (${code})` : ''}`;
}
