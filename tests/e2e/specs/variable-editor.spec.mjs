// The data source's variable query editor, as in Grafana's variable settings: each kind of
// list it offers, and the values it previews.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoPageErrors, screenshot, selectOption, step, useBrowser } from '../harness.mjs';
import { MIXERS } from '../seed.mjs';

const browser = useBrowser();
const OPTION = '[data-testid="data-testid Variable editor Preview of Values option"]';

async function previewWhere(page, check, timeout = 10_000) {
  const until = Date.now() + timeout;
  let texts;
  while (Date.now() < until) {
    texts = await page.locator(OPTION).allInnerTexts();
    if (check(texts)) return texts;
    await page.waitForTimeout(150);
  }
  throw new Error(`preview never matched; last: ${JSON.stringify(texts)}`);
}

describe('variable query editor', () => {
  test('entities of a component type, property names of a component, scenes', async () => {
    const page = await browser.open('/variables/edit?ds=doppel');
    await step(page, 'variable-editor', async () => {
      await page.locator('#doppel-variable-type').waitFor();
      // Entities, every one of the workspace first…
      await previewWhere(page, (t) => t.length === 3 + MIXERS.length);
      // …then only those with the mixer component type.
      await selectOption(page, 'doppel-component-type', 'com.example.mixer');
      const mixers = await previewWhere(page, (t) => t.length === MIXERS.length);
      assert.deepEqual(mixers.sort(), ['Mixer 0', 'Mixer 1', 'Mixer 2']);
      await screenshot(page, 'variable-01-entities-of-type');

      await selectOption(page, 'doppel-variable-type', 'Property names');
      await selectOption(page, 'doppel-entity', 'Mixer 1');
      await selectOption(page, 'doppel-component', 'Mixer');
      const properties = await previewWhere(page, (t) => t.length === 5);
      assert.deepEqual(properties.sort(), ['rpm', 'running', 'serial', 'status', 'temperature']);
      await screenshot(page, 'variable-02-property-names');

      await selectOption(page, 'doppel-variable-type', 'Scenes');
      assert.deepEqual(await previewWhere(page, (t) => t.length === 1), ['FactoryScene']);
      assertNoPageErrors(page);
    });
  });
});
