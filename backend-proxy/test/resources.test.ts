import { CreateWorkspaceCommand, GetWorkspaceCommand } from '@aws-sdk/client-iottwinmaker';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startTestService, TestService } from './harness';

let t: TestService;
beforeEach(async () => {
  t = await startTestService({ config: { resourceMaxBytes: 4 * 1024 * 1024 } });
  await t.call('POST', '/workspaces/plant', {});
});
afterEach(async () => {
  await t.close();
});

const base = '/doppel/workspaces/plant/resources';

/** A raw request with a binary body; answers status, headers and the body as bytes. */
async function send(
  method: string,
  urlPath: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
  credentials: { accessKeyId: string; secretAccessKey: string } | null = t.admin,
) {
  const res = await fetch(t.url + urlPath, {
    method,
    body,
    headers: {
      ...(credentials && { authorization: `Bearer ${credentials.accessKeyId}:${credentials.secretAccessKey}` }),
      ...headers,
    },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: any;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, bytes, json, errorType: res.headers.get('x-amzn-errortype') };
}

const model = crypto.randomBytes(300_000);

describe('resource library', () => {
  it('uploads, lists, downloads and deletes a resource', async () => {
    const put = await send('PUT', `${base}/models/data.bin`, model);
    expect(put.status).toBe(200);
    const md5 = crypto.createHash('md5').update(model).digest('hex');
    expect(put.json.resource).toMatchObject({
      path: 'models/data.bin',
      size: model.length,
      contentType: 'application/octet-stream',
      etag: `"${md5}"`,
    });

    const got = await send('GET', `${base}/models/data.bin`);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(model)).toBe(true);
    expect(got.headers.get('etag')).toBe(`"${md5}"`);
    expect(got.headers.get('content-length')).toBe(String(model.length));
    expect(got.headers.get('cache-control')).toMatch(/no-cache/);
    expect(Date.parse(got.headers.get('last-modified')!)).toBeGreaterThan(Date.now() - 60_000);

    const head = await send('HEAD', `${base}/models/data.bin`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(model.length));
    expect(head.bytes.length).toBe(0);

    await send('PUT', `${base}/scenes/plant.json`, '{"a":1}', { 'content-type': 'application/json' });
    const listed = await send('GET', base);
    expect(listed.json.resources.map((r: { path: string }) => r.path)).toEqual([
      'models/data.bin',
      'scenes/plant.json',
    ]);
    expect(listed.json.resources[1]).toMatchObject({ size: 7, contentType: 'application/json' });
    expect((await send('GET', `${base}?prefix=scenes/`)).json.resources).toHaveLength(1);
    expect((await send('GET', `${base}?delimiter=/`)).json).toEqual({
      resources: [],
      folders: ['models/', 'scenes/'],
    });

    expect((await send('DELETE', `${base}/models/data.bin`)).status).toBe(200);
    const gone = await send('GET', `${base}/models/data.bin`);
    expect(gone.status).toBe(404);
    expect(gone.errorType).toBe('ResourceNotFoundException');
    expect(gone.json.message).toContain('models/data.bin');
    expect((await send('DELETE', `${base}/models/data.bin`)).status).toBe(404);
  });

  it('replaces a resource in one step: the new content, type and ETag', async () => {
    await send('PUT', `${base}/a.txt`, 'first');
    const second = await send('PUT', `${base}/a.txt`, 'second version', { 'content-type': 'text/x-note' });
    const got = await send('GET', `${base}/a.txt`);
    expect(got.bytes.toString()).toBe('second version');
    expect(got.headers.get('content-type')).toBe('text/x-note');
    expect(got.headers.get('etag')).toBe(second.json.resource.etag);
  });

  it('answers If-None-Match with 304 and a Range with 206', async () => {
    const put = await send('PUT', `${base}/models/data.bin`, model);
    const etag = put.json.resource.etag as string;
    const cached = await send('GET', `${base}/models/data.bin`, undefined, { 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    expect(cached.headers.get('etag')).toBe(etag);
    const stale = await send('GET', `${base}/models/data.bin`, undefined, { 'if-none-match': '"other"' });
    expect(stale.status).toBe(200);

    const part = await send('GET', `${base}/models/data.bin`, undefined, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${model.length}`);
    expect(part.bytes.equals(model.subarray(100, 200))).toBe(true);
    const tail = await send('GET', `${base}/models/data.bin`, undefined, { range: 'bytes=-10' });
    expect(tail.bytes.equals(model.subarray(model.length - 10))).toBe(true);
    const outside = await send('GET', `${base}/models/data.bin`, undefined, { range: `bytes=${model.length}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${model.length}`);
    expect(outside.json.message).toContain(`${model.length} bytes`);
  });

  it.each([
    ['a/%2e%2e/b.glb', '".."'],
    ['%2e%2e/escape.txt', '".."'],
    ['a//b.glb', 'empty segment'],
    ['a/./b.glb', '"."'],
    ['%2Fetc%2Fpasswd', 'absolute'],
    ['bad%00name.txt', 'control characters'],
    ['tab%09name.txt', 'control characters'],
    ['back%5Cslash.txt', 'backslash'],
    ['bad%zzescape', 'percent-encoding'],
    ['a/../b.glb', '".."'],
  ])('refuses the path %s with a ValidationException that names it', async (raw, why) => {
    // node:http sends the path as written (fetch would normalise `..` and `.` away)
    const res = await rawPut(`${base}/${raw}`, 'x');
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('ValidationException');
    expect(res.json.message).toContain(why);
    expect((await send('GET', base)).json.resources).toEqual([]);
  });

  it('refuses a file over DOPPEL_RESOURCE_MAX_BYTES with 413 naming the limit, storing nothing', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024 + 1);
    const res = await send('PUT', `${base}/big.bin`, big);
    expect(res.status).toBe(413);
    expect(res.errorType).toBe('RequestTooLargeException');
    expect(res.json.message).toContain(String(4 * 1024 * 1024));
    // without a Content-Length (chunked), the limit is found while streaming
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${t.url}${base}/big.bin`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}` },
      });
      req.on('response', (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve({ status: r.statusCode!, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(Buffer.alloc(1024 * 1024));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).message).toContain('DOPPEL_RESOURCE_MAX_BYTES');
    expect((await send('HEAD', `${base}/big.bin`)).status).toBe(404);
    expect(fs.readdirSync(path.join(t.dataDir, 'resources', 'tmp'))).toEqual([]);
  });

  it('keeps the old content when a replacing upload is cut off mid-way', async () => {
    await send('PUT', `${base}/models/data.bin`, model);
    await new Promise<void>((resolve) => {
      const req = http.request(`${t.url}${base}/models/data.bin`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}`,
          'content-length': String(1024 * 1024),
        },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(200_000, 7), () => setTimeout(() => req.destroy(), 100));
    });
    await waitFor(() => fs.readdirSync(path.join(t.dataDir, 'resources', 'tmp')).length === 0);
    const got = await send('GET', `${base}/models/data.bin`);
    expect(got.bytes.equals(model)).toBe(true);
  });

  it('gives read keys downloads only and other workspaces’ keys nothing', async () => {
    await t.call('POST', '/workspaces/other', {});
    await send('PUT', `${base}/models/data.bin`, model);
    const key = async (workspaces: { workspaceId: string; role: string }[]) =>
      (await t.call('POST', '/doppel/keys', { workspaces })).body as { accessKeyId: string; secretAccessKey: string };
    const reader = await key([{ workspaceId: 'plant', role: 'read' }]);
    const outsider = await key([{ workspaceId: 'other', role: 'write' }]);

    expect((await send('GET', `${base}/models/data.bin`, undefined, {}, reader)).status).toBe(200);
    expect((await send('GET', base, undefined, {}, reader)).json.resources).toHaveLength(1);
    const write = await send('PUT', `${base}/models/new.bin`, 'x', {}, reader);
    expect(write.status).toBe(403);
    expect(write.errorType).toBe('AccessDeniedException');
    expect((await send('DELETE', `${base}/models/data.bin`, undefined, {}, reader)).status).toBe(403);

    for (const [method, url] of [
      ['GET', `${base}/models/data.bin`],
      ['GET', base],
      ['PUT', `${base}/models/x.bin`],
      ['DELETE', `${base}/models/data.bin`],
    ]) {
      const res = await send(method!, url!, method === 'PUT' ? 'x' : undefined, {}, outsider);
      expect(res.status).toBe(404);
      expect(res.json.message).toBe('Workspace plant not found');
    }
    expect((await send('GET', base, undefined, {}, null)).status).toBe(401);
    // the other workspace has its own bucket
    expect((await send('GET', '/doppel/workspaces/other/resources', undefined, {}, outsider)).json.resources).toEqual(
      [],
    );
  });

  it('pages a listing with nextToken without loss or duplicates', async () => {
    const paths = ['a.txt', 'a/b.txt', 'a-c.txt', 'b/c/d.txt', 'b/c/e.txt', 'z.txt'];
    for (const p of paths) await send('PUT', `${base}/${p}`, p);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await send('GET', `${base}?maxResults=2${token ? `&nextToken=${token}` : ''}`);
      expect(page.json.resources.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.resources.map((r: { path: string }) => r.path));
      token = page.json.nextToken;
    } while (token);
    // byte order, as S3 lists keys: '-' sorts before '.' and '/'
    expect(seen).toEqual(['a-c.txt', 'a.txt', 'a/b.txt', 'b/c/d.txt', 'b/c/e.txt', 'z.txt']);
    const wrong = await send('GET', `${base}?prefix=b/&nextToken=${Buffer.from('{}').toString('base64url')}`);
    expect(wrong.status).toBe(400);
  });

  it('refuses a resource under a path that is a file, with a ConflictException', async () => {
    await send('PUT', `${base}/models`, 'a file');
    const res = await send('PUT', `${base}/models/oven.bin`, 'x');
    expect(res.status).toBe(409);
    expect(res.json.message).toContain('models/oven.bin');
  });

  it('refuses to delete a workspace whose bucket holds resources', async () => {
    await send('PUT', `${base}/models/data.bin`, model);
    const refused = await t.call('DELETE', '/workspaces/plant');
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('resources');
    await send('DELETE', `${base}/models/data.bin`);
    expect((await t.call('DELETE', '/workspaces/plant')).status).toBe(200);
  });

  it('gives a workspace created without s3Location the bucket doppel-<id lower-cased>', async () => {
    const sdk = t.sdk();
    await sdk.send(new CreateWorkspaceCommand({ workspaceId: 'Cookie_Line', role: undefined } as never));
    const ws = await sdk.send(new GetWorkspaceCommand({ workspaceId: 'Cookie_Line' }));
    expect(ws.s3Location).toBe('arn:aws:s3:::doppel-cookie_line');
  });
});

