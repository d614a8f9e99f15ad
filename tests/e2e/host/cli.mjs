#!/usr/bin/env node
// npm run host -- [--port 3000] [--service URL --access-key-id ID --secret S] [--workspace W]
//                 [--dashboard FILE] [--no-seed] [--demo]
// Builds the host page (cached), starts a service of its own on a temporary data dir unless
// --service is given (seeding the e2e factory workspace into it, or with --demo running the
// live demo-factory workspace instead), and serves the host with a Doppel data source
// configured against that service.
import path from 'node:path';
import { parseArgs } from 'node:util';

import { seedWorkspace, WORKSPACE } from '../seed.mjs';
import { buildHostPage, REPO_DIR } from './build.mjs';
import { startHostServer } from './server.mjs';
import { startService } from './service.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    service: { type: 'string' },
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
if (args.service) {
  service = {
    url: args.service,
    accessKeyId: args['access-key-id'] ?? process.env.DOPPEL_ACCESS_KEY_ID,
    secretAccessKey: args.secret ?? process.env.DOPPEL_SECRET_ACCESS_KEY,
  };
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
if (args.dashboard)
  console.log(`  ${host.url}/d?file=${encodeURIComponent(path.relative(REPO_DIR, path.resolve(args.dashboard)))}`);

const stop = async () => {
  await host.close();
  if (!args.service) await service.close?.();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
