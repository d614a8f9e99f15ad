// A property whose values stay in a historian, read through a TwinMaker Lambda data connector
// re-hosted as a local HTTP server (started here): a time-series panel draws its history
// through the host exactly like a stored property's, and a scene tag colours by its latest
// value, following a new value the service's live stream polls from the connector.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoPageErrors, screenshot, service, step, useBrowser } from '../harness.mjs';
import { serviceClient, WORKSPACE } from '../seed.mjs';

const browser = useBrowser();
const call = serviceClient(service);
const TYPE = 'com.example.historian';
const ENTITY = 'Historian_1';
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:e2e-historian';
const CONNECTOR = 'e2e-historian';
const SCENE = 'ConnectorScene';
const SCENE_KEY = 'connector-scene.json';
const POINTS = 30;
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

// the historian: a value a minute for the last half hour, all below the rule's 100
const now = Date.now();
const rows = Array.from({ length: POINTS }, (_, i) => ({ ms: now - (POINTS - i) * 60_000, value: 40 + i }));
let historian;

/** The connector's dataReader, as a Lambda handler answers TwinMaker (string-encoded values, as udq_utils sends). */
function dataReader(event) {
  const from = Date.parse(event.startTime);
  const to = Date.parse(event.endTime);
  let matching = rows.filter((r) => r.ms >= from && r.ms <= to);
  if (event.orderByTime === 'DESCENDING') matching = [...matching].reverse();
  const offset = event.nextToken ? Number(event.nextToken) : 0;
  const page = matching.slice(offset, offset + (event.maxResults ?? 100));
  return {
    propertyValues: event.selectedProperties.map((propertyName) => ({
      entityPropertyReference: { entityId: event.entityId, componentName: event.componentName, propertyName },
      values: page.map((r) => ({ time: new Date(r.ms).toISOString(), value: { doubleValue: String(r.value) } })),
    })),
    nextToken: offset + page.length < matching.length ? String(offset + page.length) : null,
  };
}

const auth = { Authorization: `Bearer ${service.accessKeyId}:${service.secretAccessKey}` };

before(async () => {
  historian = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(dataReader(JSON.parse(body))));
    });
  });
  await new Promise((resolve) => historian.listen(0, '127.0.0.1', resolve));
  await call('PUT', `/doppel/connectors/${CONNECTOR}`, {
    arn: ARN,
    url: `http://127.0.0.1:${historian.address().port}/invoke`,
    pollIntervalMs: 500,
  });
  await call('POST', `/workspaces/${WORKSPACE}/component-types/${TYPE}`, {
    propertyDefinitions: {
      temperature: {
        dataType: { type: 'DOUBLE', unitOfMeasure: 'Celsius' },
        isTimeSeries: true,
        isStoredExternally: true,
      },
    },
    functions: { dataReader: { implementedBy: { lambda: { arn: ARN } } } },
  });
  await call('POST', `/workspaces/${WORKSPACE}/entities`, {
    entityId: ENTITY,
    entityName: 'Historian 1',
    components: { Historian: { componentTypeId: TYPE } },
  });
  const put = await fetch(`${service.url}/doppel/workspaces/${WORKSPACE}/resources/${SCENE_KEY}`, {
    method: 'PUT',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: fs.readFileSync(path.join(FIXTURES, 'scenes', SCENE_KEY), 'utf8'),
  });
  assert.ok(put.ok, `PUT ${SCENE_KEY} → ${put.status}`);
  await call('POST', `/workspaces/${WORKSPACE}/scenes`, {
    sceneId: SCENE,
    contentLocation: `s3://${WORKSPACE}/${SCENE_KEY}`,
  });
});

