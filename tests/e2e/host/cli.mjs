#!/usr/bin/env node
// npm run host -- [--port 3000] [--attach | --service URL] [--data-dir DIR]
//                 [--access-key-id ID --secret S] [--workspace W] [--dashboard FILE] [--no-seed] [--demo]
// Builds the host page (cached) and serves the host with a Doppel data source configured
// against a service: with --attach the one `npm start` runs (http://127.0.0.1:8600), with
// --service URL another running one, each with the key given or else the credential file of
// DIR (default ./data); without either, a service of its own on a temporary data dir (seeding
// the e2e factory workspace into it, or with --demo running the live demo-factory workspace).
import path from 'node:path';
import { parseArgs } from 'node:util';

import { seedWorkspace, WORKSPACE } from '../seed.mjs';
import { buildHostPage, REPO_DIR } from './build.mjs';
import { startHostServer } from './server.mjs';
import { appPagesUrl, demoDashboardUrl } from './links.mjs';
import { attachService, hasWorkspace, startService } from './service.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    service: { type: 'string' },
    attach: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: 'data' },
    'access-key-id': { type: 'string' },
    secret: { type: 'string' },
    workspace: { type: 'string' },
    dashboard: { type: 'string' },
    dist: { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
  },
});

await buildHostPage();
let service;
let workspaceId = args.workspace;
// --demo while `npm start` runs: its service already holds the live demo, so use it rather
// than start a second demo service
const runningDemo =
  args.demo && !args.service && !args.attach
    ? await attachService({ url: 'http://127.0.0.1:8600', dataDir: args['data-dir'] }).catch(() => undefined)
    : undefined;
const attached = Boolean(
  args.service || args.attach || (runningDemo && (await hasWorkspace(runningDemo, 'demo-factory'))),
);
if (attached) {
  try {
    service = await attachService({
      url: args.service ?? 'http://127.0.0.1:8600',
      dataDir: args['data-dir'],
      accessKeyId: args['access-key-id'],
      secretAccessKey: args.secret,
    });
  } catch (e) {
    console.error(`npm run host: ${e.message}`);
    process.exit(1);
  }
  console.log(`service: ${service.url} (key ${service.accessKeyId}${service.file ? ` from ${service.file}` : ''})`);
  if (!workspaceId && (await hasWorkspace(service, 'demo-factory'))) workspaceId = 'demo-factory';
} else {
  service = await startService({ demo: args.demo });
  console.log(`service: ${service.url} (data dir ${service.dataDir}, key ${service.accessKeyId})`);
  if (args.demo) {
    workspaceId ??= 'demo-factory';
    console.log('live demo workspace demo-factory');
  } else if (!args['no-seed']) {
    await seedWorkspace(service).catch(async (e) => {
      await service.close();
      throw e;
    });
    workspaceId ??= WORKSPACE;
    console.log(`seeded workspace ${WORKSPACE}`);
  }
}

const host = await startHostServer({
  port: Number(args.port),
  distDir: args.dist ? path.resolve(args.dist) : undefined,
  datasources: [
    {
      uid: 'doppel',
      name: 'Doppel',
      type: 'doppel-twin-datasource',
      isDefault: true,
      jsonData: { serviceUrl: service.url, accessKeyId: service.accessKeyId, ...(workspaceId ? { workspaceId } : {}) },
      secureJsonData: { secretAccessKey: service.secretAccessKey },
    },
  ],
});
console.log(`test host: ${host.url}`);
console.log(`  ${host.url}/datasources/edit   data source settings`);
console.log(`  ${host.url}/explore            query editor and result`);
console.log(`  ${appPagesUrl(host.url)}   the app's pages`);
if (workspaceId === 'demo-factory') console.log(`  ${demoDashboardUrl(host.url)}   the overview dashboard`);
if (args.dashboard)
  console.log(`  ${host.url}/d?file=${encodeURIComponent(path.relative(REPO_DIR, path.resolve(args.dashboard)))}`);

const stop = async () => {
  await host.close();
  if (!attached) await service.close?.();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
