// Live values: the editor's Stream toggle turns a history query into a live one fed by the
// service's SSE stream through the data proxy; values written to the service then arrive in
// the frame without re-running the query.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoPageErrors, framesIn, screenshot, service, step, useBrowser } from '../harness.mjs';
import { MIXER_TYPE, MIXERS, POINTS_PER_SERIES, putValue } from '../seed.mjs';

const browser = useBrowser();

async function rowsWhere(page, check, timeout = 15_000) {
  const result = page.getByTestId('explore-result');
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    last = { state: await result.getAttribute('data-state'), frames: await framesIn(result) };
    if (check(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`the result never matched; last: ${JSON.stringify(last)}`);
}

/** Rows per entity of a component-type result: each frame's table header names its entity. */
async function rowsByEntity(page) {
  const frames = page.getByTestId('explore-result').locator('[data-testid="frame"]');
  const out = {};
  for (let i = 0; i < (await frames.count()); i++) {
    const frame = frames.nth(i);
    const entity = (await frame.innerText()).match(/Mixer_\d/)?.[0];
    if (entity) out[entity] = Number(await frame.getAttribute('data-frame-rows'));
  }
  return out;
}

describe('streaming', () => {
  test('Stream on: values written to the service arrive in the frame', async () => {
    const query = {
      queryType: 'EntityHistory',
      entityId: 'Mixer_2',
      componentName: 'Mixer',
      properties: ['temperature'],
    };
    const page = await browser.open(
      `/explore?ds=doppel&from=now-3h&to=now&query=${encodeURIComponent(JSON.stringify(query))}`,
    );
    await step(page, 'stream', async () => {
      await rowsWhere(page, ({ state, frames }) => state === 'Done' && frames[0]?.rows === POINTS_PER_SERIES);
      await page.getByRole('switch', { name: 'Stream' }).or(page.getByLabel('Stream')).first().click({ force: true });
      await rowsWhere(page, ({ state, frames }) => state === 'Streaming' && frames[0]?.rows === POINTS_PER_SERIES);
      // Let the EventSource connect through the data proxy before writing.
      await page.waitForTimeout(500);

      const written = [];
      for (const value of [88.5, 89.25, 90]) {
        const time = new Date();
        await putValue(service, 'Mixer_2', 'temperature', { doubleValue: value }, time);
        written.push(time.getTime());
        const expected = POINTS_PER_SERIES + written.length;
        const r = await rowsWhere(page, ({ frames }) => frames[0]?.rows === expected, 10_000);
        assert.equal(r.state, 'Streaming');
      }
      await screenshot(page, 'stream-01-live-values');
      const text = await page.getByTestId('explore-result').innerText();
      assert.match(text, /live/);
      // as in Explore: a graph above the table, and the newest (just streamed) row on top, in view
      assert.equal((await page.getByTestId('explore-graph').locator('canvas').count()) > 0, true);
      const firstRow = page.getByTestId('explore-result').locator('[data-testid="frame"] [role="row"]').nth(1);
      assert.match(await firstRow.innerText(), /90 °C/);
      // Values of another entity and property do not leak into this stream (Mixer_0's
      // running flag: a series no other spec counts).
      await putValue(service, 'Mixer_0', 'running', { booleanValue: true });
      await page.waitForTimeout(700);
      const after = await framesIn(page.getByTestId('explore-result'));
      assert.equal(after[0].rows, POINTS_PER_SERIES + written.length);
      assertNoPageErrors(page);
    });
  });

  test('Stream on for a component type: values of two entities arrive, each in its own frame', async () => {
    // running: Mixer_0's only other live write is the previous test's, Mixer_2's is this one
    const query = { queryType: 'ComponentHistory', componentTypeId: MIXER_TYPE, properties: ['running'] };
    const page = await browser.open(
      `/explore?ds=doppel&from=now-3h&to=now&query=${encodeURIComponent(JSON.stringify(query))}`,
    );
    await step(page, 'component-type stream', async () => {
      await rowsWhere(page, ({ state, frames }) => state === 'Done' && frames.length === MIXERS.length);
      await page.getByRole('switch', { name: 'Stream' }).or(page.getByLabel('Stream')).first().click({ force: true });
      await rowsWhere(page, ({ state, frames }) => state === 'Streaming' && frames.length === MIXERS.length);
      const before = await rowsByEntity(page);
      assert.deepEqual(Object.keys(before).sort(), MIXERS);
      // Let the EventSource connect through the data proxy before writing.
      await page.waitForTimeout(500);

      await putValue(service, 'Mixer_0', 'running', { booleanValue: false });
      await putValue(service, 'Mixer_2', 'running', { booleanValue: true });
      const expected = { ...before, Mixer_0: before.Mixer_0 + 1, Mixer_2: before.Mixer_2 + 1 };
      const until = Date.now() + 10_000;
      let seen = before;
      while (Date.now() < until && JSON.stringify(seen) !== JSON.stringify(expected)) {
        await page.waitForTimeout(100);
        seen = await rowsByEntity(page);
      }
      assert.deepEqual(seen, expected);
      const r = await rowsWhere(page, ({ frames }) => frames.length === MIXERS.length);
      assert.equal(r.state, 'Streaming');
      await screenshot(page, 'stream-02-component-type');
      assertNoPageErrors(page);
    });
  });

  test('a series first seen live reads as after a refresh: same name, legend and unit', async () => {
    // A range that starts now: no stored value is in it until this test writes one, so the
    // stream has to start the series' frame itself. Mixer_1's temperature: no other spec
    // counts its values exactly.
    const from = Date.now();
    const query = {
      queryType: 'ComponentHistory',
      componentTypeId: MIXER_TYPE,
      properties: ['temperature'],
      stream: true,
    };
    const page = await browser.open(
      `/explore?ds=doppel&from=${from}&to=${from + 10 * 60_000}&query=${encodeURIComponent(JSON.stringify(query))}`,
    );
    const frameText = () => page.getByTestId('explore-result').locator('[data-testid="frame"]').first().innerText();
    await step(page, 'first seen live', async () => {
      await rowsWhere(page, ({ state, frames }) => state === 'Streaming' && frames.length === 0);
      // Let the EventSource connect through the data proxy before writing.
      await page.waitForTimeout(500);
      await putValue(service, 'Mixer_1', 'temperature', { doubleValue: 42.5 });
      await rowsWhere(page, ({ frames }) => frames.length === 1 && frames[0].rows === 1, 10_000);
      const live = await frameText();
      await screenshot(page, 'stream-03-first-seen-live');

      await page.getByRole('switch', { name: 'Stream' }).or(page.getByLabel('Stream')).first().click({ force: true });
      await rowsWhere(page, ({ state, frames }) => state === 'Done' && frames.length === 1 && frames[0].rows === 1);
      const refreshed = await frameText();
      assert.equal(live, refreshed);
      assert.match(refreshed, /Mixer_1 temperature/);
      assert.match(refreshed, /42\.5 °C/);
      assertNoPageErrors(page);
    });
  });
});
