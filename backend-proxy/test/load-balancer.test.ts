import { GetWorkspaceCommand, IoTTwinMakerClient } from '@aws-sdk/client-iottwinmaker';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startTestService, TestService } from './harness';
import { testStoreConfig, testStoreKind } from './test-store';
import { seedPlant } from './values-fixture';

/**
 * The load balancer of docker-compose.yaml's postgres profile: real nginx with the checked-in
 * deploy/doppel-lb.nginx.conf (its replica host names pointed at two services here) in front
 * of two services. On PostgreSQL they are two replicas over one database; on SQLite both
 * upstream entries name one service (the config, not replication, is under test). Live
 * streams pass through as events are written, SigV4 survives the hop (the Host header with
 * its port), and a large upload streams through.
 */

const NGINX = '/usr/sbin/nginx';
const CONFIG = path.join(__dirname, '..', '..', 'deploy', 'doppel-lb.nginx.conf');
const ws = 'plant';
let replicas: TestService[] = [];
let nginx: ChildProcess | undefined;
let prefix: string;
let lb: string;
let library: string;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  if (!fs.existsSync(NGINX))
    throw new Error(`${NGINX} is missing: install nginx-core (scripts/ensure-system-packages.sh does)`);
  library = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-lb-library-'));
  const first = await startTestService({ config: { resourcesDir: library } });
  const second =
    testStoreKind() === 'postgres'
      ? await startTestService({ config: { ...(await testStoreConfig(first.dataDir)), resourcesDir: library } })
      : undefined;
  replicas = second ? [first, second] : [first];
  await seedPlant(first, ws, 1);

  const port = await freePort();
  const upstream = (i: number) => new URL(replicas[Math.min(i, replicas.length - 1)]!.url).host;
  const site = fs
    .readFileSync(CONFIG, 'utf8')
    .replace('doppel-replica-1:8600', upstream(0))
    .replace('doppel-replica-2:8600', upstream(1))
    .replace('listen 8600;', `listen 127.0.0.1:${port};`);
  expect(site).not.toMatch(/doppel-replica-|listen 8600/);
  prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-lb-'));
  fs.writeFileSync(path.join(prefix, 'site.conf'), site);
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${prefix}/site.conf;
}
`,
  );
  const args = ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  expect(check.stderr).toContain('syntax is ok');
  nginx = spawn(NGINX, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  lb = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await fetch(`${lb}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline)
      throw new Error(`nginx did not answer on ${lb}:\n${fs.readFileSync(`${prefix}/error.log`, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx!.once('exit', resolve));
    nginx.kill('SIGQUIT');
    await exited;
  }
  for (const r of replicas) await r.close();
  for (const dir of [prefix, library]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const auth = () => ({
  authorization: `Bearer ${replicas[0]!.admin.accessKeyId}:${replicas[0]!.admin.secretAccessKey}`,
});

test('a live stream through the balancer gets each value as it is written', async () => {
  const abort = new AbortController();
  const res = await fetch(
    `${lb}/doppel/workspaces/${ws}/stream?entityId=pump-1&componentName=sensor&selectedProperties=temperature`,
    { headers: auth(), signal: abort.signal },
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const nextValue = async () => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const at = text.indexOf('event: value');
      const end = at >= 0 ? text.indexOf('\n\n', at) : -1;
      if (end >= 0) {
        const block = text.slice(at, end);
        text = text.slice(end + 2);
        return JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as { value: { doubleValue: number } };
      }
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no event through the balancer; got ${JSON.stringify(text)}`)),
            deadline - Date.now(),
          );
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('the stream ended');
      text += decoder.decode(chunk.value, { stream: true });
    }
  };
  // one value at a time: each must arrive before the next is written (nothing held back)
  for (const [i, writer] of [replicas[0]!, replicas.at(-1)!, replicas[0]!].entries()) {
    const put = await fetch(`${writer.url}/workspaces/${ws}/entity-properties`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        entries: [
          {
            entityPropertyReference: { entityId: 'pump-1', componentName: 'sensor', propertyName: 'temperature' },
            propertyValues: [
              { time: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), value: { doubleValue: i } },
            ],
          },
        ],
      }),
    });
    expect(put.status).toBe(200);
    expect((await nextValue()).value.doubleValue).toBe(i);
  }
  abort.abort();
});

test('a SigV4-signed call through the balancer verifies (the Host header keeps its port)', async () => {
  const client = new IoTTwinMakerClient({
    region: 'us-east-1',
    endpoint: lb,
    credentials: replicas[0]!.admin,
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  try {
    const got = await client.send(new GetWorkspaceCommand({ workspaceId: ws }));
    expect(got.workspaceId).toBe(ws);
  } finally {
    client.destroy();
  }
});

test('a large upload streams through the balancer and reads back whole', async () => {
  const content = crypto.randomBytes(8 * 1024 * 1024);
  const url = `${lb}/doppel/workspaces/${ws}/resources/models/big.bin`;
  const put = await fetch(url, { method: 'PUT', headers: auth(), body: content });
  expect(put.status).toBe(200);
  const back = Buffer.from(await (await fetch(url, { headers: auth() })).arrayBuffer());
  expect(back.equals(content)).toBe(true);
});
