// What the demo specs stand on: a service started with --demo of its own (a temporary data
// dir), the host with a default Doppel data source on its demo-factory workspace, and Chromium
// with the software WebGL renderer the scene viewer needs.
import { launchChromium } from './browser.mjs';
import { startHostServer } from './host/server.mjs';
import { startService } from './host/service.mjs';

export async function startDemoStack() {
  const service = await startService({ demo: true });
  const host = await startHostServer({
    datasources: [
      {
        uid: 'doppel',
        name: 'Doppel',
        type: 'doppel-twin-datasource',
        isDefault: true,
        jsonData: { serviceUrl: service.url, accessKeyId: service.accessKeyId, workspaceId: 'demo-factory' },
        secureJsonData: { secretAccessKey: service.secretAccessKey },
      },
    ],
  });
  const browser = await launchChromium({ extraArgs: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  return {
    service,
    host,
    browser,
    async close() {
      await browser.close();
      await host.close();
      await service.close();
    },
  };
}
