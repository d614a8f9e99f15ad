#!/usr/bin/env node
// npm run e2e [-- spec-name-filter…]: the browser tests. Builds the host page (cached), starts
// a real service on a temporary data dir with a known admin key and seeds the e2e workspace,
// starts the test host with a Doppel data source against it, then runs tests/e2e/specs/*.spec.mjs
// with node:test (one Chromium per spec file), after the host server's own tests
// (tests/e2e/host/*.test.mjs). Screenshots land in tests/e2e/artifacts/.
// Needs the built plugin and service (npm run build) and /usr/bin/chromium.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ARTIFACTS_DIR } from '../tests/e2e/browser.mjs';
import { buildHostPage, REPO_DIR } from '../tests/e2e/host/build.mjs';
import { startHostServer } from '../tests/e2e/host/server.mjs';
import { startService } from '../tests/e2e/host/service.mjs';
import { seedWorkspace, WORKSPACE } from '../tests/e2e/seed.mjs';

const SPECS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../tests/e2e/specs');
const filters = process.argv.slice(2);
const HOST_DIR = path.join(SPECS_DIR, '../host');
// Browser specs, plus the host server's own node tests (fast, no browser).
const specs = [
  ...fs
    .readdirSync(HOST_DIR)
    .filter((f) => f.endsWith('.test.mjs'))
    .map((f) => path.join(HOST_DIR, f)),
  ...fs
    .readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith('.spec.mjs'))
    .map((f) => path.join(SPECS_DIR, f)),
].filter((f) => !filters.length || filters.some((x) => path.basename(f).includes(x)));
if (!specs.length) {
  console.error(`no spec matches ${filters.join(' ')}`);
  process.exit(1);
}
if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'plugin.json'))) {
  console.error('dist/plugin.json is missing: run npm run build first');
  process.exit(1);
}

const started = Date.now();
fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
await buildHostPage();
const service = await startService({ logFile: path.join(ARTIFACTS_DIR, 'service.log') });
let host;
let code = 1;
try {
  const seeded = await seedWorkspace(service);
  host = await startHostServer({
    extraPluginDirs: [path.join(SPECS_DIR, '../fixtures/probe-panel')],
    datasources: [
      {
        uid: 'doppel',
        name: 'Doppel',
        type: 'doppel-twin-datasource',
        isDefault: true,
        jsonData: { serviceUrl: service.url, accessKeyId: service.accessKeyId, workspaceId: WORKSPACE },
        secureJsonData: { secretAccessKey: service.secretAccessKey },
      },
    ],
  });
  console.log(`service ${service.url}, host ${host.url}; running ${specs.length} spec file(s)`);
  code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...specs], {
      stdio: 'inherit',
      env: {
        ...process.env,
        E2E_HOST_URL: host.url,
        E2E_SERVICE_URL: service.url,
        E2E_ACCESS_KEY_ID: service.accessKeyId,
        E2E_SECRET_ACCESS_KEY: service.secretAccessKey,
        // the seeded hour ends here, not at the spec's own now: a long run must not slide past it
        E2E_SEEDED_LAST_TIME: String(seeded.lastTime),
      },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
} finally {
  await host?.close();
  await service.close();
}
console.log(
  `e2e ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(process.cwd(), ARTIFACTS_DIR)}/`,
);
process.exit(code);
