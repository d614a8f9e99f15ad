// A Grafana dashboard JSON opened unchanged in the host: panels by gridPos, a query variable
// fed by the data source, a multi-value variable, and queries that follow a variable change —
// from the picker and from a panel-style locationService.partial({'var-…'}).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoPageErrors, env, screenshot, selectOption, service, step, useBrowser } from '../harness.mjs';
import { POINTS_PER_SERIES, putValue } from '../seed.mjs';

const browser = useBrowser();
const DASHBOARD = '/d?file=tests/e2e/fixtures/factory-dashboard.json';
const panel = (page, title) => page.locator(`[data-testid="data-testid Panel header ${title}"]`);

/** The frames the panel got (a table panel draws one of them at a time, as Grafana's does). */
async function panelFrames(p) {
  const names = JSON.parse((await p.getAttribute('data-series-names')) ?? '[]');
  const lengths = ((await p.getAttribute('data-series-lengths')) || '').split(',').map(Number);
  return names.map((name, i) => ({ name, rows: lengths[i] }));
}

/** Waits until the panel is in `state` (Done by default) and check(text, frames) holds. */
async function panelWhere(page, title, check, timeout = 15_000, state = 'Done') {
  const p = panel(page, title);
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    if ((await p.count()) === 1 && (await p.getAttribute('data-state')) === state) {
      last = { text: await p.innerText(), frames: await panelFrames(p) };
      if (check(last)) return last;
    }
    await page.waitForTimeout(150);
  }
  throw new Error(`panel "${title}" never matched; last: ${JSON.stringify(last)?.slice(0, 1000)}`);
}

describe('dashboard JSON in the host', () => {
  test('panels render for the variable default, then follow a variable change', async () => {
    const page = await browser.open(DASHBOARD);
    await step(page, 'dashboard-variable', async () => {
      await panelWhere(page, 'Serial of Mixer_0', ({ text }) => text.replace(/\s/g, '').includes('SN-100'));
      await panelWhere(page, 'Temperature of Mixer_0', ({ text }) => text.includes('temperature'));
      const mixers = await panelWhere(page, 'Mixers', ({ frames }) => frames.length === 1);
      assert.equal(mixers.frames[0].rows, 3);
      await screenshot(page, 'dashboard-01-mixer-0');

      await selectOption(page, 'var-entity', 'Mixer 1');
      await panelWhere(page, 'Serial of Mixer_1', ({ text }) => text.replace(/\s/g, '').includes('SN-101'));
      assert.match(page.url(), /var-entity=Mixer_1/);
      await screenshot(page, 'dashboard-02-mixer-1');
      assertNoPageErrors(page);
    });
  });

  test('a panel-style locationService.partial update of var-entity re-runs the queries', async () => {
    const page = await browser.open(DASHBOARD);
    await step(page, 'dashboard-location-partial', async () => {
      await panelWhere(page, 'Serial of Mixer_0', ({ text }) => text.replace(/\s/g, '').includes('SN-100'));
      await page.evaluate(() => window.__host.locationService.partial({ 'var-entity': 'Mixer_2' }, true));
      await panelWhere(page, 'Serial of Mixer_2', ({ text }) => text.replace(/\s/g, '').includes('SN-102'));
      await panelWhere(page, 'Temperature of Mixer_2', ({ text }) => text.includes('temperature'));
      // The picker shows the new value too.
      const picker = page.locator('[data-testid="data-testid Dashboard template variables submenu Label Mixer"]');
      assert.match(await picker.innerText(), /Mixer 2/);
    });
  });

  test('a multi-value variable expands into one series per value', async () => {
    const page = await browser.open(`${DASHBOARD}&var-entity=Mixer_1&var-props=temperature&var-props=status`);
    await step(page, 'dashboard-multi-value', async () => {
      const r = await panelWhere(page, 'Selected properties of Mixer_1', ({ frames }) => frames.length === 2);
      assert.deepEqual(r.frames.map((f) => f.name).sort(), ['status', 'temperature']);
      await screenshot(page, 'dashboard-03-multi-value');
    });
  });

  test('the time range from the URL reaches the queries', async () => {
    // The seeded hour's last 20 minutes hold 20 of its one-minute values (give or take the
    // edges). The range ends at the seed's last value, not at now: the suite runs for minutes.
    const to = env.seededLastTime + 30_000;
    const page = await browser.open(`${DASHBOARD}&from=${to - 20 * 60_000}&to=${to}`);
    await step(page, 'dashboard-time-range', async () => {
      const r = await panelWhere(page, 'Selected properties of Mixer_0', ({ frames }) => frames.length === 1);
      assert.ok(r.frames[0].rows >= 19 && r.frames[0].rows <= 21, `rows ${r.frames[0].rows}`);
    });
  });

  test('a streaming panel stays live and appends values written to the service', async () => {
    // Mixer_2's rpm: a series no other spec counts, so the written value disturbs none.
    const page = await browser.open(`${DASHBOARD}&var-entity=Mixer_2`);
    await step(page, 'dashboard-live-panel', async () => {
      const title = 'Live rpm of Mixer_2';
      await panelWhere(page, title, ({ frames }) => frames[0]?.rows === POINTS_PER_SERIES, 15_000, 'Streaming');
      await page.waitForTimeout(500); // the EventSource connects through the data proxy
      await putValue(service, 'Mixer_2', 'rpm', { integerValue: 4242 });
      await panelWhere(page, title, ({ frames }) => frames[0]?.rows === POINTS_PER_SERIES + 1, 10_000, 'Streaming');
      assert.equal(await panel(page, title).getByTestId('panel-streaming').count(), 1);
      await screenshot(page, 'dashboard-04-live-panel');
      assertNoPageErrors(page);
    });
  });
});
