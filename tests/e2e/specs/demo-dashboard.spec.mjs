// The bundled "Doppel overview" dashboard on the live demo, as a newcomer opens it after
// `npm start`: it opens on the last hour (all the history the demo holds) of line 1's oven, its
// values move without a reload, its series have colours of their own, an entity without
// components reads as "not applicable" rather than as an error, and an entity link in a table
// opens that entity in the app. A service started with --demo of its own, on a temporary dir.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { newPage, screenshot } from '../browser.mjs';
import { startDemoStack } from '../demo-stack.mjs';
import { assertNoPageErrors, step } from '../harness.mjs';

const DASHBOARD = `/d?file=${encodeURIComponent(path.join('dist', 'dashboards', 'doppel-overview.json'))}`;
const HOUR = 3_600_000;
const panel = (page, id) => page.locator(`[data-panel-id="${id}"]`);
const PANEL = { history: 1, children: 4 };

/** Waits until every panel has finished its queries (or streams). */
async function settled(page) {
  await page.waitForFunction(
    () => {
      const panels = [...document.querySelectorAll('[data-panel-id]')];
      return panels.length > 0 && panels.every((p) => ['Done', 'Streaming', 'Error'].includes(p.dataset.state));
    },
    undefined,
    { timeout: 30_000 },
  );
}

/** The first and last time in a panel's frames, and the range it draws (epoch ms). */
async function times(page, id) {
  const p = panel(page, id);
  const [first, last] = ((await p.getAttribute('data-time-extent')) || '').split(',').map(Number);
  const [from, to] = (await p.getAttribute('data-range')).split(',').map(Number);
  return { first, last, from, to };
}

describe('the overview dashboard on the demo', () => {
  let stack;
  let host;
  let browser;
  before(async () => {
    stack = await startDemoStack();
    ({ host, browser } = stack);
  });
  after(() => stack?.close());

  test('opens live on the last hour of Oven_1, data across the panel, series in distinct colours', async () => {
    const page = await newPage(browser.context);
    await page.goto(`${host.url}${DASHBOARD}`);
    await step(page, 'demo-dashboard-open', async () => {
      await page.getByText('History: Oven_1 / Oven').waitFor({ timeout: 30_000 });
      await settled(page);
      const errors = await page.locator('[data-testid="panel-error"], [data-testid="variable-error"]').allInnerTexts();
      assert.deepEqual(errors, []);

      // the default range is the last hour, and the history fills most of it
      const opened = await times(page, PANEL.history);
      assert.ok(Math.abs(opened.to - opened.from - HOUR) < 1000, `range ${opened.to - opened.from} ms`);
      const covered = (opened.last - opened.first) / (opened.to - opened.from);
      assert.ok(covered > 0.8, `history covers ${(covered * 100).toFixed(0)} % of the panel's range`);

      // one colour per series, in the legend as on the lines
      const history = panel(page, PANEL.history);
      const colours = await history
        .locator('[data-testid="series-icon"]')
        .evaluateAll((icons) => icons.map((i) => getComputedStyle(i).backgroundColor));
      assert.ok(colours.length >= 2, `legend entries: ${colours.length}`);
      assert.equal(new Set(colours).size, colours.length, `legend colours ${colours.join(' ')}`);
      await screenshot(page, 'demo-dashboard-01-open');

      // new values arrive without a reload: the refresh (5s) brings the simulator's points
      await page.evaluate(() => (window.__sameDocument = true));
      await page.waitForFunction(
        ([id, last]) => {
          const extent = document.querySelector(`[data-panel-id="${id}"]`)?.dataset.timeExtent ?? '';
          return Number(extent.split(',')[1]) > last;
        },
        [PANEL.history, opened.last],
        { timeout: 10_000, polling: 200 },
      );
      const moved = await times(page, PANEL.history);
      assert.ok(moved.to > opened.to, 'the range moved with the clock');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
      await screenshot(page, 'demo-dashboard-02-moved');
      assertNoPageErrors(page);
    });
  });

  test('an entity without components is "not applicable", and an entity link opens the entity', async () => {
    const page = await newPage(browser.context);
    await page.goto(`${host.url}${DASHBOARD}&var-sel_entity=Line_1`);
    await step(page, 'demo-dashboard-line', async () => {
      await page.getByText('Children of Line_1').waitFor({ timeout: 30_000 });
      await settled(page);
      const errors = await page.locator('[data-testid="panel-error"], [data-testid="variable-error"]').allInnerTexts();
      assert.deepEqual(errors, []);
      const notices = await panel(page, PANEL.history).getByTestId('frame-notice').allInnerTexts();
      assert.deepEqual(notices, ['Not applicable: Line_1 has no components.']);
      await screenshot(page, 'demo-dashboard-03-line');

      // the children table links each entityId to the app's workspace explorer on that entity
      await panel(page, PANEL.children).getByRole('link', { name: 'Oven_1', exact: true }).click();
      await page.waitForURL(/\/a\/doppel-twin-app\/workspaces\?.*entity=Oven_1/, { timeout: 10_000 });
      await page.getByText('Oven_1 · parent Line_1').waitFor({ timeout: 15_000 });
      assert.equal(await page.getByText('Could not load the entity').count(), 0);
      await screenshot(page, 'demo-dashboard-04-entity');
      assertNoPageErrors(page);
    });
  });
});
