import {
  DeleteObjectCommand,
  GetObjectCommand,
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
