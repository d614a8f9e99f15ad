// bench:scene's own parts, small: the generated site is what the bench claims (node, tag and
// rule counts, bindings to real properties), and the bare three.js page draws it — every tag
// in one draw, the models one draw per mesh — follows the service's stream, and draws nothing
// while nothing changes. On a service of its own: the other specs count the shared one's workspaces.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchChromium, newPage, screenshot } from '../browser.mjs';
import { startBareServer } from '../bench-scene/server.mjs';
import { benchSite, iconFor, seedBenchSite, valueAt, writeTick } from '../bench-scene/site.mjs';
import { startService } from '../host/service.mjs';

const SMALL = { models: 12, tags: 60 };

describe('bench:scene site generator', () => {
  test('makes the asked number of model nodes and tags, each tag bound and ruled', () => {
    const site = benchSite({ models: 200, tags: 1000 });
    const components = site.document.nodes.flatMap((n) => n.components);
    assert.equal(components.filter((c) => c.type === 'ModelRef').length, 200);
    assert.equal(new Set(components.filter((c) => c.type === 'ModelRef').map((c) => c.uri)).size, 3);
    const tags = components.filter((c) => c.type === 'Tag');
    assert.equal(tags.length, 1000);
    assert.equal(site.bindings.length, 1000);
    for (const tag of tags) {
      const rule = site.document.rules[tag.ruleBasedMapId];
      assert.ok(rule, `rule ${tag.ruleBasedMapId}`);
      assert.ok(rule.statements[0].expression.startsWith(tag.valueDataBinding.dataBindingContext.propertyName));
    }
    const keys = new Set(site.bindings.map((b) => `${b.entityId}/${b.propertyName}`));
    assert.equal(keys.size, 1000, 'no two tags share a property');
  });

  test('values sweep across every icon threshold over time', () => {
    const icons = new Set();
    for (let n = 0; n < 300; n++) icons.add(iconFor(valueAt(0, n)));
    assert.deepEqual([...icons].sort(), ['Error', 'Info', 'Warning']);
  });
});

describe('bench:scene bare page', () => {
  let browser;
  let server;
  let site;
  let service;
  before(async () => {
    service = await startService();
    site = benchSite(SMALL);
    const { uploaded, sceneKey } = await seedBenchSite(service, site);
    server = await startBareServer({ service, site, canvas: { width: 800, height: 500 }, uploaded, sceneKey });
    browser = await launchChromium({ extraArgs: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await service?.close();
  });

  test('draws the site, all tags in one draw, follows values and is idle when nothing changes', async () => {
    const page = await newPage(browser.context);
    await page.goto(server.url);
    await page.waitForFunction(() => window.__bareScene?.allDrawnAt || window.__bareScene?.error, undefined, {
      timeout: 30_000,
    });
    const loaded = await page.evaluate(() => window.__bareScene);
    assert.equal(loaded.error, null);
    assert.equal(loaded.tagDrawCalls, 1);
    // every model node draws one call per mesh of its GLB: more than one per node
    assert.ok(loaded.modelDrawCalls > SMALL.models, `model draws ${loaded.modelDrawCalls}`);

    await page.waitForFunction(() => window.__bareScene.streamOpen, undefined, { timeout: 10_000 });
    await writeTick(service, site, 200);
    await page.waitForFunction((n) => window.__bareScene.valuesApplied >= n, SMALL.tags, { timeout: 10_000 });

    const shot = await screenshot(page, 'bench-scene-bare-small');
    // the screenshot, decoded in the page (a WebGL canvas cannot be read back once presented)
    const png = (await page.screenshot()).toString('base64');
    const distinctColours = await page.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const copy = document.createElement('canvas');
      [copy.width, copy.height] = [image.width, image.height];
      const g = copy.getContext('2d');
      g.drawImage(image, 0, 0);
      const pixels = g.getImageData(0, 0, copy.width, copy.height).data;
      const colours = new Set();
      for (let i = 0; i < pixels.length; i += 4 * 97)
        colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
      return colours.size;
    }, png);
    assert.ok(distinctColours > 20, `the canvas shows a scene (${distinctColours} colours sampled; ${shot})`);

    await new Promise((r) => setTimeout(r, 300)); // the frame the last values asked for
    const rendersBefore = await page.evaluate(() => window.__bareScene.renders);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await page.evaluate(() => window.__bareScene.renders), rendersBefore, 'no renders while idle');
    assert.deepEqual(page.errors, []);
  });
});
