import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { authenticate } from '../../auth/authenticate';
import { Caller } from '../../auth/caller';
import { checkPrefix, decodeResourcePath } from '../../resources/resource-path';
import { AwsChunkedDecoder, ChunkSigning } from '../../s3/aws-chunked';
import { reachBucket, visibleBuckets } from '../../s3/bucket-access';
import { S3Error, toS3Error } from '../../s3/s3-errors';
import { errorXml, listBucketsXml, listObjectsV2Xml } from '../../s3/s3-xml';
import { App } from '../app-type';
import { sendResource } from '../resource-download';

const PREFIX = '/doppel/s3';

/**
 * An S3-compatible endpoint (path style) over the resource library, so AWS tools and
 * TwinMaker's scene loader work unchanged: a bucket is what workspaces name in `s3Location`,
 * reached through a workspace the key may read (or write, to write). SigV4 for service `s3`,
 * UNSIGNED-PAYLOAD and aws-chunked streaming uploads; errors in S3's XML shape.
 */
export async function s3Routes(app: App) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.addHook('preValidation', async (request) => {
    request.caller = await authenticate(
      { method: request.method, url: request.url, headers: request.headers, rawBody: undefined },
      app.store.keys,
      's3',
    );
  });
  app.addHook('onSend', async (request, reply) => {
    if (!request.raw.complete) reply.header('connection', 'close');
  });
  app.setErrorHandler((error, request, reply) => {
    const s3 = toS3Error(error) ?? fastifyError(error);
    if (!s3) request.log.error({ err: error }, 'unhandled error');
    const { code, status, message } = s3 ?? new S3Error('InternalError', 500, 'Internal error; nothing was applied');
    return reply
      .code(status)
      .header('content-type', 'application/xml')
      .send(errorXml(code, message, request.url.split('?')[0]!, request.id));
  });

  const config = (operation: string) => ({ operation, access: 'self' as const, streamedBody: true });
  const caller = (request: FastifyRequest) => request.caller as Caller;

  const listBuckets = async (request: FastifyRequest, reply: FastifyReply) => {
    const buckets = [...(await visibleBuckets(app.store, caller(request))).values()];
    buckets.sort((a, b) => (a.name < b.name ? -1 : 1));
    return reply.type('application/xml').send(listBucketsXml(buckets, caller(request).accessKeyId));
  };
  // the SDKs write the service root and bucket roots with a trailing slash
  for (const url of [PREFIX, `${PREFIX}/`])
    app.get(
      url,
      // the slash alias is one operation: documented once, so operationIds stay unique
      { exposeHeadRoute: false, config: config('S3:ListBuckets'), schema: { hide: url !== PREFIX } },
      listBuckets,
    );

  const listObjects = async (request: FastifyRequest, reply: FastifyReply) => {
    const { bucket } = request.params as { bucket: string };
    await reachBucket(app.store, caller(request), bucket, 'read');
    const q = request.query as Record<string, string | undefined>;
    const prefix = checkPrefix(q.prefix ?? '');
    const maxKeys = Math.min(Math.max(Number(q['max-keys'] ?? 1000) || 1000, 1), 1000);
    const token = q['continuation-token'];
    const startAfter = token ? decodeToken(token) : q['start-after'];
    const listing = await app.resources.store.list(bucket, {
      prefix,
      delimiter: q.delimiter || undefined,
      startAfter,
      maxKeys,
    });
    return reply.type('application/xml').send(
      listObjectsV2Xml({
        bucket,
        prefix,
        delimiter: q.delimiter || undefined,
        maxKeys,
        startAfter: q['start-after'],
        continuationToken: token,
        nextContinuationToken: listing.nextStartAfter === undefined ? undefined : encodeToken(listing.nextStartAfter),
        resources: listing.resources,
        commonPrefixes: listing.commonPrefixes,
      }),
    );
  };
  app.get(`${PREFIX}/:bucket`, { exposeHeadRoute: false, config: config('S3:ListObjectsV2') }, listObjects);

  const headBucket = async (request: FastifyRequest, reply: FastifyReply) => {
    const { bucket } = request.params as { bucket: string };
    await reachBucket(app.store, caller(request), bucket, 'read');
    return reply.send();
  };
  app.head(`${PREFIX}/:bucket`, { config: config('S3:HeadBucket') }, headBucket);

  const objectRoute = `${PREFIX}/:bucket/*`;
  const opened = async (request: FastifyRequest) => {
    const { bucket, key } = objectOf(request);
    await reachBucket(app.store, caller(request), bucket, 'read');
    const resource = await app.resources.store.open(bucket, key);
    if (!resource) throw new S3Error('NoSuchKey', 404, `The key ${key} does not exist in bucket ${bucket}`);
    return resource;
  };

  app.get(objectRoute, { exposeHeadRoute: false, config: config('S3:GetObject') }, async (request, reply) =>
    isBucketRoot(request) ? listObjects(request, reply) : sendResource(request, reply, await opened(request)),
  );
  // the AWS SDK asks HeadBucket with a trailing slash
  app.head(objectRoute, { config: config('S3:HeadObject') }, async (request, reply) =>
    isBucketRoot(request) ? headBucket(request, reply) : sendResource(request, reply, await opened(request)),
  );

  app.put(objectRoute, { config: config('S3:PutObject') }, async (request, reply) => {
    const { bucket, key } = objectOf(request);
    await reachBucket(app.store, caller(request), bucket, 'write');
    const { body, sha256, declaredLength } = uploadBody(request, caller(request));
    const { resource, warnings } = await app.resources.put(bucket, key, body, {
      contentType: request.headers['content-type'],
      sha256,
      declaredLength,
    });
    // what validation noticed travels in a header, as S3 answers PutObject with an empty body
    if (warnings.length) reply.header('x-doppel-warnings', encodeURIComponent(JSON.stringify(warnings)));
    return reply.header('etag', resource.etag).send();
  });

  app.delete(objectRoute, { config: config('S3:DeleteObject') }, async (request, reply) => {
    const { bucket, key } = objectOf(request);
    await reachBucket(app.store, caller(request), bucket, 'write');
    await app.resources.store.delete(bucket, key); // S3 answers 204 whether or not the key existed
    return reply.code(204).send();
  });
}

