import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseS3Url } from '../src/resources/s3-location';
import { startTestService, TestService } from './harness';
import { sampleScene } from './scene-fixture';

/**
 * The resource library on an S3-compatible bucket (DOPPEL_RESOURCES_S3_URL): instance B keeps
 * its library in bucket doppel-library of instance A, through A's own S3 endpoint, under the
 * prefix `b/`. What B's clients upload is what A's S3 API shows, and the reverse.
 */

let a: TestService;
let b: TestService;
let s3a: S3Client;
const BUCKET = 'doppel-library';

function libraryUrl(svc: TestService, options: { secret?: string; bucket?: string; endpoint?: string } = {}) {
  const secret = encodeURIComponent(options.secret ?? svc.admin.secretAccessKey);
  const endpoint = options.endpoint ?? `${svc.url}/doppel/s3`;
  return `s3://${svc.admin.accessKeyId}:${secret}@${options.bucket ?? BUCKET}/b?endpoint=${endpoint}`;
}

beforeAll(async () => {
  a = await startTestService();
  expect((await a.call('POST', '/workspaces/library', {})).status).toBe(200);
  b = await startTestService({ config: { resourcesS3: parseS3Url(libraryUrl(a)) } });
  expect((await b.call('POST', '/workspaces/plant', {})).status).toBe(200);
  s3a = new S3Client({
    region: 'us-east-1',
    endpoint: `${a.url}/doppel/s3`,
    forcePathStyle: true,
    credentials: a.admin,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  s3a?.destroy();
  await b?.close();
  await a?.close();
});

const resourceUrl = (key: string) => `${b.url}/doppel/workspaces/plant/resources/${key}`;
const auth = () => ({ authorization: `Bearer ${b.admin.accessKeyId}:${b.admin.secretAccessKey}` });
/** where B's resource `key` of workspace plant lies in A's bucket */
const keyInA = (key: string) => `b/doppel-plant/${key}`;
const fromA = async (key: string) => {
  const got = await s3a.send(new GetObjectCommand({ Bucket: BUCKET, Key: keyInA(key) }));
  return { etag: got.ETag, bytes: Buffer.from(await got.Body!.transformToByteArray()) };
};

test('an upload through B is listed and read through B and through A’s S3 API', async () => {
  const content = Buffer.from('solid line\n'.repeat(2000));
  const put = await fetch(resourceUrl('models/line.stl'), { method: 'PUT', headers: auth(), body: content });
  expect(put.status).toBe(200);

  const listed = await b.call('GET', '/doppel/workspaces/plant/resources?prefix=models/');
  expect(listed.body.resources).toMatchObject([{ path: 'models/line.stl', size: content.length }]);

  const read = await fetch(resourceUrl('models/line.stl'), { headers: auth() });
  expect(read.status).toBe(200);
  expect(Buffer.from(await read.arrayBuffer()).equals(content)).toBe(true);
  const etag = read.headers.get('etag')!;
  expect(etag).toBe(`"${crypto.createHash('md5').update(content).digest('hex')}"`);

  const inA = await fromA('models/line.stl');
  expect(inA.bytes.equals(content)).toBe(true);
  expect(inA.etag).toBe(etag);

  const part = await fetch(resourceUrl('models/line.stl'), { headers: { ...auth(), range: 'bytes=11-21' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 11-21/${content.length}`);
  expect(await part.text()).toBe('solid line\n');

  const again = await fetch(resourceUrl('models/line.stl'), { headers: { ...auth(), 'if-none-match': etag } });
  expect(again.status).toBe(304);
});

test('a replacement and a delete through B are seen through A, and a write through A through B', async () => {
  await fetch(resourceUrl('models/pump.stl'), { method: 'PUT', headers: auth(), body: 'v1' });
  await fetch(resourceUrl('models/pump.stl'), { method: 'PUT', headers: auth(), body: 'v2' });
  expect((await fromA('models/pump.stl')).bytes.toString()).toBe('v2');

  await s3a.send(new PutObjectCommand({ Bucket: BUCKET, Key: keyInA('models/pump.stl'), Body: 'v3 from A' }));
  expect(await (await fetch(resourceUrl('models/pump.stl'), { headers: auth() })).text()).toBe('v3 from A');

  expect((await fetch(resourceUrl('models/pump.stl'), { method: 'DELETE', headers: auth() })).status).toBeLessThan(300);
  expect((await fetch(resourceUrl('models/pump.stl'), { headers: auth() })).status).toBe(404);
  await expect(s3a.send(new HeadObjectCommand({ Bucket: BUCKET, Key: keyInA('models/pump.stl') }))).rejects.toThrow();
  // deleting what is not there is a 404, as on a directory
  expect((await fetch(resourceUrl('models/pump.stl'), { method: 'DELETE', headers: auth() })).status).toBe(404);
});

test('a download opened before a replacement is cut off, not mixed with the new version', async () => {
  await fetch(resourceUrl('models/valve.stl'), { method: 'PUT', headers: auth(), body: 'old valve' });
  const opened = (await b.service.resources.store.open('doppel-plant', 'models/valve.stl'))!;
  expect(opened.info.size).toBe('old valve'.length);
  await s3a.send(new PutObjectCommand({ Bucket: BUCKET, Key: keyInA('models/valve.stl'), Body: 'new valve!' }));
  const read = async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  };
  await expect(read()).rejects.toThrow('models/valve.stl was replaced while it was being read');
});

test('listings page through folders and keys as on a directory', async () => {
  for (const key of ['lists/a/1.txt', 'lists/a/2.txt', 'lists/b.txt', 'lists/c/3.txt', 'lists/d.txt'])
    expect((await fetch(resourceUrl(key), { method: 'PUT', headers: auth(), body: key })).status).toBe(200);
  const walk = async (delimiter: string) => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ prefix: 'lists/', maxResults: '1', ...(delimiter && { delimiter }) });
      if (token) q.set('nextToken', token);
      const page = await b.call('GET', `/doppel/workspaces/plant/resources?${q}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.folders ?? []), ...page.body.resources.map((r: { path: string }) => r.path));
      token = page.body.nextToken;
    } while (token);
    return seen;
  };
  expect(await walk('/')).toEqual(['lists/a/', 'lists/b.txt', 'lists/c/', 'lists/d.txt']);
  expect(await walk('')).toEqual(['lists/a/1.txt', 'lists/a/2.txt', 'lists/b.txt', 'lists/c/3.txt', 'lists/d.txt']);
  // nothing of B's lies outside its prefix in A's bucket
  const all = await s3a.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  expect(all.Contents!.every((o) => o.Key!.startsWith('b/doppel-plant/'))).toBe(true);
});

test('a large model streams up and down whole', async () => {
  const content = crypto.randomBytes(24 * 1024 * 1024);
  const put = await fetch(resourceUrl('models/big.bin'), { method: 'PUT', headers: auth(), body: content });
  expect(put.status).toBe(200);
  const hash = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
  const down = Buffer.from(await (await fetch(resourceUrl('models/big.bin'), { headers: auth() })).arrayBuffer());
  expect(down.length).toBe(content.length);
  expect(hash(down)).toBe(hash(content));
  expect(hash((await fromA('models/big.bin')).bytes)).toBe(hash(content));
  // the staged copy is gone once the object is in the bucket
  expect(fs.readdirSync(path.join(b.dataDir, 'resource-uploads'))).toEqual([]);
});

test('scene documents and models load through B with the library on S3', async () => {
  const glb = fs.readFileSync(path.join(__dirname, '..', 'src', 'demo', 'models', 'mixer.glb'));
  const model = await fetch(resourceUrl('models/mixer.glb'), { method: 'PUT', headers: auth(), body: glb });
  expect(model.status).toBe(200);
  const document = sampleScene('cookiefactory-v1/scenes/CookieFactory.json');
  const placed = await fetch(resourceUrl('scenes/cookie.json'), {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: document,
  });
  expect(placed.status).toBe(200);
  const created = await b.call('POST', '/workspaces/plant/scenes', {
    sceneId: 'cookie',
    contentLocation: 's3://doppel-plant/scenes/cookie.json',
  });
  expect(created.status).toBe(200);
  const got = await b.call('GET', '/workspaces/plant/scenes/cookie');
  expect(got.body.generatedSceneMetadata).toMatchObject({ nodeCount: '62', modelCount: '31' });
  const doc = await fetch(`${b.url}/doppel/workspaces/plant/scenes/cookie/document`, { headers: auth() });
  expect(doc.status).toBe(200);
  expect(await doc.text()).toBe(document);
  const loaded = await fetch(resourceUrl('models/mixer.glb'), { headers: auth() });
  expect(loaded.headers.get('content-type')).toBe('model/gltf-binary');
  expect(Buffer.from(await loaded.arrayBuffer()).equals(glb)).toBe(true);
  // a scene document that fails its check is not stored
  const bad = await fetch(resourceUrl('scenes/broken.json'), {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: '{"specVersion": ',
  });
  expect(bad.status).toBe(400);
  await expect(
    s3a.send(new HeadObjectCommand({ Bucket: BUCKET, Key: keyInA('scenes/broken.json') })),
  ).rejects.toThrow();
});

describe('a library that cannot be used stops the start with a message', () => {
  const start = (url: string) => startTestService({ config: { resourcesS3: parseS3Url(url) } });

  test('nothing listens at the endpoint', async () => {
    const closed = await freePort();
    await expect(start(libraryUrl(a, { endpoint: `http://127.0.0.1:${closed}` }))).rejects.toThrow(
      new RegExp(`bucket doppel-library at http://127.0.0.1:${closed} cannot be used: .*ECONNREFUSED`),
    );
  });

  test('the bucket does not exist', async () => {
    await expect(start(libraryUrl(a, { bucket: 'doppel-nowhere' }))).rejects.toThrow(
      /bucket doppel-nowhere at .* cannot be used: no such bucket/,
    );
  });

  test('the credentials are wrong, and the message does not show the secret', async () => {
    const failure = start(libraryUrl(a, { secret: 'not-the-secret' }));
    await expect(failure).rejects.toThrow(/cannot be used: access denied \(403\): check the credentials/);
    await expect(failure).rejects.not.toThrow(/not-the-secret/);
  });
});

/** A port nothing listens on (taken, then released). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
