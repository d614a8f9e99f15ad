#!/usr/bin/env node
// npm start [-- --port 8600] [--data-dir ./data] [--host-port 3000] [--no-host] [--provision DIR]
// The first ten minutes: builds what is stale (the plugin when src/ changed since dist/, the
// service when backend-proxy/src/ changed since backend-proxy/dist/), starts the service with
// the live demo (`serve --demo`, its log in <data-dir>/service.log), waits for /healthz, starts
// the test host (a Grafana-like page, tests/e2e/host) with a Doppel data source attached to that
// service, and prints where to go: the dashboard, the app pages, the API, the credential and a
// curl line that works. Ctrl-C stops both. With --provision DIR (a site kept as files, e.g. a copy of
// provisioning/workspaces/example-bakery) the service applies DIR at start instead of making the
// demo, and the host's data source opens the first workspace of DIR.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVICE_CLI = path.join(REPO_DIR, 'backend-proxy', 'dist', 'cli.js');

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.DOPPEL_PORT ?? '8600' },
    'data-dir': { type: 'string', default: process.env.DOPPEL_DATA_DIR ?? 'data' },
    'host-port': { type: 'string', default: '3000' },
    'no-host': { type: 'boolean', default: false },
    provision: { type: 'string' },
  },
});
const dataDir = path.resolve(args['data-dir']);
const apiUrl = `http://127.0.0.1:${args.port}`;

/** The newest modification time of the files under `dir` (0 when there are none). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test\.[jt]sx?$/.test(entry.name)) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** Whether `output` is missing or older than any of `inputs` (folders or files). */
function stale(output, inputs) {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return inputs.some((input) => {
    const p = path.join(REPO_DIR, input);
    if (!fs.existsSync(p)) return false;
    return (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs) > built;
  });
}

