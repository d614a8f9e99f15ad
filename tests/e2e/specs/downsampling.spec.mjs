// A week of 1 Hz values drawn by a time-series panel through the host: the data source asks the
// service to downsample (minmax at the panel's maxDataPoints) instead of paging 604,800 values
// to the browser, and the frame says so. A state timeline gets each bucket's last value.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertNoPageErrors, screenshot, service, step, useBrowser } from '../harness.mjs';
import { serviceClient, WORKSPACE } from '../seed.mjs';

const browser = useBrowser();
const call = serviceClient(service);
const TYPE = 'com.example.meter';
const ENTITY = 'Meter_week';
const WEEK = 7 * 86_400_000;
// whole seconds, ending a minute ago
const end = Math.floor(Date.now() / 1000) * 1000 - 60_000;
const start = end - WEEK + 1000;

before(async () => {
  await call('POST', `/workspaces/${WORKSPACE}/component-types/${TYPE}`, {
    propertyDefinitions: {
      power: { dataType: { type: 'DOUBLE', unitOfMeasure: 'kW' }, isTimeSeries: true },
      state: { dataType: { type: 'STRING' }, isTimeSeries: true },
    },
  });
  await call('POST', `/workspaces/${WORKSPACE}/entities`, {
    entityId: ENTITY,
    entityName: 'Meter (a week at 1 Hz)',
    components: { Meter: { componentTypeId: TYPE } },
  });
  // 604,800 power values in six bulk requests; the state once a minute
  const chunk = 100_800;
  for (let from = start; from <= end; from += chunk * 1000) {
    const values = [];
    for (let t = from; t < from + chunk * 1000 && t <= end; t += 1000) {
      const s = (t - start) / 1000;
      values.push({ time: new Date(t).toISOString(), value: { doubleValue: 50 + 40 * Math.sin(s / 3600) + (s % 7) } });
    }
    const entries = [
      {
        entityPropertyReference: { entityId: ENTITY, componentName: 'Meter', propertyName: 'power' },
        propertyValues: values,
      },
    ];
    if (from === start) {
      const states = [];
      for (let t = start; t <= end; t += 60_000) {
        states.push({
          time: new Date(t).toISOString(),
          value: { stringValue: Math.floor((t - start) / 3_600_000) % 3 === 0 ? 'IDLE' : 'RUNNING' },
        });
      }
      entries.push({
        entityPropertyReference: { entityId: ENTITY, componentName: 'Meter', propertyName: 'state' },
        propertyValues: states,
      });
    }
    const res = await call('POST', `/doppel/workspaces/${WORKSPACE}/values:bulk`, { entries });
    assert.equal(res.rejected, 0, JSON.stringify(res.errors));
  }
});

// the other specs see the workspace as it was seeded
after(async () => {
  await call('DELETE', `/workspaces/${WORKSPACE}/entities/${ENTITY}`).catch(() => {});
  await call('DELETE', `/workspaces/${WORKSPACE}/component-types/${TYPE}`).catch(() => {});
});

/** Waits for the panel to be Done and returns the row count of each of its frames and its text. */
async function drawn(page, title, timeout = 30_000) {
  const panel = page.locator(`[data-testid="data-testid Panel header ${title}"]`);
  await panel.and(page.locator('[data-state="Done"]')).waitFor({ timeout });
  const lengths = (await panel.getAttribute('data-series-lengths')).split(',').filter(Boolean).map(Number);
  return { lengths, text: await panel.innerText() };
}

describe('history at the width of the panel', () => {
  test('a week of 1 Hz values is drawn with at most maxDataPoints points per series', async () => {
    const page = await browser.open(`/d?file=tests/e2e/fixtures/week-dashboard.json&from=${start}&to=${end}`);
    await step(page, 'downsampling-week', async () => {
      const power = await drawn(page, 'Power over a week');
      assert.equal(power.lengths.length, 1);
      assert.ok(power.lengths[0] <= 800, `power drew ${power.lengths[0]} points`);
      assert.ok(power.lengths[0] > 400, `power drew only ${power.lengths[0]} points`);
      assert.match(
        power.text,
        /Downsampled by the service to at most 800 points \(each bucket's minimum and maximum\)/,
      );

      const state = await drawn(page, 'State over a week');
      assert.equal(state.lengths.length, 1);
      assert.ok(state.lengths[0] <= 300 && state.lengths[0] > 100, `state drew ${state.lengths[0]} values`);
      assert.match(state.text, /each bucket's last value/);
      await screenshot(page, 'downsampling-01-week');
      assertNoPageErrors(page);
    });
  });
});
