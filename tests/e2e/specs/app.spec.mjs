// The app plugin's own pages through its module.js: the Workspaces page (lazy entity tree,
// an entity's components and latest values) and the config page's connection check.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoPageErrors, screenshot, step, useBrowser } from '../harness.mjs';

const browser = useBrowser();

describe('app pages', () => {
  test('Workspaces: open the tree down to a mixer and see its properties', async () => {
    const page = await browser.open('/a/doppel-twin-app/workspaces');
    await step(page, 'app-workspaces', async () => {
      await page.getByRole('button', { name: 'Expand Factory' }).click();
      await page.getByRole('button', { name: 'Expand Line 1' }).click();
      await page.getByRole('button', { name: 'Mixer 0', exact: true }).click();
      const main = page.getByTestId('app-root');
      await main.getByText('SN-100').first().waitFor({ timeout: 10_000 });
      const text = await main.innerText();
      for (const property of ['temperature', 'rpm', 'running', 'status', 'serial'])
        assert.match(text, new RegExp(property));
      await screenshot(page, 'app-01-workspaces-entity');
      assertNoPageErrors(page);
    });
  });

  test('config page: opening it checks the connection and reports the service version', async () => {
    const page = await browser.open('/plugins/doppel-twin-app');
    await step(page, 'app-config', async () => {
      const alert = page.getByText('Connected', { exact: true });
      await alert.waitFor({ timeout: 10_000 });
      assert.match(await page.getByTestId('app-config').innerText(), /\d+\.\d+\.\d+/);
      await screenshot(page, 'app-02-config');
      assertNoPageErrors(page);
    });
  });
});
