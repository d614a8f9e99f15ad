// Starts a real backend-proxy (the built service) on a free port and a temporary data dir,
// with an admin credential it is given through DOPPEL_ACCESS_KEY_ID / DOPPEL_SECRET_ACCESS_KEY.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { REPO_DIR } from './build.mjs';

export const SERVICE_CLI = path.join(REPO_DIR, 'backend-proxy', 'dist', 'cli.js');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url, child, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the service did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/** Starts the service (with the live demo workspace when `demo`); resolves with { url, accessKeyId, secretAccessKey, dataDir, logFile, close }. */
export async function startService({ port, dataDir, logFile, accessKeyId, secretAccessKey, demo = false } = {}) {
  if (!fs.existsSync(SERVICE_CLI)) throw new Error(`${SERVICE_CLI} is missing: run npm run build first`);
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-e2e-'));
  const listenPort = port ?? (await freePort());
  const credentials = {
    accessKeyId: accessKeyId ?? `E2EADMIN${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
    secretAccessKey: secretAccessKey ?? crypto.randomBytes(24).toString('base64url'),
  };
  const log = logFile ?? path.join(dir, 'service.log');
  const out = fs.openSync(log, 'a');
  const serveArgs = ['serve', '--port', String(listenPort), '--data-dir', dir, ...(demo ? ['--demo'] : [])];
  const child = spawn(process.execPath, [SERVICE_CLI, ...serveArgs], {
    env: {
      ...process.env,
      DOPPEL_ACCESS_KEY_ID: credentials.accessKeyId,
      DOPPEL_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${listenPort}`;
  try {
    await waitHealthy(url, child, 20_000);
  } catch (e) {
    child.kill();
    throw new Error(`${e.message}; log: ${log}\n${fs.readFileSync(log, 'utf8').slice(-2000)}`);
  }
  return {
    url,
    ...credentials,
    dataDir: dir,
    logFile: log,
    close: async () => {
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref();
      });
      // A temporary data dir made here goes with the service (its log may live elsewhere).
      if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The admin credential a service wrote into its data dir on first start (admin-credentials.json). */
export function readCredentialFile(dataDir) {
  const file = path.resolve(dataDir, 'admin-credentials.json');
  if (!fs.existsSync(file)) {
    throw new Error(
      `${file} does not exist: start the service with that --data-dir first (npm start), or pass --access-key-id and --secret`,
    );
  }
  const { accessKeyId, secretAccessKey } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { accessKeyId, secretAccessKey, file };
}

/**
 * A running service to use instead of starting one: its credential from the arguments, else
 * DOPPEL_ACCESS_KEY_ID / DOPPEL_SECRET_ACCESS_KEY, else its data dir's credential file; fails
 * with what to do when the service does not answer /healthz or refuses the key.
 */
export async function attachService({ url, dataDir = 'data', accessKeyId, secretAccessKey }) {
  const given = accessKeyId ?? process.env.DOPPEL_ACCESS_KEY_ID;
  const credentials = given
    ? { accessKeyId: given, secretAccessKey: secretAccessKey ?? process.env.DOPPEL_SECRET_ACCESS_KEY }
    : readCredentialFile(dataDir);
  const base = url.replace(/\/+$/, '');
  try {
    await fetch(`${base}/healthz`);
  } catch {
    throw new Error(`no service answers ${base}/healthz: start one (npm start) or name it with --service URL`);
  }
  const whoami = await fetch(`${base}/doppel/whoami`, {
    headers: { authorization: `Bearer ${credentials.accessKeyId}:${credentials.secretAccessKey}` },
  });
  if (!whoami.ok) {
    const where = credentials.file ? ` (from ${credentials.file})` : '';
    throw new Error(
      `${base} refuses the key ${credentials.accessKeyId}${where}: ${(await whoami.text()).slice(0, 200)}`,
    );
  }
  return { url: base, ...credentials };
}

/** Whether the service holds the workspace (so the host's data source can default to it). */
export async function hasWorkspace(service, workspaceId) {
  const res = await fetch(`${service.url}/workspaces/${encodeURIComponent(workspaceId)}`, {
    headers: { authorization: `Bearer ${service.accessKeyId}:${service.secretAccessKey}` },
  });
  return res.ok;
}
