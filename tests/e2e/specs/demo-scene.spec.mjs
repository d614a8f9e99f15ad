// The demo plant in 3D: a service started with --demo (its own, on a temporary data dir) holds
// the FactoryFloor scene, and the bundled overview dashboard shows it in the scene viewer
// beside the selected machine's history; picking a tag in the scene selects its machine.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { newPage, screenshot } from '../browser.mjs';
import { startDemoStack } from '../demo-stack.mjs';
import { assertNoPageErrors, step } from '../harness.mjs';

const DASHBOARD = path.join('dist', 'dashboards', 'doppel-overview.json');

describe('the demo scene in the overview dashboard', () => {
  let stack;
  let host;
  let browser;
  before(async () => {
    stack = await startDemoStack();
    ({ host, browser } = stack);
  });
  after(() => stack?.close());

  test('draws the plant with a tag per machine status and temperature, and a tag selects its machine', async () => {
    const page = await newPage(browser.context);
    await page.goto(`${host.url}/d?file=${encodeURIComponent(DASHBOARD)}&var-sel_entity=Mixer_1&var-sel_comp=Mixer`);
    await step(page, 'demo-scene', async () => {
      await page.waitForFunction(() => Object.values(window.__doppelSceneViewer ?? {})[0]?.tagsDrawnAt, undefined, {
        timeout: 60_000,
      });
      const tags = page.getByRole('list', { name: 'Scene tags' }).getByRole('listitem');
      assert.equal(
        await tags.count(),
        13,
        'a status tag and a temperature (or speed) tag on each of 6 machines, and the tag of Oven 1’s alarm',
      );
      // values arrive: every tag leaves the no-value state for an icon its rules chose
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[aria-label="Scene tags"] [role="listitem"]')].every((li) =>
            ['Info', 'Warning', 'Error'].includes(li.getAttribute('data-state')),
          ),
        undefined,
        { timeout: 20_000 },
      );
      assert.deepEqual(await page.getByTestId('scene-viewer-message').allInnerTexts(), []);
      await screenshot(page, 'demo-scene-overview');

      // the canvas shows a scene, not a blank panel: many colours in its pixels
      const png = (await page.locator('[data-testid="scene-viewer-canvas"] canvas').screenshot()).toString('base64');
      const colours = await page.evaluate(async (data) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [image.width, image.height];
        const g = canvas.getContext('2d');
        g.drawImage(image, 0, 0);
        const pixels = g.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set();
        for (let i = 0; i < pixels.length; i += 4 * 53)
          seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
        return seen.size;
      }, png);
      assert.ok(colours > 50, `the scene canvas holds ${colours} sampled colours`);

      // Enter on Oven 2's temperature tag selects Oven 2: the history panel follows
      await page.locator('[aria-label="Scene tags"] [data-entity-id="Oven_2"]').first().press('Enter');
      await page.waitForURL(/var-sel_entity=Oven_2/, { timeout: 10_000 });
      await page.getByText('History: Oven_2 / Oven').waitFor({ timeout: 15_000 });
      assertNoPageErrors(page);
    });
  });
});
