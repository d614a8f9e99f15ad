// The scene viewer panel in a dashboard: TwinMaker's sample scenes drawn with placeholder boxes
// for their absent models, a tag's state following a BatchPut across its rule (in the
// accessible list and in its colour on the canvas), a click on a tag setting var-sel_entity for
// the time series beside it, and a range ending in the past showing the values of then.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoPageErrors, screenshot, service, step, useBrowser } from '../harness.mjs';
import { POINTS_PER_SERIES, putValue, serviceClient, WORKSPACE } from '../seed.mjs';

const browser = useBrowser();
const DASHBOARD = '/d?file=tests/e2e/fixtures/scene-dashboard.json';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const SAMPLES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/twinmaker-samples');
const SAMPLE_SCENES = [
  { sceneId: 'SampleMixer', file: 'cookiefactory-v1/scenes/Mixer.json' },
  { sceneId: 'SampleCookieFactory', file: 'cookiefactory-v3/scenes/CookieFactory.json' },
  { sceneId: 'SampleCookieFactoryTiles', file: 'cookiefactory-v3/scenes/CookieFactoryTiles.json' },
];

// What this spec adds to the shared workspace, removed again after it: other specs count the
// workspace's scenes (the variable editor's scene list)
const created = { scenes: new Set(), resources: new Set() };

/** Uploads a scene document as a workspace resource and points a scene at it (idempotent). */
async function uploadScene(sceneId, key, text) {
  if (sceneId !== 'FactoryScene') created.scenes.add(sceneId);
  if (key !== 'scene.json') created.resources.add(key);
  const response = await fetch(`${service.url}/doppel/workspaces/${WORKSPACE}/resources/${key}`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${service.accessKeyId}:${service.secretAccessKey}`,
      'Content-Type': 'application/json',
    },
    body: text,
  });
  if (!response.ok) throw new Error(`PUT resource ${key} → ${response.status}: ${await response.text()}`);
  const call = serviceClient(service);
  const contentLocation = `s3://${WORKSPACE}/${key}`;
  await call('POST', `/workspaces/${WORKSPACE}/scenes`, { sceneId, contentLocation }).catch(async (e) => {
    if (!/Conflict/.test(e.message)) throw e;
    await call('PUT', `/workspaces/${WORKSPACE}/scenes/${sceneId}`, { contentLocation });
  });
}

after(async () => {
  const auth = { Authorization: `Bearer ${service.accessKeyId}:${service.secretAccessKey}` };
  for (const sceneId of created.scenes)
    await fetch(`${service.url}/workspaces/${WORKSPACE}/scenes/${sceneId}`, { method: 'DELETE', headers: auth });
  for (const key of created.resources)
    await fetch(`${service.url}/doppel/workspaces/${WORKSPACE}/resources/${key}`, { method: 'DELETE', headers: auth });
});

before(async () => {
  // the seed's FactoryScene points at scene.json: give it the e2e factory's scene
  await uploadScene(
    'FactoryScene',
    'scene.json',
    fs.readFileSync(path.join(FIXTURES, 'scenes/factory-scene.json'), 'utf8'),
  );
  for (const s of SAMPLE_SCENES)
    await uploadScene(
      s.sceneId,
      `samples/${path.basename(path.dirname(path.dirname(s.file)))}/${path.basename(s.file)}`,
      fs.readFileSync(path.join(SAMPLES, s.file), 'utf8'),
    );
});

/** The viewer's published stats once every tag has been drawn. */
async function waitForScene(page) {
  await page.waitForFunction(() => window.__doppelSceneViewer?.['1']?.tagsDrawnAt != null, undefined, {
    timeout: 30_000,
  });
}

/** Distinct colours sampled from a screenshot of the canvas (decoded in the page). */
async function canvasColours(page, clip) {
  const png = (await page.screenshot(clip ? { clip } : undefined)).toString('base64');
  return page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const copy = document.createElement('canvas');
    [copy.width, copy.height] = [image.width, image.height];
    const g = copy.getContext('2d');
    g.drawImage(image, 0, 0);
    const pixels = g.getImageData(0, 0, copy.width, copy.height).data;
    const colours = new Map();
    for (let i = 0; i < pixels.length; i += 4) {
      const c = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
      colours.set(c, (colours.get(c) ?? 0) + 1);
    }
    return [...colours.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  }, png);
}

