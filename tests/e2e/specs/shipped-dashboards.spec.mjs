// Every dashboard the built plugin ships (plugin.json includes of type "dashboard") opens in
// the host unchanged: each panel finishes its queries without an error.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { REPO_DIR } from '../host/build.mjs';
import { readPlugins } from '../host/server.mjs';
import { assertNoPageErrors, screenshot, step, useBrowser } from '../harness.mjs';

const browser = useBrowser();
const DIST = path.join(REPO_DIR, 'dist');
const dashboards = Object.values(readPlugins(DIST).plugins).flatMap((meta) =>
  (meta.includes ?? []).filter((i) => i.type === 'dashboard').map((i) => path.relative(REPO_DIR, path.join(meta.dir, i.path))),
);

describe('dashboards shipped with the plugin', () => {
  test('the plugin ships dashboards', { skip: dashboards.length ? false : 'no dashboard in dist/ yet' }, () => {});
  for (const file of dashboards) {
    test(`${file} opens and every panel finishes without an error`, async () => {
      // Opened on a mixer of the seeded factory (URL values for variables the dashboard may have).
      const page = await browser.open(`/d?file=${encodeURIComponent(file)}&var-entity=Mixer_0&var-component=Mixer&var-property=temperature&var-property=rpm`);
      await step(page, `shipped-${path.basename(file, '.json')}`, async () => {
        await page.getByTestId('dashboard').waitFor({ timeout: 15_000 });
        await page.waitForFunction(
          () => {
            const panels = [...document.querySelectorAll('[data-panel-id]')];
            return panels.length > 0 && panels.every((p) => ['Done', 'Streaming', 'Error'].includes(p.getAttribute('data-state')));
          },
          undefined,
          { timeout: 20_000 },
        );
        await screenshot(page, `shipped-${path.basename(file, '.json')}`);
        const errors = await page.locator('[data-testid="panel-error"], [data-testid="variable-error"]').allInnerTexts();
        assert.deepEqual(errors, []);
        assertNoPageErrors(page);
      });
    });
  }
});
