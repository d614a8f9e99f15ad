// The bare page's server: the page and three.js from node_modules (an import map, no bundler),
// its configuration, and the service behind `/svc/` with the bearer header added — the same
// hop the host's data proxy adds for the panel, so both sides fetch the scene alike.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { REPO_DIR } from '../host/build.mjs';
import { BENCH_COMPONENT_TYPE, BENCH_SCENE_ID, BENCH_WORKSPACE, ICON_THRESHOLDS, readModel } from './site.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const THREE_DIR = path.join(REPO_DIR, 'node_modules', 'three');
const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript' };

function sendFile(res, file) {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

/**
 * Starts it. `uploaded`: the scene and models are in the service's resource library (read
 * through /svc/); otherwise the page gets them from here (/local/), the same bytes.
 */
export async function startBareServer({ service, site, canvas, uploaded, sceneKey }) {
  const folder = sceneKey.slice(0, sceneKey.lastIndexOf('/') + 1);
  const ws = `/svc/doppel/workspaces/${BENCH_WORKSPACE}`;
  const config = {
    canvas,
    thresholds: ICON_THRESHOLDS,
    documentUrl: uploaded ? `${ws}/scenes/${BENCH_SCENE_ID}/document` : '/local/document.json',
    modelsBase: uploaded ? `${ws}/resources/${folder}` : '/local/models/',
    streamUrl: `${ws}/stream?componentTypeId=${encodeURIComponent(BENCH_COMPONENT_TYPE)}`,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    const p = url.pathname;
    if (p === '/') return sendFile(res, path.join(HERE, 'bare.html'));
    if (p === '/bare.mjs') return sendFile(res, path.join(HERE, 'bare.mjs'));
    if (p === '/favicon.ico') return res.writeHead(204).end();
    if (p === '/bench/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(config));
    }
    if (p.startsWith('/three/')) {
      const file = path.resolve(THREE_DIR, '.' + path.posix.normalize(p.slice('/three'.length)));
      return file.startsWith(THREE_DIR + path.sep) ? sendFile(res, file) : res.writeHead(404).end();
    }
    if (p === '/local/document.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(site.document));
    }
    if (p.startsWith('/local/models/')) {
      res.writeHead(200, { 'Content-Type': 'model/gltf-binary' });
      return res.end(readModel(path.basename(p)));
    }
    if (p.startsWith('/svc/')) {
      const upstream = http.request(
        new URL(p.slice('/svc'.length) + url.search, service.url),
        {
          method: req.method,
          headers: {
            authorization: `Bearer ${service.accessKeyId}:${service.secretAccessKey}`,
            accept: req.headers.accept ?? '*/*',
          },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.flushHeaders();
          up.pipe(res);
        },
      );
      upstream.on('error', () => (res.headersSent ? res.end() : res.writeHead(502).end()));
      res.on('close', () => upstream.destroy());
      return req.pipe(upstream);
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