/** Page coordinates of a tag's centre on the canvas. */
async function tagPoint(page, tagId) {
  return page.evaluate((id) => {
    const p = window.__doppelSceneViewer['1'].tagScreenPosition(id);
    const box = document.querySelector('[data-testid="scene-viewer"] canvas').getBoundingClientRect();
    return p && { x: box.left + p.x, y: box.top + p.y };
  }, tagId);
}

/** The dominant saturated colour around a tag: [r, g, b]. */
async function tagColour(page, tagId) {
  const p = await tagPoint(page, tagId);
  const colours = await canvasColours(page, { x: p.x - 6, y: p.y - 6, width: 12, height: 12 });
  const rgb = colours.map((c) => [(c >> 16) & 255, (c >> 8) & 255, c & 255]);
  return rgb.find(([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) > 60) ?? rgb[0];
}

const item = (page, name) =>
  page.getByRole('list', { name: 'Scene tags' }).getByRole('listitem').filter({ hasText: name });

describe('scene viewer panel', () => {
  for (const sample of SAMPLE_SCENES)
    test(`draws the sample scene ${sample.file} with placeholders for its absent models`, async () => {
      const page = await browser.open(`${DASHBOARD}&var-scene=${sample.sceneId}`);
      await step(page, `scene-${sample.sceneId}`, async () => {
        await waitForScene(page);
        await page
          .getByTestId('scene-viewer-warnings')
          .getByText(/^Drawn as placeholder boxes/)
          .first()
          .waitFor();
        const doc = JSON.parse(fs.readFileSync(path.join(SAMPLES, sample.file), 'utf8'));
        const tags = doc.nodes.flatMap((n) => n.components ?? []).filter((c) => c.type === 'Tag').length;
        assert.equal(await page.getByRole('list', { name: 'Scene tags' }).getByRole('listitem').count(), tags);
        await page.waitForTimeout(300);
        const shot = await screenshot(page, `scene-viewer-${sample.sceneId}`);
        const box = await page.getByTestId('scene-viewer').boundingBox();
        assert.ok((await canvasColours(page, box)).length > 20, `the canvas shows a scene (${shot})`);
      });
    });

  test('a BatchPut across a rule changes the tag state in the list and its colour on the canvas within a second', async () => {
    const page = await browser.open(DASHBOARD);
    await step(page, 'scene-rule', async () => {
      await waitForScene(page);
      const status = item(page, 'Mixer_2 status');
      await status.and(page.locator('[data-state="Info"]')).waitFor();
      const tagId = await status.getAttribute('data-tag-id');
      await page.waitForTimeout(300);
      const before = await tagColour(page, tagId);
      await screenshot(page, 'scene-viewer-01-running');

      // Mixer_2's status: a series no other spec counts
      const started = Date.now();
      await putValue(service, 'Mixer_2', 'status', { stringValue: 'ALARM' });
      await status.and(page.locator('[data-state="Error"]')).waitFor({ timeout: 1000 });
      let after = await tagColour(page, tagId);
      while (after.join() === before.join() && Date.now() - started < 1000) after = await tagColour(page, tagId);
      assert.notDeepEqual(after, before, `colour ${after} within a second of the alarm, ${before} before`);
      assert.ok(after[0] > after[2], `the Error colour is red-ish: ${after}`);
      assert.match(await status.innerText(), /Mixer_2, Mixer\.status = ALARM, state Error/);
      await screenshot(page, 'scene-viewer-02-alarm');
      await putValue(service, 'Mixer_2', 'status', { stringValue: 'RUNNING' });
      await status.and(page.locator('[data-state="Info"]')).waitFor({ timeout: 2000 });

      // nothing changes now: frameloop="demand" draws nothing
      await page.waitForTimeout(500);
      const renders = await page.evaluate(() => window.__doppelSceneViewer['1'].renders);
      await page.waitForTimeout(1500);
      assert.equal(
        await page.evaluate(() => window.__doppelSceneViewer['1'].renders),
        renders,
        'no renders while idle',
      );
      assertNoPageErrors(page);
    });
  });

  test('clicking a tag on the canvas sets var-sel_entity and the time series follows', async () => {
    const page = await browser.open(DASHBOARD);
    await step(page, 'scene-click', async () => {
      await waitForScene(page);
      await page.locator('[data-testid="data-testid Panel header Temperature of Mixer_0"]').waitFor();
      const tagId = await item(page, 'Mixer_1 temperature').getAttribute('data-tag-id');
      const p = await tagPoint(page, tagId);
      await page.mouse.move(p.x, p.y);
      await page
        .getByTestId('scene-viewer-tooltip')
        .getByText(/Mixer_1 · Mixer · temperature = /)
        .waitFor();
      await page.mouse.click(p.x, p.y);
      await page.waitForURL(/var-sel_entity=Mixer_1/);
      assert.match(page.url(), /var-sel_comp=Mixer/);
      const series = page.locator('[data-testid="data-testid Panel header Temperature of Mixer_1"]');
      await series.and(page.locator('[data-state="Done"]')).waitFor();
      assert.equal(await item(page, 'Mixer_1 temperature').getAttribute('aria-selected'), 'true');
      await screenshot(page, 'scene-viewer-03-selected');

      // the selection follows the variable when it changes elsewhere; Enter in the list selects too
      await page.evaluate(() => window.__host.locationService.partial({ 'var-sel_entity': 'Mixer_2' }, true));
      await item(page, 'Mixer_2 status').and(page.locator('[aria-selected="true"]')).waitFor();
      await item(page, 'Mixer_0 status').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/var-sel_entity=Mixer_0/);
      assertNoPageErrors(page);
    });
  });

  test('a range ending in the past shows the values of then', async () => {
    const call = serviceClient(service);
    // the seed wrote a status a minute; every tenth is IDLE (the last one RUNNING)
    const history = await call('POST', `/workspaces/${WORKSPACE}/entity-properties/history`, {
      entityId: 'Mixer_0',
      componentName: 'Mixer',
      selectedProperties: ['status'],
      startTime: new Date(0).toISOString(),
      endTime: new Date(Date.now() + 60_000).toISOString(),
      maxResults: POINTS_PER_SERIES,
    });
    const idle = history.propertyValues[0].values.filter((v) => v.value.stringValue === 'IDLE').pop();
    const at = Date.parse(idle.time);
    const page = await browser.open(`${DASHBOARD}&from=${at - 3_600_000}&to=${at + 30_000}`);
    await step(page, 'scene-past', async () => {
      await waitForScene(page);
      const status = item(page, 'Mixer_0 status');
      await status.and(page.locator('[data-state="Warning"]')).waitFor();
      assert.match(await status.innerText(), /status = IDLE/);
      assert.match(await page.getByTestId('scene-viewer-time').innerText(), /as of/);
      await screenshot(page, 'scene-viewer-04-past');
      // a minute later the mixer ran again
      await page.evaluate((to) => window.__host.locationService.partial({ to: String(to) }), at + 90_000);
      await status.and(page.locator('[data-state="Info"]')).waitFor();
      assertNoPageErrors(page);
    });
  });

  test('says what is wrong inside the panel: no scene, unknown scene, invalid document', async () => {
    const page = await browser.open(`${DASHBOARD}&var-scene=NoSuchScene`);
    await step(page, 'scene-errors', async () => {
      await page.getByTestId('scene-viewer-message').getByText('Scene NoSuchScene was not found').waitFor();
      // the service may refuse such a document at upload already; if it stores it, the panel names the field
      const stored = await uploadScene(
        'BrokenScene',
        'broken.json',
        JSON.stringify({ specVersion: '1.0', nodes: [{ children: [7] }], rootNodeIndexes: [0] }),
      ).then(
        () => true,
        (e) => {
          assert.match(e.message, /→ 400/);
          return false;
        },
      );
      if (stored) {
        await page.evaluate(() => window.__host.locationService.partial({ 'var-scene': 'BrokenScene' }, true));
        await page
          .getByTestId('scene-viewer-message')
          .getByText(/nodes\[0\]\.children\[0\]/)
          .waitFor();
      }
      await page.evaluate(() => window.__host.locationService.partial({ 'var-scene': '' }, true));
      await page.getByTestId('scene-viewer-message').getByText('No scene selected').waitFor();
    });
  });

  test("the app's Scenes page lists the workspace's scenes and opens one full-page in the viewer", async () => {
    const page = await browser.open('/a/doppel-twin-app/scenes');
    await step(page, 'scene-app-page', async () => {
      const list = page.getByRole('list', { name: 'Scenes' });
      await list.getByText('FactoryScene', { exact: true }).waitFor({ timeout: 15_000 });
      await list.getByRole('listitem').filter({ hasText: 'FactoryScene' }).getByRole('link', { name: 'Open' }).click();
      await page.waitForURL(/\/a\/doppel-twin-app\/scenes\/FactoryScene$/);
      await page.waitForFunction(() => window.__doppelSceneViewer?.['0']?.tagsDrawnAt != null, undefined, {
        timeout: 30_000,
      });
      assert.equal(await page.getByRole('list', { name: 'Scene tags' }).getByRole('listitem').count(), 6);
      const box = await page.getByTestId('scene-page-viewer').boundingBox();
      assert.ok(box.height > 300, `full-page viewer height ${box.height}`);
      await screenshot(page, 'scene-viewer-05-app-page');
      assertNoPageErrors(page);
    });
  });

  test('a Tiles3D model streams its tileset through the data proxy', async () => {
    const glb = fs.readFileSync(path.resolve(import.meta.dirname, '../../../backend-proxy/src/demo/models/mixer.glb'));
    const put = (key, body, type) =>
      created.resources.add(key) &&
      fetch(`${service.url}/doppel/workspaces/${WORKSPACE}/resources/${key}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${service.accessKeyId}:${service.secretAccessKey}`, 'Content-Type': type },
        body,
      }).then((r) => assert.ok(r.ok, `PUT ${key} → ${r.status}`));
    await put('tiles/mixer.glb', glb, 'model/gltf-binary');
    const tileset = {
      asset: { version: '1.1' },
      geometricError: 100,
      root: {
        boundingVolume: { box: [0, 1, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2] },
        geometricError: 0,
        refine: 'REPLACE',
        content: { uri: 'mixer.glb' },
      },
    };
    await put('tiles/tileset.json', JSON.stringify(tileset), 'application/json');
    const scene = {
      specVersion: '1.0',
      version: '1',
      unit: 'meters',
      nodes: [
        {
          name: 'Tiled mixer',
          transform: { position: [0, 0, 0], rotation: [0, 0, 0], scale: [1, 1, 1] },
          components: [{ type: 'ModelRef', uri: 'tiles/tileset.json', modelType: 'Tiles3D' }],
        },
        {
          name: 'Mixer_0 status',
          transform: { position: [0, 3, 0], rotation: [0, 0, 0], scale: [1, 1, 1] },
          components: [
            {
              type: 'Tag',
              valueDataBinding: {
                dataBindingContext: { entityId: 'Mixer_0', componentName: 'Mixer', propertyName: 'status' },
              },
            },
          ],
        },
      ],
      rootNodeIndexes: [0, 1],
    };
    await uploadScene('TilesScene', 'tiles-scene.json', JSON.stringify(scene));
    const page = await browser.open(`${DASHBOARD}&var-scene=TilesScene`);
    await step(page, 'scene-tiles', async () => {
      await waitForScene(page);
      // the mixer's four meshes and the tag's one draw: a placeholder box would be one
      await page.waitForFunction(() => window.__doppelSceneViewer['1'].drawCalls >= 5, undefined, { timeout: 15_000 });
      assert.equal(await page.getByTestId('scene-viewer-warnings').count(), 0);
      await screenshot(page, 'scene-viewer-06-tiles');
    });
  });
});