// the other specs see the workspace as it was seeded
after(async () => {
  await call('DELETE', `/workspaces/${WORKSPACE}/scenes/${SCENE}`).catch(() => {});
  await fetch(`${service.url}/doppel/workspaces/${WORKSPACE}/resources/${SCENE_KEY}`, {
    method: 'DELETE',
    headers: auth,
  }).catch(() => {});
  await call('DELETE', `/workspaces/${WORKSPACE}/entities/${ENTITY}`).catch(() => {});
  await call('DELETE', `/workspaces/${WORKSPACE}/component-types/${TYPE}`).catch(() => {});
  await call('DELETE', `/doppel/connectors/${CONNECTOR}`).catch(() => {});
  await new Promise((resolve) => historian?.close(resolve) ?? resolve());
});

const DASHBOARD = '/d?file=tests/e2e/fixtures/connector-dashboard.json';
const tagItem = (page) =>
  page.getByRole('list', { name: 'Scene tags' }).getByRole('listitem').filter({ hasText: 'Historian_1 temperature' });

/** The dominant saturated colour around the tag on the canvas: [r, g, b]. */
async function tagColour(page, tagId) {
  const p = await page.evaluate((id) => {
    const at = window.__doppelSceneViewer['1'].tagScreenPosition(id);
    const box = document.querySelector('[data-testid="scene-viewer"] canvas').getBoundingClientRect();
    return at && { x: box.left + at.x, y: box.top + at.y };
  }, tagId);
  const png = (await page.screenshot({ clip: { x: p.x - 6, y: p.y - 6, width: 12, height: 12 } })).toString('base64');
  return page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const copy = document.createElement('canvas');
    [copy.width, copy.height] = [image.width, image.height];
    const g = copy.getContext('2d');
    g.drawImage(image, 0, 0);
    const px = g.getImageData(0, 0, copy.width, copy.height).data;
    const counts = new Map();
    for (let i = 0; i < px.length; i += 4) {
      const key = `${px[i]},${px[i + 1]},${px[i + 2]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const rgb = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k.split(',').map(Number));
    return rgb.find(([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) > 60) ?? rgb[0];
  }, png);
}

describe('a property served by a data connector', () => {
  test('a time-series panel draws its history, and a scene tag follows its latest value as the stream polls', async () => {
    const page = await browser.open(DASHBOARD);
    await step(page, 'connector-dashboard', async () => {
      const panel = page.locator('[data-testid="data-testid Panel header Historian temperature"]');
      await panel.and(page.locator('[data-state="Done"]')).waitFor({ timeout: 30_000 });
      const lengths = (await panel.getAttribute('data-series-lengths')).split(',').filter(Boolean).map(Number);
      assert.deepEqual(lengths, [POINTS]);

      await page.waitForFunction(() => window.__doppelSceneViewer?.['1']?.tagsDrawnAt != null, undefined, {
        timeout: 30_000,
      });
      const tag = tagItem(page);
      // the newest value (69) read through the connector: below 100, Info. A tag with no value
      // yet is drawn in its default style (Info too), so wait for the value itself
      await tag
        .filter({ hasText: /temperature = 69\b/ })
        .and(page.locator('[data-state="Info"]'))
        .waitFor({ timeout: 10_000 });
      const tagId = await tag.getAttribute('data-tag-id');
      await page.waitForTimeout(300);
      const before = await tagColour(page, tagId);
      await screenshot(page, 'connectors-01-info');

      // a new value lands in the historian, not in Doppel: the live stream polls it (every 500 ms)
      rows.push({ ms: Date.now(), value: 150 });
      await tag
        .filter({ hasText: /temperature = 150\b/ })
        .and(page.locator('[data-state="Error"]'))
        .waitFor({ timeout: 10_000 });
      const started = Date.now();
      let after = await tagColour(page, tagId);
      while (after.join() === before.join() && Date.now() - started < 2000) after = await tagColour(page, tagId);
      assert.notDeepEqual(after, before, `colour ${after} after the value, ${before} before`);
      assert.ok(after[0] > after[2], `the Error colour is red-ish: ${after}`);
      await screenshot(page, 'connectors-02-error');
      assertNoPageErrors(page);
    });
  });
});