function run(title, npmArgs, output) {
  console.log(`building ${title} (npm ${npmArgs.join(' ')})`);
  const result = spawnSync('npm', npmArgs, { cwd: REPO_DIR, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm start: building ${title} failed`);
    process.exit(result.status ?? 1);
  }
  // webpack leaves a file whose content did not change as it was (after a change to a comment,
  // say): mark the build as done, or every start would build again
  const now = new Date();
  fs.utimesSync(output, now, now);
}

const PLUGIN_OUTPUT = path.join(REPO_DIR, 'dist', 'module.js');
const pluginStale = stale(PLUGIN_OUTPUT, ['src', 'package.json', '.config', 'README.md', 'CHANGELOG.md']);
const serviceStale = stale(SERVICE_CLI, [
  'backend-proxy/src',
  'backend-proxy/package.json',
  'backend-proxy/tsconfig.json',
]);
if (pluginStale) run('the plugin', ['run', 'build:plugin'], PLUGIN_OUTPUT);
if (serviceStale) run('the service', ['run', 'build', '-w', 'backend-proxy'], SERVICE_CLI);
if (!pluginStale && !serviceStale) console.log('plugin and service builds are up to date');

// your own site instead of the demo: the workspace the host's data source and the printed lines name
let workspaceId = 'demo-factory';
if (args.provision) {
  const { workspaceFolders } = createRequire(import.meta.url)(
    path.join(REPO_DIR, 'backend-proxy', 'dist', 'provisioning', 'provision.js'),
  );
  try {
    workspaceId = path.basename(workspaceFolders(path.resolve(args.provision))[0]);
  } catch (e) {
    console.error(`npm start: --provision ${args.provision}: ${e.message}`);
    process.exit(2);
  }
}

fs.mkdirSync(dataDir, { recursive: true });
const logFile = path.join(dataDir, 'service.log');
const log = fs.openSync(logFile, 'a');
const service = spawn(
  process.execPath,
  [
    SERVICE_CLI,
    'serve',
    ...(args.provision ? ['--provision', path.resolve(args.provision)] : ['--demo']),
    '--port',
    args.port,
    '--data-dir',
    dataDir,
  ],
  // the log goes to a file (JSON lines): the dashboard's requests would bury what is printed below
  { cwd: REPO_DIR, stdio: ['ignore', log, log], env: { ...process.env, DOPPEL_LOG_FORMAT: 'json' } },
);

let host;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await host?.close().catch(() => undefined);
  if (service.exitCode === null) {
    await new Promise((resolve) => {
      service.once('exit', resolve);
      service.kill('SIGTERM');
      setTimeout(() => service.exitCode === null && service.kill('SIGKILL'), 5000).unref();
    });
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

function failed(message) {
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
  console.error(`npm start: ${message}\nlast lines of ${logFile}:\n${tail}`);
  return stop(1);
}

service.once('exit', (code) => {
  if (!stopping) void failed(`the service exited with code ${code}`);
});

// the first start creates the demo (an hour of history) before /healthz answers
const until = Date.now() + 180_000;
for (;;) {
  if (stopping) await new Promise(() => undefined);
  try {
    if ((await fetch(`${apiUrl}/healthz`)).ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > until) await failed(`the service did not answer ${apiUrl}/healthz within 180 s`);
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const fromEnv = Boolean(process.env.DOPPEL_ACCESS_KEY_ID);
const credentialFile = path.join(dataDir, 'admin-credentials.json');
const credentials = fromEnv
  ? { accessKeyId: process.env.DOPPEL_ACCESS_KEY_ID, secretAccessKey: process.env.DOPPEL_SECRET_ACCESS_KEY }
  : JSON.parse(fs.readFileSync(credentialFile, 'utf8'));

const lines = [''];
if (!args['no-host']) {
  // imported here: the host's build pulls in webpack, which `--no-host` does not need
  const { buildHostPage } = await import('../tests/e2e/host/build.mjs');
  const { startHostServer } = await import('../tests/e2e/host/server.mjs');
  const { appPagesUrl, demoDashboardUrl, siteDashboardUrl } = await import('../tests/e2e/host/links.mjs');
  try {
    await buildHostPage();
    host = await startHostServer({
      port: Number(args['host-port']),
      datasources: [
        {
          uid: 'doppel',
          name: 'Doppel',
          type: 'doppel-twin-datasource',
          isDefault: true,
          jsonData: { serviceUrl: apiUrl, accessKeyId: credentials.accessKeyId, workspaceId },
          secureJsonData: { secretAccessKey: credentials.secretAccessKey },
        },
      ],
    });
  } catch (e) {
    await failed(`the test host did not start on port ${args['host-port']} (${e.message}); try --host-port`);
  }
  lines.push(
    'Open in a browser (the test host: a Grafana-like page with the plugin, attached to the service):',
    `  dashboard  ${args.provision ? siteDashboardUrl(host.url) : demoDashboardUrl(host.url)}`,
    `  app pages  ${appPagesUrl(host.url)}`,
  );
}
const bearer = fromEnv
  ? '"Authorization: Bearer $DOPPEL_ACCESS_KEY_ID:$DOPPEL_SECRET_ACCESS_KEY"'
  : `"Authorization: Bearer $(node -p "const c = require('${credentialFile}'); c.accessKeyId + ':' + c.secretAccessKey")"`;
lines.push(
  `Workspace: ${workspaceId}${args.provision ? ` (provisioned from ${args.provision}; provision it again after editing the files, see README "Workspaces as code")` : ' (the live demo)'}`,
  'The API (AWS IoT TwinMaker REST, see README "Talk to the API"):',
  `  ${apiUrl}   its description: ${apiUrl}/openapi.json`,
  fromEnv
    ? '  admin credential: DOPPEL_ACCESS_KEY_ID / DOPPEL_SECRET_ACCESS_KEY'
    : `  admin credential: ${credentialFile} (accessKeyId, secretAccessKey)`,
  '  try:',
  `  curl -s -X POST ${apiUrl}/workspaces-list -H ${bearer} -H 'content-type: application/json' -d '{}'`,
  `Service log: ${logFile}. Ctrl-C stops the service${host ? ' and the host' : ''}.`,
  '',
);
console.log(lines.join('\n'));
