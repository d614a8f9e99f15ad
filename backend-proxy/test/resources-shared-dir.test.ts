import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestService, startTestService } from './harness';

/**
 * Two service instances with one --resources-dir (a shared volume in front of replicas): what
 * one uploads, the other lists and reads at once, and a delete through either is seen by both.
 * Each has its own data dir (store); on SQLite each holds the workspace itself.
 */

const ws = 'plant';
let shared: string;
let a: TestService;
let b: TestService;

beforeAll(async () => {
  shared = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-shared-resources-'));
  a = await startTestService({ config: { resourcesDir: shared } });
  b = await startTestService({ config: { resourcesDir: shared } });
  for (const svc of [a, b]) {
    const res = await svc.call('POST', `/workspaces/${ws}`, {});
    expect(res.status).toBe(200);
  }
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  fs.rmSync(shared, { recursive: true, force: true });
});

const resourceUrl = (svc: TestService, key: string) => `${svc.url}/doppel/workspaces/${ws}/resources/${key}`;
const auth = (svc: TestService) => ({ authorization: `Bearer ${svc.admin.accessKeyId}:${svc.admin.secretAccessKey}` });

test('an upload through one instance is listed and read through the other', async () => {
  const content = Buffer.from('solid 1 2 3\n'.repeat(1000));
  const put = await fetch(resourceUrl(a, 'models/line.stl'), { method: 'PUT', headers: auth(a), body: content });
  expect(put.status).toBe(200);
  const listed = await b.call('GET', `/doppel/workspaces/${ws}/resources?prefix=models/`);
  expect(listed.body.resources.map((r: { path: string }) => r.path)).toEqual(['models/line.stl']);
  const read = await fetch(resourceUrl(b, 'models/line.stl'), { headers: auth(b) });
  expect(read.status).toBe(200);
  const own = await fetch(resourceUrl(a, 'models/line.stl'), { method: 'HEAD', headers: auth(a) });
  expect(read.headers.get('etag')).toBe(own.headers.get('etag'));
  expect(Buffer.from(await read.arrayBuffer()).equals(content)).toBe(true);
  expect(fs.readdirSync(path.join(shared, 'buckets'))).toEqual(['doppel-plant']);
});

test('a replacement and a delete through the other instance are seen by the first', async () => {
  await fetch(resourceUrl(b, 'models/pump.stl'), { method: 'PUT', headers: auth(b), body: 'v1' });
  await fetch(resourceUrl(b, 'models/pump.stl'), { method: 'PUT', headers: auth(b), body: 'v2' });
  expect(await (await fetch(resourceUrl(a, 'models/pump.stl'), { headers: auth(a) })).text()).toBe('v2');
  expect((await fetch(resourceUrl(b, 'models/pump.stl'), { method: 'DELETE', headers: auth(b) })).status).toBeLessThan(
    300,
  );
  expect((await fetch(resourceUrl(a, 'models/pump.stl'), { headers: auth(a) })).status).toBe(404);
});
