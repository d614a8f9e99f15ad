// The loader itself: every built module.js is an AMD module whose imports the host provides
// as Grafana does, and it resolves to the one shared instance of each package (a plugin class
// from the module is an instance of the host's own @grafana/data class).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { REPO_DIR } from '../host/build.mjs';
import { readPlugins } from '../host/server.mjs';
import { assertNoPageErrors, step, useBrowser } from '../harness.mjs';

const browser = useBrowser();
const { plugins } = readPlugins(path.join(REPO_DIR, 'dist'));

/** The dependency names of a webpack AMD module: define(["a","b",…], factory). */
function amdDependencies(file) {
  const text = fs.readFileSync(file, 'utf8');
  const match = text.match(/define\(\s*(\[[^\]]*\])/);
  assert.ok(match, `${file} is not an AMD module (no define([...]))`);
  return JSON.parse(match[1]);
}

describe('plugin loader', () => {
  test('every dist module.js imports only what the host shares (plus "module")', async () => {
    const page = await browser.open('/');
    await page.waitForFunction(() => window.__host);
    const shared = await page.evaluate(() => window.__host.sharedDependencyNames);
    for (const meta of Object.values(plugins)) {
      const deps = amdDependencies(path.join(meta.dir, 'module.js'));
      const missing = deps.filter((d) => d !== 'module' && !shared.includes(d));
      assert.deepEqual(
        missing,
        [],
        `${meta.id} imports modules the host (and Grafana) may not share: ${missing.join(', ')}`,
      );
    }
  });

  test("each plugin loads through SystemJS and is built on the host's @grafana/data", async () => {
    const page = await browser.open('/');
    await step(page, 'loader-classes', async () => {
      await page.waitForFunction(() => window.__host);
      const loaded = await page.evaluate(async () => {
        const out = {};
        for (const meta of Object.values(window.__host.pluginMetas())) {
          const exports = await window.__host.importPluginModule(meta);
          out[meta.id] = { type: meta.type, kind: window.__host.pluginKind(exports.plugin) };
        }
        return out;
      });
      for (const [id, { type, kind }] of Object.entries(loaded))
        assert.equal(kind, type, `${id}: plugin export is a ${kind}`);
      assert.ok(Object.keys(loaded).length >= 2);
      assertNoPageErrors(page);
    });
  });
});
