import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServiceProcess } from './service-process';

/**
 * A service process is killed (SIGKILL) while an upload that replaces a resource is half
 * sent. After a restart on the same data dir the resource has its old content, whole, and
 * the cut-off upload left nothing behind.
 */
test('a crash mid-upload never leaves a half file under the final name', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-resource-crash-'));
  const first = await startServiceProcess(dataDir);
  const auth = `Bearer ${first.admin.accessKeyId}:${first.admin.secretAccessKey}`;
  const url = (base: string) => `${base}/doppel/workspaces/plant/resources/models/line.bin`;
  await fetch(`${first.url}/workspaces/plant`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: '{}',
  });
  const original = Buffer.alloc(100_000, 1);
  expect(
    (await fetch(url(first.url), { method: 'PUT', headers: { authorization: auth }, body: original })).status,
  ).toBe(200);

  const req = http.request(url(first.url), {
    method: 'PUT',
    headers: { authorization: auth, 'content-length': String(8 * 1024 * 1024) },
  });
  req.on('error', () => undefined);
  await new Promise<void>((resolve) => req.write(Buffer.alloc(2 * 1024 * 1024, 2), () => resolve()));
  // the half upload is on the server's disk before it dies
  const tmp = path.join(dataDir, 'resources', 'tmp');
  const until = Date.now() + 10_000;
  while (!fs.readdirSync(tmp).some((f) => fs.statSync(path.join(tmp, f)).size > 0) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 20));
  expect(fs.readdirSync(tmp).length).toBeGreaterThan(0);
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  req.destroy();

  const second = await startServiceProcess(dataDir);
  try {
    const res = await fetch(url(second.url), { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(original)).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  } finally {
    second.child.kill('SIGKILL');
    await new Promise((r) => second.child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
