import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import crypto from 'node:crypto';
import { encodeChunked, putRaw, signChunkedUpload } from './aws-chunked-signer';
import { Credentials, startTestService, TestService } from './harness';
import { sampleScene } from './scene-fixture';

let t: TestService;
const clients: S3Client[] = [];
beforeAll(async () => {
  t = await startTestService();
  await t.call('POST', '/workspaces/plant', {});
  await t.call('POST', '/workspaces/other', {});
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await t.close();
});

function s3(credentials: Credentials = t.admin, extra: object = {}) {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: `${t.url}/doppel/s3`,
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
    ...extra,
  });
  clients.push(client);
  return client;
}

const glb = fs.readFileSync(path.join(__dirname, '..', 'src', 'demo', 'models', 'mixer.glb'));
const text = async (body: unknown) =>
  Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());

describe('S3-compatible endpoint', () => {
  it('puts, heads, gets, lists and deletes objects with the AWS SDK', async () => {
    const client = s3();
    await client.send(new PutObjectCommand({ Bucket: 'doppel-plant', Key: 'models/mixer.glb', Body: glb }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'doppel-plant', Key: 'models/mixer.glb' }));
    expect(head.ContentLength).toBe(glb.length);
    expect(head.ContentType).toBe('model/gltf-binary');
    const got = await client.send(new GetObjectCommand({ Bucket: 'doppel-plant', Key: 'models/mixer.glb' }));
    expect((await text(got.Body)).equals(glb)).toBe(true);
    const part = await client.send(
      new GetObjectCommand({ Bucket: 'doppel-plant', Key: 'models/mixer.glb', Range: 'bytes=0-3' }),
    );
    expect((await text(part.Body)).toString()).toBe('glTF');
    // the same file through the resource route
    expect((await t.call('GET', '/doppel/workspaces/plant/resources')).body.resources[0].path).toBe('models/mixer.glb');

    await client.send(
      new PutObjectCommand({
        Bucket: 'doppel-plant',
        Key: 'scenes/Mixer.json',
        Body: sampleScene('cookiefactory-v1/scenes/Mixer.json'),
        ContentType: 'application/json',
      }),
    );
    const top = await client.send(new ListObjectsV2Command({ Bucket: 'doppel-plant', Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['models/', 'scenes/']);
    const pages: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: 'doppel-plant', MaxKeys: 1, ContinuationToken: token }),
      );
      pages.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
    } while (token);
    expect(pages).toEqual(['models/mixer.glb', 'scenes/Mixer.json']);

    await client.send(new DeleteObjectCommand({ Bucket: 'doppel-plant', Key: 'models/mixer.glb' }));
    const missing = await client
      .send(new GetObjectCommand({ Bucket: 'doppel-plant', Key: 'models/mixer.glb' }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NoSuchKey);
  });

  it('lists the buckets the key reaches through its workspaces', async () => {
    const all = await s3().send(new ListBucketsCommand({}));
    expect(all.Buckets?.map((b) => b.Name)).toEqual(['doppel-other', 'doppel-plant']);
    const key = (await t.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'plant', role: 'read' }] })).body;
    const reader = s3(key);
    expect((await reader.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['doppel-plant']);
    const write = await reader
      .send(new PutObjectCommand({ Bucket: 'doppel-plant', Key: 'x.bin', Body: 'x' }))
      .catch((e: S3ServiceException) => e);
    expect((write as S3ServiceException).name).toBe('AccessDenied');
    const other = await reader
      .send(new GetObjectCommand({ Bucket: 'doppel-other', Key: 'x.bin' }))
      .catch((e: S3ServiceException) => e);
    expect((other as S3ServiceException).name).toBe('NoSuchBucket');
    // HeadBucket (the SDK sends it with a trailing slash): 200 for a bucket the key reaches, 404 otherwise
    await expect(reader.send(new HeadBucketCommand({ Bucket: 'doppel-plant' }))).resolves.toBeDefined();
    const hidden = await reader
      .send(new HeadBucketCommand({ Bucket: 'doppel-other' }))
      .catch((e: S3ServiceException) => e);
    expect((hidden as S3ServiceException).$metadata.httpStatusCode).toBe(404);
  });

  it('answers a wrong secret with SignatureDoesNotMatch and a skewed clock with RequestTimeTooSkewed', async () => {
    const wrong = await s3({ accessKeyId: t.admin.accessKeyId, secretAccessKey: 'not-the-secret' })
      .send(new ListBucketsCommand({}))
      .catch((e: S3ServiceException) => e);
    expect((wrong as S3ServiceException).name).toBe('SignatureDoesNotMatch');
    expect((wrong as S3ServiceException).$metadata.httpStatusCode).toBe(403);
    const skewed = await s3(t.admin, { systemClockOffset: -20 * 60 * 1000 })
      .send(new ListBucketsCommand({}))
      .catch((e: S3ServiceException) => e);
    expect((skewed as S3ServiceException).name).toBe('RequestTimeTooSkewed');
  });

  it('takes a streamed upload (aws-chunked with a checksum trailer)', async () => {
    const client = s3();
    const body = Readable.from([glb.subarray(0, 3000), glb.subarray(3000)]);
    await client.send(
      new PutObjectCommand({
        Bucket: 'doppel-plant',
        Key: 'models/streamed.glb',
        Body: body,
        ContentLength: glb.length,
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: 'doppel-plant', Key: 'models/streamed.glb' }));
    expect((await text(got.Body)).equals(glb)).toBe(true);
  });

  it('refuses an invalid model in S3’s error shape, storing nothing', async () => {
    const bad = await s3()
      .send(new PutObjectCommand({ Bucket: 'doppel-plant', Key: 'models/bad.glb', Body: glb.subarray(0, 100) }))
      .catch((e: S3ServiceException) => e);
    expect((bad as S3ServiceException).name).toBe('InvalidArgument');
    expect((bad as S3ServiceException).message).toContain('glTF validator');
  });
});

