// The test host's server: serves the host page and the built plugins (dist/) under Grafana's
// paths, keeps data source settings the way Grafana does (secrets write-only, exposed to the
// browser only as secureJsonFields), and implements Grafana's data proxy
// `/api/datasources/proxy/uid/<uid>/<route path>/…` by reading the plugin.json `routes` and
// injecting their headers rendered from jsonData/secureJsonData — streaming bodies (SSE) through.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { findPluginJsons } from '../../../scripts/validate-plugin.mjs';
import { BUILD_DIR, REPO_DIR } from './build.mjs';

const GRAFANA_VERSION = '13.2.2';
const PLACEHOLDER_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="4"/></svg>';
const UI_ICONS_DIR = path.join(REPO_DIR, 'node_modules/@grafana/ui/dist/public/img/icons');
const MIME = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.html': 'text/html; charset=utf-8',
};
// Request headers the data proxy never forwards (Grafana drops cookies and the caller's auth).
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'cookie',
  'authorization',
  'connection',
  'origin',
  'referer',
  'accept-encoding',
]);

/** Reads every plugin in distDir; nested ones are served under the app's path, as Grafana does. */
export function readPlugins(distDir) {
  const files = fs.existsSync(distDir) ? findPluginJsons(distDir) : [];
  const rootFile = path.join(distDir, 'plugin.json');
  const rootId = fs.existsSync(rootFile) ? JSON.parse(fs.readFileSync(rootFile, 'utf8')).id : undefined;
  const plugins = {};
  for (const file of files) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const rel = path.relative(distDir, path.dirname(file)).split(path.sep).join('/');
    const baseUrl = ['public/plugins', rootId ?? json.id, rel].filter(Boolean).join('/');
    const logo = (p) => (p && !/^https?:/.test(p) ? `${baseUrl}/${p}` : p);
    plugins[json.id] = {
      ...json,
      info: { ...json.info, logos: { small: logo(json.info?.logos?.small), large: logo(json.info?.logos?.large) } },
      baseUrl,
      module: `${baseUrl}/module.js`,
      dir: path.dirname(file),
      signature: 'unsigned',
      angular: { detected: false },
    };
  }
  return { rootId, plugins };
}

/** Renders a Go-template-like route string: {{ .JsonData.x }} / {{ .SecureJsonData.x }}. */
export function renderRouteTemplate(text, jsonData, secureJsonData) {
  return String(text ?? '').replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_m, scope, key) => {
    const value = (scope === 'JsonData' ? jsonData : secureJsonData)?.[key];
    return value === undefined || value === null ? '' : String(value);
  });
}

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function serveFile(res, file) {
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) return sendJson(res, 404, { message: 'Not found' });
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
    });
    fs.createReadStream(file).pipe(res);
  });
}

/** A path inside root, or undefined when the request tries to leave it. */
function inside(root, rel) {
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decodeURIComponent(rel)));
  return full === root || full.startsWith(root + path.sep) ? full : undefined;
}

/**
 * Starts the host. options: port (0 = any), distDir, extraPluginDirs (more plugin folders),
 * datasources: [{ uid, name, type, jsonData, secureJsonData, isDefault }], pageDir (built
 * bundle). Resolves with { url, close }.
 */
