// Building a query of every type in the data source's QueryEditor (in Explore), as a person
// would with the pickers, and seeing the resulting frames in @grafana/ui tables.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoPageErrors, framesIn, screenshot, selectOption, step, useBrowser } from '../harness.mjs';
import { DENSE_POINTS, MIXERS, OTHER_WORKSPACE, POINTS_PER_SERIES, WORKSPACE } from '../seed.mjs';

const browser = useBrowser();

/** Polls the Explore result until check(frames, text) holds (queries re-run on each edit). */
async function resultWhere(page, check, timeout = 15_000) {
  const result = page.getByTestId('explore-result');
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    const state = await result.getAttribute('data-state');
    if (state === 'Done' || state === 'Streaming' || state === 'Error') {
      last = { state, frames: await framesIn(result), text: await result.innerText() };
      if (check(last)) return last;
    }
    await page.waitForTimeout(150);
  }
  throw new Error(`the result never matched; last: ${JSON.stringify(last)?.slice(0, 1500)}`);
}

async function openExplore() {
  const page = await browser.open('/explore?ds=doppel&from=now-3h&to=now');
  await page.locator('#doppel-query-type').waitFor();
  return page;
}

async function queryType(page, label) {
  await selectOption(page, 'doppel-query-type', label);
}

describe('query editor, one query type at a time', () => {
  test('Get Property Value History by Entity: one frame per picked property, the hour of values', async () => {
    const page = await openExplore();
    await step(page, 'query-entity-history', async () => {
      await queryType(page, 'Get Property Value History by Entity');
      await selectOption(page, 'doppel-entity', 'Mixer 0');
      await selectOption(page, 'doppel-component', 'Mixer');
      await selectOption(page, 'doppel-properties', 'temperature');
      await selectOption(page, 'doppel-properties', 'status');
      const r = await resultWhere(page, ({ frames }) => frames.length === 2);
      await screenshot(page, 'query-01-entity-history');
      assert.deepEqual(
        r.frames.map((f) => f.rows),
        [POINTS_PER_SERIES, POINTS_PER_SERIES],
      );
      assert.match(r.text, /°C/, 'temperature shows its unit');
      assert.match(r.text, /RUNNING|IDLE/);
      assertNoPageErrors(page);
    });
  });

  test('a max results cap cuts the history and says so', async () => {
    const page = await openExplore();
    await step(page, 'query-cap', async () => {
      await queryType(page, 'Get Property Value History by Entity');
      await selectOption(page, 'doppel-entity', 'Mixer 1');
      await selectOption(page, 'doppel-component', 'Mixer');
      await selectOption(page, 'doppel-properties', 'rpm');
      // All DENSE_POINTS values come back by following nextToken page after page…
      await resultWhere(page, ({ frames }) => frames.length === 1 && frames[0].rows === DENSE_POINTS);
      // …until a cap stops it, with a notice that says so.
      await page.getByLabel('Max results').fill('250');
      await page.getByLabel('Max results').blur();
      const r = await resultWhere(page, ({ frames }) => frames.length === 1 && frames[0].rows < DENSE_POINTS);
      const notice = page.getByTestId('frame-notice').first();
      await notice.waitFor();
      await screenshot(page, 'query-02-capped');
      assert.ok(r.frames[0].rows >= 250, JSON.stringify(r.frames));
      assert.match(await notice.innerText(), /cap 250/);
    });
  });

  test('Get Property Value: the latest value of a static property', async () => {
    const page = await openExplore();
    await step(page, 'query-property-value', async () => {
      await queryType(page, 'Get Property Value');
      await selectOption(page, 'doppel-entity', 'Mixer 2');
      await selectOption(page, 'doppel-component', 'Mixer');
      await selectOption(page, 'doppel-properties', 'serial');
      const r = await resultWhere(page, ({ text }) => text.includes('SN-102'));
      await screenshot(page, 'query-03-property-value');
      assert.equal(r.frames.length, 1);
    });
  });

  test('Get Property Value History by Component Type: a series per entity of that type', async () => {
    const page = await openExplore();
    await step(page, 'query-component-history', async () => {
      await queryType(page, 'Get Property Value History by Component Type');
      await selectOption(page, 'doppel-component-type', 'com.example.mixer');
      await selectOption(page, 'doppel-properties', 'temperature');
      const r = await resultWhere(page, ({ frames }) => frames.length === MIXERS.length);
      await screenshot(page, 'query-04-component-history');
      // At least the seeded hour each (the stream spec appends live values to Mixer_2's).
      assert.ok(
        r.frames.every((f) => f.rows >= POINTS_PER_SERIES),
        JSON.stringify(r.frames),
      );
    });
  });

  test('Get Entity: the entity with its components and properties', async () => {
    const page = await openExplore();
    await step(page, 'query-get-entity', async () => {
      await queryType(page, 'Get Entity');
      await selectOption(page, 'doppel-entity', 'Mixer 1');
      const r = await resultWhere(
        page,
        ({ text }) => text.includes('com.example.mixer') && text.includes('temperature'),
      );
      await screenshot(page, 'query-05-get-entity');
      assert.ok(r.frames.length >= 1);
    });
  });

  test('List Entities: every entity of the workspace', async () => {
    const page = await openExplore();
    await step(page, 'query-list-entities', async () => {
      await queryType(page, 'List Entities');
      const r = await resultWhere(page, ({ frames }) => frames.length === 1 && frames[0].rows === 3 + MIXERS.length);
      await screenshot(page, 'query-06-list-entities');
      assert.match(r.text, /Line 1/);
    });
  });

  test('List Workspaces and List Scenes', async () => {
    const page = await openExplore();
    await step(page, 'query-list-workspaces-scenes', async () => {
      await queryType(page, 'List Workspaces');
      let r = await resultWhere(page, ({ text }) => text.includes(WORKSPACE) && text.includes(OTHER_WORKSPACE));
      await screenshot(page, 'query-07-list-workspaces');
      assert.equal(r.frames[0].rows, 2);
      await queryType(page, 'List Scenes');
      r = await resultWhere(page, ({ text }) => text.includes('FactoryScene'));
      await screenshot(page, 'query-08-list-scenes');
      assert.equal(r.frames[0].rows, 1);
    });
  });

  test('Knowledge-Graph Query: a statement typed in the code editor runs on blur', async () => {
    const page = await openExplore();
    await step(page, 'query-knowledge-graph', async () => {
      await queryType(page, 'Knowledge-Graph Query');
      const editor = page.locator('.monaco-editor').first();
      await editor.waitFor({ timeout: 15_000 });
      await editor.click();
      await page.keyboard.type(
        "SELECT e.entityId, e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'Mixer%'",
      );
      await page.locator('h1').click(); // blur
      const r = await resultWhere(page, ({ frames }) => frames.length === 1 && frames[0].rows === MIXERS.length);
      await screenshot(page, 'query-09-knowledge-graph');
      for (const m of MIXERS) assert.match(r.text, new RegExp(m));
    });
  });
});
