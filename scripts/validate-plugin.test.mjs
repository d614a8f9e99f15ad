// node --test scripts/validate-plugin.test.mjs — the structural plugin check on small fixtures.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { validatePluginDir } from './validate-plugin.mjs';

const info = {
  keywords: ['twin'],
  logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
  version: '1.2.3',
  updated: '2026-11-24',
};
const app = {
  type: 'app',
  id: 'acme-twin-app',
  name: 'Twin',
  info,
  includes: [
    { type: 'datasource', name: 'DS', path: 'datasource/plugin.json' },
    { type: 'dashboard', name: 'Main', path: 'dashboards/main.json' },
    { type: 'page', name: 'Home', path: '/a/acme-twin-app/home', role: 'Viewer', addToNav: true },
  ],
  dependencies: { grafanaDependency: '>=13.0.0' },
};
const ds = {
  type: 'datasource',
  id: 'acme-twin-datasource',
  name: 'DS',
  metrics: true,
  info,
  routes: [
    {
      path: 'svc',
      url: '{{ .JsonData.url }}',
      headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.k }}' }],
    },
  ],
  dependencies: { grafanaDependency: '>=13.0.0' },
};

function writeDist(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

/** The check reported a problem whose message holds `fragment` (all of them shown if not). */
function assertReported(errors, fragment) {
  assert.ok(
    errors.some((e) => e.includes(fragment)),
    `${fragment} not in\n${errors.join('\n')}`,
  );
}

const good = () => ({
  'plugin.json': app,
  'module.js': 'define([],function(){})',
  'img/logo.svg': '<svg/>',
  'dashboards/main.json': { panels: [] },
  'datasource/plugin.json': ds,
  'datasource/module.js': 'define([],function(){})',
  'datasource/img/logo.svg': '<svg/>',
  'README.md': '# Twin',
  LICENSE: 'Apache License',
  'CHANGELOG.md': '# Changelog',
});

test('a complete app with a nested data source passes', () => {
  const { errors, plugins } = validatePluginDir(writeDist(good()));
  assert.deepEqual(errors, []);
  assert.deepEqual(
    plugins.map((p) => p.id),
    ['acme-twin-app', 'acme-twin-datasource'],
  );
});

test('a missing nested logo and module.js are reported', () => {
  const files = good();
  delete files['datasource/img/logo.svg'];
  delete files['datasource/module.js'];
  const { errors } = validatePluginDir(writeDist(files));
  assertReported(errors, 'image img/logo.svg not found');
  assertReported(errors, 'module.js missing');
});

test('a missing LICENSE or CHANGELOG is reported', () => {
  const files = good();
  delete files.LICENSE;
  delete files['CHANGELOG.md'];
  const { errors } = validatePluginDir(writeDist(files));
  assert.deepEqual(errors, ['LICENSE: missing at the root of dist/', 'CHANGELOG.md: missing at the root of dist/']);
});

test('left-over build placeholders are reported', () => {
  const files = good();
  files['plugin.json'] = { ...app, info: { ...info, version: '%VERSION%' } };
  const { errors } = validatePluginDir(writeDist(files));
  assertReported(errors, '%VERSION%');
});

test('an id without the type suffix is reported', () => {
  const files = good();
  files['datasource/plugin.json'] = { ...ds, id: 'acme-twin-panel' };
  const { errors } = validatePluginDir(writeDist(files));
  assertReported(errors, 'must end with "-datasource"');
});

test('a nested plugin left out of includes, and an include that does not resolve, are reported', () => {
  const files = good();
  files['plugin.json'] = { ...app, includes: [{ type: 'dashboard', name: 'Gone', path: 'dashboards/gone.json' }] };
  const { errors } = validatePluginDir(writeDist(files));
  assertReported(errors, 'not declared in includes');
  assertReported(errors, 'dashboards/gone.json does not exist');
});

test('schema fields: unknown members, missing grafanaDependency and bad routes are reported', () => {
  const files = good();
  files['datasource/plugin.json'] = { ...ds, colour: 'red', dependencies: {}, routes: [{ path: 'x', url: 'ftp://x' }] };
  const { errors } = validatePluginDir(writeDist(files));
  for (const expected of ['unknown member "colour"', 'grafanaDependency', 'routes[0].url']) {
    assertReported(errors, expected);
  }
});
