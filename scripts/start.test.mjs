// npm start as a newcomer runs it (scripts/start.mjs on a temporary data dir and free ports):
// the URLs it prints answer, the host's data source reaches that very service with the key of
// its credential file, the curl line it prints works when pasted into bash, and Ctrl-C stops
// both. Needs the built plugin and service (npm run build), as `npm run validate` runs after it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { freePort } from '../tests/e2e/host/service.mjs';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-start-'));
let child;
let output = '';
let printed;

before(async () => {
  const [port, hostPort] = [await freePort(), await freePort()];
  const env = { ...process.env };
  delete env.DOPPEL_ACCESS_KEY_ID;
  delete env.DOPPEL_SECRET_ACCESS_KEY;
  child = spawn(
    process.execPath,
    ['scripts/start.mjs', '--port', String(port), '--host-port', String(hostPort), '--data-dir', dataDir],
    { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URLs within 240 s:\n${output}`)), 240_000);
    child.stdout.on('data', () => {
      if (/Ctrl-C stops/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`start.mjs exited with ${code}:\n${output}`)));
  });
  const find = (re) => {
    const m = re.exec(output);
    assert.ok(m, `${re} in\n${output}`);
    return m[1];
  };
  printed = {
    dashboard: find(/dashboard\s+(http\S+)/),
    app: find(/app pages\s+(http\S+)/),
    api: find(/^\s+(http\S+)\s+its description/m),
    openapi: find(/its description: (http\S+)/),
    credentialFile: find(/admin credential: (\S+)/),
    curl: find(/^\s+(curl .*)$/m),
  };
});

after(async () => {
  if (child && child.exitCode === null) {
    // Ctrl-C first: killed outright, start.mjs could not stop the service it started
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the printed dashboard and app URLs answer, and the dashboard file they name is served', async () => {
  for (const url of [printed.dashboard, printed.app]) {
    const res = await fetch(url);
    assert.equal(res.status, 200, url);
    assert.match(res.headers.get('content-type'), /text\/html/);
  }
  const dashboard = new URL(printed.dashboard);
  assert.equal(dashboard.searchParams.get('var-sel_entity'), 'Oven_1');
  const file = dashboard.searchParams.get('file');
  const res = await fetch(`${dashboard.origin}/api/host/dashboard?file=${encodeURIComponent(file)}`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).title, 'Doppel overview');
});

test("the host's data source reaches the started service with the credential file's key", async () => {
  const host = new URL(printed.dashboard).origin;
  // data source uid doppel, its plugin.json route `doppel` (the service's root), then the path
  const res = await fetch(`${host}/api/datasources/proxy/uid/doppel/doppel/doppel/whoami`);
  assert.equal(res.status, 200, await res.clone().text());
  const { accessKeyId } = JSON.parse(fs.readFileSync(printed.credentialFile, 'utf8'));
  assert.equal((await res.json()).accessKeyId, accessKeyId);
  assert.equal(printed.credentialFile, path.join(dataDir, 'admin-credentials.json'));
});

test('the API and its OpenAPI description answer', async () => {
  assert.equal((await fetch(`${printed.api}/healthz`)).status, 200);
  const spec = await fetch(printed.openapi);
  assert.equal(spec.status, 200);
  assert.match((await spec.json()).openapi, /^3\./);
});

test('the printed curl line works as pasted into bash, and lists the demo workspace', () => {
  const run = spawnSync('bash', ['-c', printed.curl], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const workspaces = JSON.parse(run.stdout).workspaceSummaries.map((w) => w.workspaceId);
  assert.ok(workspaces.includes('demo-factory'), run.stdout);
});

test('after npm run build nothing is rebuilt, and Ctrl-C stops the service and the host', async () => {
  assert.match(output, /plugin and service builds are up to date/);
  child.kill('SIGINT');
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 0);
  for (const url of [`${printed.api}/healthz`, printed.app]) {
    await assert.rejects(fetch(url), `${url} still answers`);
  }
});

test('--provision DIR brings up a copy of the example site instead of the demo', async () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-start-site-'));
  const folder = path.join(site, 'my-site');
  fs.cpSync(path.join(REPO_DIR, 'provisioning', 'workspaces', 'example-bakery'), folder, { recursive: true });
  const env = { ...process.env };
  delete env.DOPPEL_ACCESS_KEY_ID;
  delete env.DOPPEL_SECRET_ACCESS_KEY;
  const port = await freePort();
  const start = spawn(
    process.execPath,
    [
      'scripts/start.mjs',
      '--port',
      String(port),
      '--no-host',
      '--data-dir',
      path.join(site, 'data'),
      '--provision',
      folder,
    ],
    { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let printedHere = '';
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URLs within 120 s:\n${printedHere}`)), 120_000);
      const read = (chunk) => {
        printedHere += chunk;
        if (/Ctrl-C stops/.test(printedHere)) {
          clearTimeout(timer);
          resolve();
        }
      };
      start.stdout.on('data', read);
      start.stderr.on('data', read);
      start.once('exit', (code) => reject(new Error(`start.mjs exited with ${code}:\n${printedHere}`)));
    });
    assert.match(printedHere, /Workspace: my-site \(provisioned from /);
    const curl = /^\s+(curl .*)$/m.exec(printedHere)[1];
    const listed = spawnSync('bash', ['-c', curl], { encoding: 'utf8' });
    assert.deepEqual(
      JSON.parse(listed.stdout).workspaceSummaries.map((w) => w.workspaceId),
      ['my-site'],
    );
    const { accessKeyId, secretAccessKey } = JSON.parse(
      fs.readFileSync(path.join(site, 'data', 'admin-credentials.json'), 'utf8'),
    );
    const oven = await fetch(`http://127.0.0.1:${port}/workspaces/my-site/entities/Oven1`, {
      headers: { authorization: `Bearer ${accessKeyId}:${secretAccessKey}` },
    });
    assert.equal(oven.status, 200);
    assert.equal((await oven.json()).parentEntityId, 'Line1');
  } finally {
    if (start.exitCode === null) {
      const exited = new Promise((resolve) => start.once('exit', resolve));
      start.kill('SIGINT');
      const timer = setTimeout(() => start.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(site, { recursive: true, force: true });
  }
});
