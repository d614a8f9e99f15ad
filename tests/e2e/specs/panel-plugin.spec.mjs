// A panel plugin in a dashboard renders through its own module.js with the PanelProps Grafana
// gives (query data, size, options with their defaults, replaceVariables) and can drive the
// dashboard's variables with locationService, which re-runs the other panels' queries.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoPageErrors, screenshot, step, useBrowser } from '../harness.mjs';
import { POINTS_PER_SERIES } from '../seed.mjs';

const browser = useBrowser();

describe('panel plugins', () => {
  test('the probe panel gets PanelProps and sets var-entity for the dashboard', async () => {
    const page = await browser.open('/d?file=tests/e2e/fixtures/probe-dashboard.json');
    await step(page, 'panel-plugin', async () => {
      const probe = page.getByTestId('probe-panel');
      await probe.and(page.locator(`[data-rows="${POINTS_PER_SERIES}"]`)).waitFor({ timeout: 15_000 });
      assert.equal(await probe.getAttribute('data-label'), 'probe default', 'option defaults from setPanelOptions');
      assert.ok(Number(await probe.getAttribute('data-width')) > 100);
      assert.ok(Number(await probe.getAttribute('data-height')) > 50);
      assert.match(await probe.getAttribute('data-module-uri'), /\/public\/plugins\/e2e-probe-panel\/module\.js$/);
      assert.equal(await page.getByTestId('probe-interpolated').innerText(), 'entity=Mixer_0');
      await screenshot(page, 'panel-plugin-01');

      await probe.getByRole('button', { name: 'Select Mixer_2' }).click();
      await page.getByTestId('probe-interpolated').and(page.getByText('entity=Mixer_2')).waitFor();
      assert.match(page.url(), /var-entity=Mixer_2/);
      const serial = page.locator('[data-testid="data-testid Panel header Serial"]');
      await serial.and(page.locator('[data-state="Done"]')).waitFor();
      await page.waitForFunction(() =>
        document
          .querySelector('[data-testid="data-testid Panel header Serial"]')
          ?.textContent?.replace(/\s/g, '')
          .includes('SN-102'),
      );
      await screenshot(page, 'panel-plugin-02-selected');
      assertNoPageErrors(page);
    });
  });
});