/** `/doppel/s3/<bucket>/`: the bucket itself, written with a trailing slash */
function isBucketRoot(request: FastifyRequest): boolean {
  return (request.params as Record<string, string>)['*'] === '';
}

function objectOf(request: FastifyRequest): { bucket: string; key: string } {
  const { bucket } = request.params as { bucket: string };
  const path = request.url.split('?')[0]!;
  const rest = path.slice(PREFIX.length + 1 + encodeURIComponent(bucket).length + 1);
  return { bucket, key: decodeResourcePath(rest) };
}

/** The upload as bytes, unwrapped from aws-chunked framing when it was sent that way. */
function uploadBody(
  request: FastifyRequest,
  who: Caller,
): { body: Readable; sha256?: string; declaredLength?: number } {
  const claimed = String(request.headers['x-amz-content-sha256'] ?? '');
  const encoding = String(request.headers['content-encoding'] ?? '');
  if (claimed.startsWith('STREAMING-') || /aws-chunked/i.test(encoding)) {
    const decoded = request.headers['x-amz-decoded-content-length'];
    const decoder = new AwsChunkedDecoder(chunkSigning(claimed, who));
    // pipe() does not forward a source error; a broken connection must fail the decoder too
    request.raw.on('error', (e) => decoder.destroy(e));
    return {
      body: request.raw.pipe(decoder),
      declaredLength: decoded === undefined ? undefined : Number(decoded),
    };
  }
  const length = request.headers['content-length'];
  return {
    body: request.raw,
    sha256: /^[0-9a-f]{64}$/.test(claimed) ? claimed : undefined,
    declaredLength: length === undefined ? undefined : Number(length),
  };
}

/** How the chunks are signed, from the claimed payload hash; unknown STREAMING- schemes are refused. */
function chunkSigning(claimed: string, who: Caller): ChunkSigning {
  if (claimed === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' || claimed === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER') {
    // authentication hands over the seed only for a SigV4-signed request (not a bearer token)
    if (!who.streamingSeed)
      throw new S3Error(
        'InvalidArgument',
        400,
        `${claimed} needs the request signed with AWS SigV4 (its signature seeds the chunk signatures); send UNSIGNED-PAYLOAD or STREAMING-UNSIGNED-PAYLOAD-TRAILER otherwise`,
      );
    return { signed: true, seed: who.streamingSeed, trailer: claimed.endsWith('-TRAILER') };
  }
  if (claimed.startsWith('STREAMING-') && claimed !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER')
    throw new S3Error(
      'NotImplemented',
      501,
      `x-amz-content-sha256 ${claimed} is not supported: use STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] or STREAMING-UNSIGNED-PAYLOAD-TRAILER`,
    );
  return { signed: false };
}

function fastifyError(error: unknown): S3Error | undefined {
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new S3Error('InvalidArgument', 400, (error as Error).message);
  return undefined;
}

const encodeToken = (after: string) => Buffer.from(after).toString('base64url');
function decodeToken(token: string): string {
  const after = Buffer.from(token, 'base64url').toString('utf8');
  if (!after) throw new S3Error('InvalidArgument', 400, 'The continuation token is not valid');
  return after;
}