describe('scene documents', () => {
  it('serves the document a scene’s contentLocation names, unchanged', async () => {
    const doc = JSON.stringify({ specVersion: '1.0', version: '1', nodes: [], rootNodeIndexes: [] }, null, 2);
    await send('PUT', `${base}/scenes/plant.json`, doc, { 'content-type': 'application/json' });
    await t.call('POST', '/workspaces/plant/scenes', {
      sceneId: 'plant',
      contentLocation: 's3://doppel-plant/scenes/plant.json',
    });
    const got = await send('GET', '/doppel/workspaces/plant/scenes/plant/document');
    expect(got.status).toBe(200);
    expect(got.bytes.toString()).toBe(doc);
    expect(got.headers.get('content-type')).toMatch(/json/);
    expect(got.headers.get('etag')).toBeTruthy();
    expect((await send('GET', '/doppel/workspaces/plant/scenes/nope/document')).status).toBe(404);
  });
});

async function rawPut(urlPath: string, body: string) {
  return new Promise<{ status: number; errorType: string | undefined; json: any }>((resolve, reject) => {
    const { hostname, port } = new URL(t.url);
    const req = http.request({
      hostname,
      port,
      path: urlPath,
      method: 'PUT',
      headers: { authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}` },
    });
    req.on('response', (r) => {
      let text = '';
      r.on('data', (c) => (text += c));
      r.on('end', () =>
        resolve({ status: r.statusCode!, errorType: r.headers['x-amzn-errortype'] as string, json: JSON.parse(text) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor(check: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}