describe('signed streaming uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  const parts = [crypto.randomBytes(8192), crypto.randomBytes(8192), crypto.randomBytes(3000)];
  const objectUrl = (key: string) => `${t.url}/doppel/s3/doppel-plant/${key}`;
  const stored = async (key: string) =>
    s3()
      .send(new GetObjectCommand({ Bucket: 'doppel-plant', Key: key }))
      .then(async (got) => text(got.Body))
      .catch((e: S3ServiceException) => e.name);
  const errorCode = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];

  it('stores a correctly signed multi-chunk body byte for byte', async () => {
    const upload = await signChunkedUpload(objectUrl('chunks/good.bin'), t.admin, parts);
    const res = await putRaw(objectUrl('chunks/good.bin'), upload.headers, encodeChunked(upload));
    expect(res.status).toBe(200);
    expect(((await stored('chunks/good.bin')) as Buffer).equals(Buffer.concat(parts))).toBe(true);
  });

  it('refuses a flipped byte in chunk 2 with SignatureDoesNotMatch, keeping the previous version', async () => {
    const key = 'chunks/kept.bin';
    const original = await signChunkedUpload(objectUrl(key), t.admin, [Buffer.from('the original')]);
    expect((await putRaw(objectUrl(key), original.headers, encodeChunked(original))).status).toBe(200);

    for (const target of [key, 'chunks/never.bin']) {
      const upload = await signChunkedUpload(objectUrl(target), t.admin, parts);
      const tampered = Buffer.from(upload.chunks[1]!.data);
      tampered[100] ^= 0x01;
      upload.chunks[1] = { ...upload.chunks[1]!, data: tampered };
      const res = await putRaw(objectUrl(target), upload.headers, encodeChunked(upload));
      expect(res.status).toBe(403);
      expect(errorCode(res.body)).toBe('SignatureDoesNotMatch');
    }
    expect(((await stored(key)) as Buffer).toString()).toBe('the original');
    expect(await stored('chunks/never.bin')).toBe('NoSuchKey');
  });

  it('refuses a chunk without a signature, reordered chunks and a dropped chunk', async () => {
    const unsigned = await signChunkedUpload(objectUrl('chunks/unsigned.bin'), t.admin, parts);
    unsigned.chunks[1] = { ...unsigned.chunks[1]!, signature: undefined };
    const reordered = await signChunkedUpload(objectUrl('chunks/reordered.bin'), t.admin, parts);
    [reordered.chunks[0], reordered.chunks[1]] = [reordered.chunks[1]!, reordered.chunks[0]!];
    const dropped = await signChunkedUpload(objectUrl('chunks/dropped.bin'), t.admin, parts);
    dropped.chunks.splice(2, 1);
    dropped.headers['x-amz-decoded-content-length'] = String(8192 * 2); // signed: stays as signed
    for (const [key, upload] of [
      ['chunks/unsigned.bin', unsigned],
      ['chunks/reordered.bin', reordered],
      ['chunks/dropped.bin', dropped],
    ] as const) {
      const res = await putRaw(objectUrl(key), upload.headers, encodeChunked(upload));
      expect([key, res.status, errorCode(res.body)]).toEqual([key, 403, 'SignatureDoesNotMatch']);
      expect(await stored(key)).toBe('NoSuchKey');
    }
  });

  it('verifies the trailer signature of STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', async () => {
    const trailer = { 'x-amz-checksum-crc32': 'AAAAAA==' };
    const good = await signChunkedUpload(objectUrl('chunks/trailer.bin'), t.admin, parts, { trailer });
    expect((await putRaw(objectUrl('chunks/trailer.bin'), good.headers, encodeChunked(good))).status).toBe(200);
    expect(((await stored('chunks/trailer.bin')) as Buffer).equals(Buffer.concat(parts))).toBe(true);

    const altered = await signChunkedUpload(objectUrl('chunks/trailer-bad.bin'), t.admin, parts, { trailer });
    altered.trailer[0] = 'x-amz-checksum-crc32:BBBBBB==';
    const unsignedTrailer = await signChunkedUpload(objectUrl('chunks/trailer-none.bin'), t.admin, parts, { trailer });
    unsignedTrailer.trailer.pop();
    for (const [key, upload] of [
      ['chunks/trailer-bad.bin', altered],
      ['chunks/trailer-none.bin', unsignedTrailer],
    ] as const) {
      const res = await putRaw(objectUrl(key), upload.headers, encodeChunked(upload));
      expect([key, res.status, errorCode(res.body)]).toEqual([key, 403, 'SignatureDoesNotMatch']);
      expect(await stored(key)).toBe('NoSuchKey');
    }
  });

  it('refuses a signed-streaming claim on a bearer-token request, which has no seed signature', async () => {
    const res = await putRaw(
      objectUrl('chunks/bearer.bin'),
      {
        authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}`,
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
      },
      Buffer.from('0\r\n\r\n'),
    );
    expect([res.status, errorCode(res.body)]).toEqual([400, 'InvalidArgument']);
  });
});
