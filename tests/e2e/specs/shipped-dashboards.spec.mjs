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
  (meta.includes ?? [])
    .filter((i) => i.type === 'dashboard')
    .map((i) => path.relative(REPO_DIR, path.join(meta.dir, i.path))),
);

describe('dashboards shipped with the plugin', () => {
  test('the plugin ships dashboards', { skip: dashboards.length ? false : 'no dashboard in dist/ yet' }, () => {});
  // Opened on a mixer of the seeded factory (URL values for variables the dashboard may have),
  // with picked properties and with "All" (every property the variable lists must work in
  // every panel that uses it).
  const views = [
    { name: 'picked', vars: 'var-sel_entity=Mixer_0&var-sel_comp=Mixer&var-property=temperature&var-property=rpm' },
    { name: 'all', vars: 'var-sel_entity=Mixer_0&var-sel_comp=Mixer&var-property=%24__all' },
  ];
  for (const file of dashboards) {
    for (const view of views) {
      test(`${file} (${view.name} properties) opens and every panel finishes without an error`, async () => {
        const page = await browser.open(`/d?file=${encodeURIComponent(file)}&${view.vars}`);
        const shot = `shipped-${path.basename(file, '.json')}-${view.name}`;
        await step(page, shot, async () => {
          await page.getByTestId('dashboard').waitFor({ timeout: 15_000 });
          await page.waitForFunction(
            () => {
              const panels = [...document.querySelectorAll('[data-panel-id]')];
              return (
                panels.length > 0 &&
                panels.every((p) => ['Done', 'Streaming', 'Error'].includes(p.getAttribute('data-state')))
              );
            },
            undefined,
            { timeout: 20_000 },
          );
          await screenshot(page, shot);
          const errors = await page
            .locator('[data-testid="panel-error"], [data-testid="variable-error"]')
            .allInnerTexts();
          assert.deepEqual(errors, []);
          assertNoPageErrors(page);
        });
      });
    }
  }
});