export async function startHostServer(options = {}) {
  const distDir = path.resolve(options.distDir ?? path.join(REPO_DIR, 'dist'));
  const pageDir = options.pageDir ?? path.join(BUILD_DIR, 'public');
  const extraPluginDirs = (options.extraPluginDirs ?? []).map((d) => path.resolve(d));
  // dist/ plus stand-alone plugin folders (test fixtures), each served under its own id.
  const loadPlugins = () => {
    const fromDist = readPlugins(distDir);
    for (const dir of extraPluginDirs) Object.assign(fromDist.plugins, readPlugins(dir).plugins);
    return fromDist;
  };
  let { rootId, plugins } = loadPlugins();
  const datasources = new Map(); // uid → { settings, secure }
  const appSettings = new Map();
  let nextId = 1;

  function createDatasource(input) {
    const uid = input.uid || `ds-${nextId}`;
    const type = input.type;
    const meta = plugins[type];
    const settings = {
      id: nextId++,
      uid,
      orgId: 1,
      name: input.name || `${meta?.name ?? type}-${uid}`,
      type,
      typeName: meta?.name ?? type,
      typeLogoUrl: meta?.info?.logos?.small ?? '',
      access: 'proxy',
      url: input.url ?? '',
      user: '',
      database: '',
      basicAuth: false,
      basicAuthUser: '',
      withCredentials: false,
      isDefault: Boolean(input.isDefault),
      jsonData: input.jsonData ?? {},
      secureJsonFields: {},
      readOnly: false,
      // Grafana: version 1 right after "Add data source", > 1 once saved.
      version: input.version ?? 1,
    };
    const secure = {};
    for (const [k, v] of Object.entries(input.secureJsonData ?? {})) {
      if (v) {
        secure[k] = v;
        settings.secureJsonFields[k] = true;
      }
    }
    datasources.set(uid, { settings, secure });
    return settings;
  }
  for (const ds of options.datasources ?? []) createDatasource({ version: 2, ...ds });

  function instanceSettings(settings) {
    const meta = plugins[settings.type];
    return {
      id: settings.id,
      uid: settings.uid,
      type: settings.type,
      name: settings.name,
      meta,
      url: `/api/datasources/proxy/uid/${settings.uid}`,
      jsonData: settings.jsonData,
      access: 'proxy',
      readOnly: false,
      isDefault: settings.isDefault,
    };
  }

  function bootData(origin) {
    const byName = {};
    for (const { settings } of datasources.values()) byName[settings.name] = instanceSettings(settings);
    const defaultDs = [...datasources.values()].find((d) => d.settings.isDefault) ?? [...datasources.values()][0];
    const panels = {};
    const apps = {};
    for (const meta of Object.values(plugins)) {
      if (meta.type === 'panel') panels[meta.id] = { ...meta, sort: 100 };
      if (meta.type === 'app')
        apps[meta.id] = {
          id: meta.id,
          path: meta.module,
          version: meta.info?.version,
          preload: false,
          angular: meta.angular,
        };
    }
    const browserPlugins = Object.fromEntries(
      Object.entries(plugins).map(([id, { dir: _dir, ...meta }]) => [id, meta]),
    );
    return {
      settings: {
        appUrl: `${origin}/`,
        appSubUrl: '',
        buildInfo: {
          version: GRAFANA_VERSION,
          commit: 'test-host',
          env: 'production',
          edition: 'Open Source',
          latestVersion: '',
          hasUpdate: false,
          hideVersion: false,
        },
        datasources: byName,
        defaultDatasource: defaultDs?.settings.name ?? '',
        panels,
        apps,
        hostPlugins: browserPlugins,
        liveEnabled: false,
        featureToggles: {},
        unifiedAlertingEnabled: false,
      },
      user: {
        id: 1,
        uid: 'admin',
        login: 'admin',
        name: 'Admin',
        email: 'admin@localhost',
        orgId: 1,
        orgName: 'Main Org.',
        orgRole: 'Admin',
        isSignedIn: true,
        isGrafanaAdmin: true,
        theme: 'dark',
        timezone: 'utc',
        weekStart: 'monday',
        locale: 'en-US',
        language: 'en-US',
        permissions: {},
        helpFlags1: 0,
        hasEditPermissionInFolders: true,
      },
      navTree: [],
      assets: { dark: '', light: '' },
    };
  }

  function indexHtml(origin) {
    const boot = JSON.stringify(bootData(origin)).replace(/</g, '\\u003c');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Doppel test host</title>
<style>html,body{margin:0;background:#111217;color:#ccccdc;font-family:Inter,Helvetica,Arial,sans-serif}</style>
<script>window.grafanaBootData = ${boot}; window.__grafana_public_path__ = '/public/';</script>
</head><body><div id="root"></div><div id="grafana-portal-container"></div>
<script src="/public/host/host.js"></script></body></html>`;
  }

  async function proxy(req, res, uid, rest, search) {
    const entry = datasources.get(uid);
    if (!entry) return sendJson(res, 404, { message: 'Data source not found' });
    const { settings, secure } = entry;
    const routes = plugins[settings.type]?.routes ?? [];
    const route = routes
      .filter((r) => rest === r.path || rest.startsWith(`${r.path}/`) || r.path === '')
      .sort((a, b) => b.path.length - a.path.length)[0];
    let base = route ? renderRouteTemplate(route.url, settings.jsonData, secure) : settings.url;
    const remainder = route ? rest.slice(route.path.length) : `/${rest}`;
    if (!base) return sendJson(res, 502, { message: 'Bad Gateway: the data source has no URL configured' });
    let target;
    try {
      target = new URL(
        base.replace(/\/+$/, '') + (remainder.startsWith('/') || !remainder ? remainder : `/${remainder}`) + search,
      );
      if (!/^https?:$/.test(target.protocol)) throw new Error('not http');
    } catch {
      return sendJson(res, 502, { message: `Bad Gateway: invalid data source URL ${base}` });
    }
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!DROPPED_REQUEST_HEADERS.has(k)) headers[k] = v;
    for (const h of route?.headers ?? [])
      headers[h.name.toLowerCase()] = renderRouteTemplate(h.content, settings.jsonData, secure);
    for (const p of route?.urlParams ?? [])
      target.searchParams.set(p.name, renderRouteTemplate(p.content, settings.jsonData, secure));
    const upstream = http.request(target, { method: req.method, headers }, (up) => {
      const out = { ...up.headers };
      delete out['set-cookie'];
      res.writeHead(up.statusCode ?? 502, out);
      res.flushHeaders();
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) sendJson(res, 502, { message: 'Bad Gateway' });
      else res.end();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  async function api(req, res, url) {
    const p = url.pathname;
    let m;
    if ((m = p.match(/^\/api\/datasources\/proxy\/uid\/([^/]+)\/?(.*)$/)))
      return proxy(req, res, decodeURIComponent(m[1]), m[2], url.search);
    if (p === '/api/health') return sendJson(res, 200, { database: 'ok', version: GRAFANA_VERSION });
    if (p === '/api/datasources' && req.method === 'GET')
      return sendJson(
        res,
        200,
        [...datasources.values()].map((d) => d.settings),
      );
    if (p === '/api/datasources' && req.method === 'POST') {
      const input = JSON.parse((await readBody(req)).toString() || '{}');
      if (!plugins[input.type]) return sendJson(res, 400, { message: `Unknown plugin type ${input.type}` });
      if (input.uid && datasources.has(input.uid))
        return sendJson(res, 409, { message: 'data source with the same uid already exists' });
      const settings = createDatasource(input);
      return sendJson(res, 200, {
        datasource: settings,
        id: settings.id,
        message: 'Datasource added',
        name: settings.name,
      });
    }
    if (p === '/api/host/datasource/default') {
      const found = [...datasources.values()].find((d) => d.settings.isDefault) ?? [...datasources.values()][0];
      return found ? sendJson(res, 200, found.settings) : sendJson(res, 404, { message: 'No data source configured' });
    }
    if ((m = p.match(/^\/api\/datasources\/uid\/([^/]+)$/))) {
      const uid = decodeURIComponent(m[1]);
      const entry = datasources.get(uid);
      if (!entry) return sendJson(res, 404, { message: 'Data source not found' });
      if (req.method === 'GET') return sendJson(res, 200, entry.settings);
      if (req.method === 'DELETE') {
        datasources.delete(uid);
        return sendJson(res, 200, { message: 'Data source deleted' });
      }
      if (req.method === 'PUT') {
        const input = JSON.parse((await readBody(req)).toString() || '{}');
        // Secrets: a non-empty value replaces, a field reset to false (with '') deletes, absent keeps.
        for (const [k, v] of Object.entries(input.secureJsonData ?? {})) {
          if (v) entry.secure[k] = v;
          else if (input.secureJsonFields?.[k] === false) delete entry.secure[k];
        }
        const secureJsonFields = Object.fromEntries(Object.keys(entry.secure).map((k) => [k, true]));
        entry.settings = {
          ...entry.settings,
          name: input.name ?? entry.settings.name,
          url: input.url ?? entry.settings.url,
          jsonData: input.jsonData ?? {},
          isDefault: Boolean(input.isDefault ?? entry.settings.isDefault),
          secureJsonFields,
          version: entry.settings.version + 1,
        };
        return sendJson(res, 200, {
          datasource: entry.settings,
          instanceSettings: instanceSettings(entry.settings),
          message: 'Datasource updated',
        });
      }
    }
    if ((m = p.match(/^\/api\/plugins\/([^/]+)\/settings$/))) {
      const id = decodeURIComponent(m[1]);
      const meta = plugins[id];
      if (!meta) return sendJson(res, 404, { message: 'Plugin not found' });
      if (req.method === 'POST')
        appSettings.set(id, {
          ...(appSettings.get(id) ?? {}),
          ...JSON.parse((await readBody(req)).toString() || '{}'),
        });
      const stored = appSettings.get(id) ?? {};
      const { dir: _dir, ...browserMeta } = meta;
      return sendJson(res, 200, {
        ...browserMeta,
        enabled: stored.enabled ?? true,
        pinned: stored.pinned ?? true,
        jsonData: stored.jsonData ?? {},
        secureJsonFields: {},
      });
    }
    if (p === '/api/host/dashboard') {
      const file = url.searchParams.get('file') ?? '';
      const full = path.resolve(REPO_DIR, file);
      if (!file.endsWith('.json') || !fs.existsSync(full))
        return sendJson(res, 404, { message: `No dashboard JSON at ${file} (paths are relative to the repository)` });
      try {
        return sendJson(res, 200, JSON.parse(fs.readFileSync(full, 'utf8')));
      } catch (e) {
        return sendJson(res, 400, { message: `${file} is not valid JSON: ${e.message}` });
      }
    }
    if (p === '/api/host/reload-plugins' && req.method === 'POST') {
      ({ rootId, plugins } = loadPlugins());
      return sendJson(res, 200, { plugins: Object.keys(plugins) });
    }
    return sendJson(res, 404, { message: `Not found: ${p}` });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const p = url.pathname;
    if (p.startsWith('/api/')) {
      api(req, res, url).catch((e) =>
        res.headersSent ? res.end() : sendJson(res, 500, { message: String(e?.message ?? e) }),
      );
      return;
    }
    if (p.startsWith('/public/host/')) {
      const file = inside(pageDir, p.slice('/public/host/'.length));
      return file ? serveFile(res, file) : sendJson(res, 404, { message: 'Not found' });
    }
    if (p.startsWith('/public/build/img/icons/')) {
      // @grafana/ui's icons, where Grafana serves them (react-inlinesvg fetches each one)
      // @grafana/ui publishes only part of Grafana's icon set; the rest get a neutral dot.
      const file = inside(UI_ICONS_DIR, p.slice('/public/build/img/icons/'.length));
      if (file && fs.existsSync(file)) return serveFile(res, file);
      res.writeHead(200, { 'Content-Type': 'image/svg+xml' });
      return res.end(PLACEHOLDER_ICON);
    }
    let m;
    if ((m = p.match(/^\/public\/plugins\/([^/]+)\/(.*)$/))) {
      const id = decodeURIComponent(m[1]);
      const root = id === rootId ? distDir : plugins[id]?.dir;
      const file = root && inside(root, m[2]);
      return file ? serveFile(res, file) : sendJson(res, 404, { message: 'Not found' });
    }
    if (p === '/favicon.ico') return res.writeHead(204).end();
    // Grafana's own assets (the Inter fonts …) are not published on npm: not found, not HTML.
    if (p.startsWith('/public/')) return sendJson(res, 404, { message: `Not found: ${p}` });
    const origin = `http://${req.headers.host}`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(indexHtml(origin));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  server.keepAliveTimeout = 1000;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    plugins: () => plugins,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
