// node --test tests/e2e/host/server.test.mjs — the host server's data proxy against a fake
// upstream: route matching, header injection from jsonData/secureJsonData, what is never
// forwarded, status and headers passed back, and settings that keep secrets server-side.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { renderRouteTemplate, startHostServer } from './server.mjs';

function fakeDist() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-dist-'));
  const info = {
    keywords: ['x'],
    logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
    version: '1.0.0',
    updated: '2026-01-01',
  };
  fs.writeFileSync(
    path.join(dir, 'plugin.json'),
    JSON.stringify({ type: 'app', id: 'acme-x-app', name: 'X', info, includes: [] }),
  );
  fs.mkdirSync(path.join(dir, 'ds'));
  fs.writeFileSync(
    path.join(dir, 'ds', 'plugin.json'),
    JSON.stringify({
      type: 'datasource',
      id: 'acme-x-datasource',
      name: 'X DS',
      info,
      routes: [
        {
          path: 'svc',
          url: '{{ .JsonData.serviceUrl }}',
          headers: [{ name: 'Authorization', content: 'Bearer {{ .JsonData.keyId }}:{{ .SecureJsonData.secret }}' }],
        },
        {
          path: 'svc/special',
          url: '{{ .JsonData.serviceUrl }}/other',
          headers: [{ name: 'X-Special', content: 'yes' }],
        },
      ],
    }),
  );
  fs.writeFileSync(path.join(dir, 'ds', 'module.js'), 'define([], function () { return {}; });');
  return dir;
}

describe('test host server', () => {
  let upstream;
  let upstreamUrl;
  let host;
  const seen = [];

  before(async () => {
    upstream = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      res.writeHead(req.url.includes('missing') ? 404 : 200, {
        'Content-Type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
    host = await startHostServer({
      distDir: fakeDist(),
      datasources: [
        {
          uid: 'x',
          name: 'X',
          type: 'acme-x-datasource',
          jsonData: { serviceUrl: upstreamUrl, keyId: 'KEY' },
          secureJsonData: { secret: 's3cret' },
        },
      ],
    });
  });
  after(async () => {
    await host.close();
    upstream.close();
  });

  test('route templates read jsonData and secureJsonData', () => {
    assert.equal(
      renderRouteTemplate('Bearer {{ .JsonData.a }}:{{.SecureJsonData.b}}', { a: 1 }, { b: 'two' }),
      'Bearer 1:two',
    );
    assert.equal(renderRouteTemplate('{{ .JsonData.missing }}x', {}, {}), 'x');
  });

  test("the proxy forwards to the route URL with the route headers, never the caller's credentials", async () => {
    const r = await fetch(`${host.url}/api/datasources/proxy/uid/x/svc/workspaces?x=1`, {
      method: 'POST',
      headers: { Authorization: 'Bearer caller', Cookie: 'grafana_session=1', 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    assert.equal(r.status, 200);
    const call = seen.at(-1);
    assert.equal(call.url, '/workspaces?x=1');
    assert.equal(call.method, 'POST');
    assert.equal(call.headers.authorization, 'Bearer KEY:s3cret');
    assert.equal(call.headers.cookie, undefined);
  });

  test('the longest matching route wins', async () => {
    await fetch(`${host.url}/api/datasources/proxy/uid/x/svc/special/thing`);
    const call = seen.at(-1);
    assert.equal(call.url, '/other/thing');
    assert.equal(call.headers['x-special'], 'yes');
  });

  test('upstream status and headers come back unchanged', async () => {
    const r = await fetch(`${host.url}/api/datasources/proxy/uid/x/svc/missing`);
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
  });

  test('an unreachable upstream is a 502', async () => {
    const { datasource } = await (
      await fetch(`${host.url}/api/datasources`, {
        method: 'POST',
        body: JSON.stringify({
          type: 'acme-x-datasource',
          name: 'dead',
          jsonData: { serviceUrl: 'http://127.0.0.1:9' },
        }),
      })
    ).json();
    const r = await fetch(`${host.url}/api/datasources/proxy/uid/${datasource.uid}/svc/workspaces`);
    assert.equal(r.status, 502);
  });

  test('settings show secrets only as secureJsonFields; a save keeps, replaces or resets them', async () => {
    const get = () => fetch(`${host.url}/api/datasources/uid/x`).then((r) => r.json());
    const put = (body) =>
      fetch(`${host.url}/api/datasources/uid/x`, { method: 'PUT', body: JSON.stringify(body) }).then((r) => r.json());
    const settings = await get();
    assert.deepEqual(settings.secureJsonFields, { secret: true });
    assert.ok(!JSON.stringify(settings).includes('s3cret'));
    const kept = await put({ ...settings, jsonData: { ...settings.jsonData } });
    assert.equal(kept.datasource.version, settings.version + 1);
    await fetch(`${host.url}/api/datasources/proxy/uid/x/svc/a`);
    assert.equal(seen.at(-1).headers.authorization, 'Bearer KEY:s3cret');
    await put({ ...settings, secureJsonData: { secret: 'new' } });
    await fetch(`${host.url}/api/datasources/proxy/uid/x/svc/a`);
    assert.equal(seen.at(-1).headers.authorization, 'Bearer KEY:new');
    const reset = await put({ ...settings, secureJsonFields: { secret: false }, secureJsonData: { secret: '' } });
    assert.deepEqual(reset.datasource.secureJsonFields, {});
  });

  test('the page carries grafanaBootData with the plugins and data sources, and no secret', async () => {
    const html = await (await fetch(`${host.url}/explore`)).text();
    const boot = JSON.parse(html.match(/window\.grafanaBootData = (.*?); window/)[1]);
    assert.equal(boot.settings.datasources.X.url, '/api/datasources/proxy/uid/x');
    assert.equal(boot.settings.hostPlugins['acme-x-datasource'].module, 'public/plugins/acme-x-app/ds/module.js');
    assert.ok(!html.includes('s3cret'));
  });

  test("plugin files are served under Grafana's paths and stay inside their folder", async () => {
    const ok = await fetch(`${host.url}/public/plugins/acme-x-app/ds/module.js`);
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type'), /javascript/);
    const escape = await fetch(`${host.url}/public/plugins/acme-x-app/..%2F..%2Fetc%2Fpasswd`);
    assert.equal(escape.status, 404);
  });
});
